// Signed kiosk feeds (docs/feeds.md): the format's checks in process, then the
// whole path through real processes — `guichet-hub publish-feed`, the hub's
// route, `guichet-sync` writing STATE/feeds/<kind>.gfd — and the refusals of a
// tampered, expired or rolled-back feed served by the hub.
#include "agent/agent.hpp"
#include "common/file.hpp"
#include "feeds/feed.hpp"
#include "feeds/feed_publish.hpp"
#include "agent/feed_step.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>

#include <ctime>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kCreated = 1'800'000'000;

feeds::Feed sample_feed(std::uint64_t version = 1, std::string kind = "jobs") {
    feeds::Feed f;
    f.kind = std::move(kind);
    f.version = version;
    f.created = kCreated;
    f.expires = kCreated + 7 * 86400;
    feeds::FeedItem job;
    job.id = "agent-accueil-2026";
    job.fields = {{"title", "Agent d’accueil (H/F)"}, {"employer", "Mairie d’Anor"}, {"contract", "CDD 6 mois"},
                  {"posted", "2027-01-10"}, {"expires", "2027-02-10"}, {"place", "Anor"}};
    if (f.kind == "jobs") f.items.push_back(job);
    return f;
}

std::string text_of(const fs::path& p) { return test::to_string(test::read_all(p)); }

}  // namespace

TEST_CASE("a feed verifies with the pack key and is refused when tampered, unsigned by a trusted key or relabelled") {
    const auto key = crypto::SecretKey::generate();
    const auto ring = test::ring_of(key);
    const std::string file = feeds::sign_feed(sample_feed(), key);
    auto ok = feeds::verify_feed_file(file, ring);
    REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error().message));
    CHECK(ok->kind == "jobs");
    CHECK(ok->items.size() == 1);
    CHECK(ok->items[0].field("employer") == "Mairie d’Anor");

    std::string tampered = file;
    tampered[tampered.find("CDD 6 mois")] = 'X';
    CHECK_FALSE(feeds::verify_feed_file(tampered, ring).ok());
    CHECK_FALSE(feeds::verify_feed_file(file, test::ring_of(crypto::SecretKey::generate())).ok());
    CHECK_FALSE(feeds::verify_feed_file(file.substr(0, file.size() - 1), ring).ok());
    // A genuine signature over the same body but with another purpose (a pack index's comment).
    const std::string body = sample_feed().to_json();
    const auto other = crypto::sign(key, as_bytes(body), "guichet feed", "guichet pack index version=1");
    auto relabelled = feeds::verify_feed_file(other.to_file_text() + body, ring);
    REQUIRE_FALSE(relabelled.ok());
    CHECK(relabelled.error().message.find("trusted comment") != std::string::npos);
    CHECK_FALSE(feeds::verify_feed_file(std::string(feeds::kMaxFeedSize + 1, 'x'), ring).ok());
}

TEST_CASE("accept_feed refuses an expired feed, another kind, a rollback and a same-version substitute") {
    const auto key = crypto::SecretKey::generate();
    const auto ring = test::ring_of(key);
    const std::string v1 = feeds::sign_feed(sample_feed(1), key);
    const std::string v2 = feeds::sign_feed(sample_feed(2), key);
    const std::int64_t now = kCreated + 60;
    CHECK(feeds::accept_feed(v1, "jobs", ring, now, std::nullopt).ok());
    CHECK(feeds::accept_feed(v2, "jobs", ring, now, v1).ok());
    CHECK(feeds::accept_feed(v2, "jobs", ring, now, v2).ok());  // the same file again: no change

    auto expired = feeds::accept_feed(v1, "jobs", ring, kCreated + 7 * 86400, std::nullopt);
    REQUIRE_FALSE(expired.ok());
    CHECK(expired.error().message.find("expired") != std::string::npos);
    auto kind = feeds::accept_feed(v1, "events", ring, now, std::nullopt);
    REQUIRE_FALSE(kind.ok());
    CHECK(kind.error().message.find("asked for 'events'") != std::string::npos);
    auto rollback = feeds::accept_feed(v1, "jobs", ring, now, v2);
    REQUIRE_FALSE(rollback.ok());
    CHECK(rollback.error().message.find("rollback refused") != std::string::npos);
    auto other = sample_feed(2);
    other.items[0].fields["title"] = "Autre offre";
    auto substitute = feeds::accept_feed(feeds::sign_feed(other, key), "jobs", ring, now, v2);
    REQUIRE_FALSE(substitute.ok());
    CHECK(substitute.error().message.find("same version") != std::string::npos);
}

