// The heartbeat's packs (docs/protocol.md §6): since 1.3 each may say how the
// agent installed it, as a delta or whole and its size; bodies without it, as
// 1.2 agents send them, read as before.
#include "protocol/answers.hpp"
#include "protocol/messages.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace guichet::sync;

TEST_CASE("heartbeat: each pack's install, delta or whole with its size, round-trips") {
    Heartbeat beat;
    beat.packs.push_back({"anor", 3, PackInstall{"delta", 2, 14'336, 1'800'000'000}});
    beat.packs.push_back({"trelon", 1, PackInstall{"whole", 0, 2'400'000, 1'800'000'100}});
    beat.packs.push_back({"manual", 7, std::nullopt});
    const auto body = to_json(beat);
    CHECK(body.find(R"({"id":"anor","install":{"at":1800000000,"bytes":14336,"from":2,"via":"delta"},"version":3})") !=
          std::string::npos);
    // A pack whose install is unknown is written exactly as 1.2 wrote every pack.
    CHECK(body.find(R"({"id":"manual","version":7})") != std::string::npos);
    auto back = parse_heartbeat(body);
    REQUIRE(back.ok());
    REQUIRE(back->packs.size() == 3);
    REQUIRE(back->packs[0].install);
    CHECK(back->packs[0].install->via == "delta");
    CHECK(back->packs[0].install->from == 2);
    CHECK(back->packs[0].install->bytes == 14'336);
    CHECK(back->packs[0].install->at == 1'800'000'000);
    REQUIRE(back->packs[1].install);
    CHECK(back->packs[1].install->via == "whole");
    CHECK(back->packs[1].install->bytes == 2'400'000);
    CHECK(!back->packs[2].install);
}

TEST_CASE("heartbeat: a 1.2 body reads as before, an unknown way is left out, a malformed install is refused") {
    const std::string old = R"({"queue":{"queued":1,"sending":0,"delivered":5,"purged":0},"oldest_queued":null,)"
                            R"("last_sync":null,"packs":[{"id":"anor","version":2}],"free_disk_bytes":10,)"
                            R"("software_version":"0.9","sent_at":5})";
    auto beat = parse_heartbeat(old);
    REQUIRE(beat.ok());
    REQUIRE(beat->packs.size() == 1);
    CHECK(beat->packs[0].version == 2);
    CHECK(!beat->packs[0].install);

    auto with = [](const std::string& install) {
        return parse_heartbeat(R"({"queue":{},"packs":[{"id":"anor","version":2,"install":)" + install + "}]}");
    };
    // A way a later agent may add: not this hub's business to refuse the heartbeat for it.
    auto later = with(R"({"via":"usb-stick","bytes":5})");
    REQUIRE(later.ok());
    CHECK(!later->packs[0].install);
    // "from" and "at" may be absent.
    auto short_form = with(R"({"via":"whole","bytes":5})");
    REQUIRE(short_form.ok());
    REQUIRE(short_form->packs[0].install);
    CHECK(short_form->packs[0].install->bytes == 5);

    auto no_bytes = with(R"({"via":"delta","from":1})");
    REQUIRE(!no_bytes.ok());
    CHECK(no_bytes.error().message.find("packs[anor].install.bytes") != std::string::npos);
    auto bad_via = with(R"({"via":3,"bytes":5})");
    REQUIRE(!bad_via.ok());
    CHECK(bad_via.error().message.find("packs[anor].install.via") != std::string::npos);
    auto not_object = with("\"delta\"");
    REQUIRE(!not_object.ok());
    CHECK(not_object.error().message.find("packs[anor].install") != std::string::npos);
}

TEST_CASE("heartbeat 1.6: usage days round-trip, a later counter or free text is dropped, a wrong type refused") {
    Heartbeat beat;
    beat.usage.push_back({"2026-11-03", {{"session", "", 0, 12}, {"demarche_abandoned", "inscription-cantine", 3, 2}}});
    const auto body = to_json(beat);
    CHECK(body.find(R"("usage":[{"counts":[["session","",0,12],["demarche_abandoned","inscription-cantine",3,2]],)"
                    R"("day":"2026-11-03"}])") != std::string::npos);
    auto back = parse_heartbeat(body);
    REQUIRE(back.ok());
    REQUIRE(back->usage.size() == 1);
    CHECK(back->usage[0].counts.size() == 2);
    CHECK(back->usage[0].counts[1].index == 3);
    // Without usage, the body is exactly what 1.5 wrote.
    CHECK(to_json(Heartbeat{}).find("usage") == std::string::npos);

    auto with = [](const std::string& usage) { return parse_heartbeat(R"({"queue":{},"usage":)" + usage + "}"); };
    auto dropped = with(R"([{"day":"2026-11-03","counts":[["voice_commands","",0,1],["page_viewed","Jean Dupont",0,1],)"
                        R"(["page_viewed","ANR-7K3Q-9P",0,1],["session","",-1,1],["session","",0,1]]},)"
                        R"({"day":"3 novembre","counts":[["session","",0,1]]}])");
    REQUIRE(dropped.ok());
    REQUIRE(dropped->usage.size() == 1);
    REQUIRE(dropped->usage[0].counts.size() == 1);
    CHECK(dropped->usage[0].counts[0].counter == "session");
    CHECK_FALSE(with(R"({"day":"2026-11-03"})").ok());
    CHECK_FALSE(with(R"([{"day":"2026-11-03","counts":[["session","",0]]}])").ok());
    CHECK_FALSE(with(R"([{"day":"2026-11-03","counts":[["session","",0,"12"]]}])").ok());
}

TEST_CASE("heartbeat 1.6: the hub's answer names the days it stored") {
    auto a = parse_heartbeat_answer(to_json(HeartbeatAnswer{{"2026-11-03", "2026-11-04"}}));
    REQUIRE(a.ok());
    CHECK(a->usage_days == std::vector<std::string>{"2026-11-03", "2026-11-04"});
    CHECK_FALSE(parse_heartbeat_answer(R"({"ok":true})").ok());
}