TEST_CASE("feed items are checked per kind: required members, dates, durations, unique ids") {
    feeds::FeedItem event{"fete-musique", {{"title", "Fête de la musique"}, {"date_start", "2027-06-21"}}};
    CHECK(feeds::check_item("events", event).ok());
    event.fields["date_end"] = "2027-06-20";
    CHECK_FALSE(feeds::check_item("events", event).ok());
    feeds::FeedItem slot{"ft-0312-1000", {{"title", "Conseiller emploi"}, {"agency", "France Travail Fourmies"},
                                          {"start", "2027-03-12T10:00"}, {"duration_min", "30"}}};
    CHECK(feeds::check_item("slots", slot).ok());
    slot.fields["start"] = "2027-03-12 10:00";
    CHECK_FALSE(feeds::check_item("slots", slot).ok());
    slot.fields["start"] = "2027-03-12T10:00";
    slot.fields["duration_min"] = "0";
    CHECK_FALSE(feeds::check_item("slots", slot).ok());
    feeds::FeedItem bad{"Majuscules", {{"title", "x"}, {"date_start", "2027-01-01"}}};
    CHECK_FALSE(feeds::check_item("events", bad).ok());
}

TEST_CASE("publish-feed source errors name the file and the line") {
    test::TempDir dir;
    const auto src = dir / "jobs.json";
    auto error_of = [&](const std::string& text) {
        test::write_all(src, as_bytes(text));
        auto r = feeds::read_feed_source(src, "jobs");
        return r.ok() ? std::string("accepted") : r.error().message;
    };
    const std::string good =
        "{\"id\": \"a\", \"title\": \"T\", \"employer\": \"E\", \"contract\": \"CDI\", \"posted\": \"2027-01-01\", "
        "\"expires\": \"2027-02-01\"}";
    CHECK(error_of("{\"items\": [\n" + good + "\n]}") == "accepted");
    CHECK(error_of("{\"items\": [\n" + good + ",\n  {\"id\": \"b\",\n \"title\": \"T\"}\n]}") ==
          src.string() + ":3: item 2 ('b'): missing member 'employer'");
    CHECK(error_of("{\"items\": [\n" + good + ",\n" + good + "\n]}") ==
          src.string() + ":3: item 2 ('a'): id 'a' is used by an earlier item");
    CHECK(error_of("{\"items\": [\n\n {\"id\": \"a\", \"title\": 3}]}").rfind(src.string() + ":3: item 1", 0) == 0);
    const std::string syntax = error_of("{\"items\": [\n\n {\"id\": \"a\",, }]}");
    CHECK_MESSAGE(syntax.rfind(src.string() + ":3: not valid JSON", 0) == 0, syntax);
    CHECK(error_of("[]") == src.string() + ":1: expected an object {\"items\": [ … ]}");
}

TEST_CASE("end to end: guichet-hub publish-feed, then guichet-sync writes the verified feed into the state directory") {
    test::TempDir dir;
    const fs::path hub_data = dir / "hub", state = dir / "kiosk-state", keys = dir / "keys";
    const auto key = crypto::SecretKey::generate();
    REQUIRE(key.save_unencrypted(dir / "staff.key").ok());
    fs::create_directories(keys);
    test::write_all(keys / "staff.pub", as_bytes(key.public_key().to_file_text()));
    auto hub = test::sync::start_hub(hub_data);
    test::sync::enroll_kiosk_directly(hub_data, state, hub.url);

    const auto src = dir / "emplois.json";
    test::write_all(src, as_bytes(std::string(
                             "{\"items\": [{\"id\": \"agent-accueil\", \"title\": \"Agent d’accueil\", \"employer\": "
                             "\"Mairie d’Anor\", \"contract\": \"CDD\", \"posted\": \"2027-01-10\", \"expires\": "
                             "\"2027-02-10\"}]}")));
    const std::string publish = std::string(GUICHET_HUB_TOOL) + " publish-feed --data " + hub_data.string() +
                                " --kind jobs --key " + (dir / "staff.key").string() + " " + src.string();
    std::string out;
    REQUIRE_MESSAGE(test::run_command(publish, &out) == 0, out);
    CHECK(out.find("feed 'jobs' version 1 published: 1 items") != std::string::npos);
    const fs::path served = hub_data / "feeds/jobs.gfd";

    const std::string sync = std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once --keys " +
                             keys.string();
    CHECK_MESSAGE(test::run_command(sync, &out) == 0, out);
    const fs::path held = state / "feeds/jobs.gfd";
    REQUIRE(fs::exists(held));
    CHECK(test::read_all(held) == test::read_all(served));
    CHECK_FALSE(fs::exists(state / "feeds/events.gfd"));  // nothing published: nothing written

    REQUIRE_MESSAGE(test::run_command(publish, &out) == 0, out);  // version 2
    CHECK(out.find("version 2") != std::string::npos);
    const std::string v2 = text_of(served);

    // The HTTP route through the agent's own client: 200, then 304 for the held file.
    sync::agent::AgentOptions options;
    options.state_dir = state;
    auto agent = sync::agent::Agent::open(options);
    REQUIRE(agent.ok());
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    const auto ring = test::ring_of(key);
    using Outcome = feeds::FeedFetch::Outcome;
    auto first = feeds::fetch_feeds(agent->hub(), state, ring, now);
    REQUIRE(first.size() == 3);
    CHECK(first[0].outcome == Outcome::installed);
    CHECK(first[0].version == 2);
    CHECK(first[1].outcome == Outcome::none_published);
    CHECK(text_of(held) == v2);
    CHECK(feeds::fetch_feeds(agent->hub(), state, ring, now)[0].outcome == Outcome::unchanged);

    // What a compromised hub could serve: each refused, the held file kept.
    auto refused_with = [&](const std::string& served_text) {
        test::write_all(served, as_bytes(served_text));
        auto r = feeds::fetch_feeds(agent->hub(), state, ring, now)[0];
        CHECK(text_of(held) == v2);
        return r.outcome == Outcome::refused ? r.message : std::string("not refused");
    };
    std::string tampered = v2;
    tampered[tampered.find("Mairie")] = 'm';
    CHECK(refused_with(tampered).find("signature") != std::string::npos);
    CHECK(refused_with(feeds::sign_feed(sample_feed(1), key)).find("rollback refused") != std::string::npos);
    auto stale = sample_feed(3);
    stale.created = now - 86400;
    stale.expires = now - 1;
    CHECK(refused_with(feeds::sign_feed(stale, key)).find("expired") != std::string::npos);
    CHECK(refused_with(feeds::sign_feed(sample_feed(3, "events"), key)).find("asked for 'jobs'") != std::string::npos);
    // The next genuine publication is taken again.
    test::write_all(served, as_bytes(v2));
    REQUIRE_MESSAGE(test::run_command(publish, &out) == 0, out);
    CHECK_MESSAGE(out.find("version 3") != std::string::npos, out);
    auto next = feeds::fetch_feeds(agent->hub(), state, ring, now)[0];
    CHECK(next.outcome == Outcome::installed);
    CHECK(next.version == 3);
}
