// The agent's retry policy and outbox against an in-process hub: backoff
// with jitter kept in the store, one agent per kiosk, a killed agent's claims
// requeued at start, a step added by another module runs in its place.
#include "agent/agent.hpp"
#include "hub/hub_db.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ctime>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

agent::AgentOptions options_for(const std::filesystem::path& state, std::int64_t now) {
    agent::AgentOptions o;
    o.state_dir = state;
    o.retry_base_seconds = 10;
    o.retry_cap_seconds = 3600;
    o.seed = 5;
    o.clock = [now] { return now; };
    return o;
}

}  // namespace

TEST_CASE("agent: retry delay doubles from the base, stops at the cap, jitter in [0.5, 1]") {
    CHECK(agent::retry_delay_seconds(1, 10, 3600, 1.0) == 10);
    CHECK(agent::retry_delay_seconds(2, 10, 3600, 1.0) == 20);
    CHECK(agent::retry_delay_seconds(4, 10, 3600, 1.0) == 80);
    CHECK(agent::retry_delay_seconds(4, 10, 3600, 0.5) == 40);
    CHECK(agent::retry_delay_seconds(20, 10, 3600, 1.0) == 3600);
    CHECK(agent::retry_delay_seconds(1000, 10, 3600, 0.75) == 2700);
    CHECK(agent::retry_delay_seconds(0, 10, 3600, 1.0) == 10);
    CHECK(agent::retry_delay_seconds(3, 0, 3600, 1.0) == 0);
    CHECK(agent::retry_delay_seconds(1, 10, 3600, 7.0) == 10);  // jitter clamped
}

TEST_CASE("agent: a refused démarche waits for its retry, a second agent is refused, a killed agent's claims return") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    auto kiosk = enroll_kiosk_directly(dir / "hub", state, hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    std::mt19937_64 rng(1);
    auto submitted = submit_demarches(state, 2, partner.id, partner.box.public_key, {0}, rng);
    const std::int64_t now = std::time(nullptr);

    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db->revoke(kiosk, now).value());
    }
    {
        auto ag = agent::Agent::open(options_for(state, now));
        REQUIRE_MESSAGE(ag.ok(), (ag.ok() ? "" : ag.error().message));
        // One agent per kiosk.
        auto second = agent::Agent::open(options_for(state, now));
        REQUIRE(!second.ok());
        CHECK(second.error().message.find("another guichet-sync is running") != std::string::npos);

        std::atomic<bool> stop{false};
        auto report = ag->run_cycle(stop);
        CHECK(report.line_up);
        CHECK(report.delivered == 0);
        CHECK(report.failed == 1);  // the drain stops at the first failure
        auto q = ag->store().queue_summary(now);
        REQUIRE(q.ok());
        CHECK(q->queued == 2);
        REQUIRE(!q->errors.empty());
        CHECK(q->errors[0].error.find("HTTP 403") != std::string::npos);
        // Due again between now + 5 s and now + 10 s (base 10, first attempt, jitter ≥ 0.5).
        auto early = ag->store().claim_next_batch(10, now + 4);
        REQUIRE(early.ok());
        CHECK(early->size() == 1);  // only the one never tried
        REQUIRE(ag->store().mark_failed((*early)[0].uuid, "put back", now).ok());
        auto due = ag->store().claim_next_batch(10, now + 10);
        REQUIRE(due.ok());
        CHECK(due->size() == 2);
        // The agent "dies" here with both claimed ('sending').
    }
    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db->add_partner("unused", RequestKey::generate().public_key(), now).ok());
        REQUIRE(db->db().exec("UPDATE client SET revoked_at = NULL WHERE kind = 'kiosk'").ok());
    }
    // A new agent requeues them at start instead of waiting for the 15-minute lease.
    auto ag = agent::Agent::open(options_for(state, now + 10));
    REQUIRE(ag.ok());
    auto q = ag->store().queue_summary(now + 10);
    CHECK(q->sending == 0);
    CHECK(q->queued == 2);

    // A step from another module runs where it was inserted.
    std::vector<std::string> order;
    ag->add_step({"extra",
                  [&](agent::CycleContext&) -> Result<void> {
                      order.push_back("extra");
                      return {};
                  }},
                 "statuses");
    std::vector<std::string> names;
    for (const auto& s : ag->steps()) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"probe", "outbox", "purge", "extra", "statuses", "heartbeat"});
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    CHECK(report.delivered == 2);
    CHECK(order.size() == 1);
}

TEST_CASE("agent: enrolment checks the state directory before spending the token") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    std::string token;
    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db.ok());
        auto t = db->create_enroll_token(std::time(nullptr), 3600);
        REQUIRE(t.ok());
        token = *t;
    }
    // A state directory that cannot be created (its parent is a file).
    test::write_all(dir / "not-a-dir", Bytes{1, 2, 3});
    auto refused = agent::enroll(dir / "not-a-dir" / "kiosk", hub.url(), token, "borne");
    REQUIRE(!refused.ok());
    CHECK(refused.error().message.find("cannot create it") != std::string::npos);
    CHECK(refused.error().message.find("the token is still valid") != std::string::npos);

    // A state directory where the key cannot be written (root ignores modes: its temporary name is a directory).
    const auto blocked = dir / "blocked";
    std::filesystem::create_directories(blocked / "sync-key.pending.tmp");
    auto unwritable = agent::enroll(blocked, hub.url(), token, "borne");
    REQUIRE(!unwritable.ok());
    CHECK(unwritable.error().message.find("cannot write the kiosk's key") != std::string::npos);
    CHECK(unwritable.error().message.find("the token is still valid") != std::string::npos);
    CHECK(!std::filesystem::exists(blocked / "sync.json"));

    // The same token then enrols a kiosk whose state directory did not exist yet.
    const auto state = dir / "new" / "kiosk";
    auto id = agent::enroll(state, hub.url(), token, "borne");
    REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().message));
    CHECK(agent::enrolled_kiosk_id(state).value() == *id);
    CHECK(std::filesystem::exists(state / agent::kKeyFile));
    CHECK(!std::filesystem::exists(state / "sync-key.pending"));
    // And it is spent now.
    auto again = agent::enroll(dir / "other", hub.url(), token, "borne");
    REQUIRE(!again.ok());
    CHECK(again.error().message.find("enrolment refused") != std::string::npos);
}

TEST_CASE("agent: the heartbeat carries the packs waiting for a backoff, and the staff page shows them") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    const std::int64_t now = std::time(nullptr);
    auto options = options_for(state, now);
    options.pack_problems = [] {
        return std::vector<PackProblem>{{"anor", 4, 2, 1'900'000'000, "packs/anor/anor-4.gpk: content does not match"}};
    };
    auto ag = agent::Agent::open(options);
    REQUIRE(ag.ok());
    auto beat = agent::current_heartbeat(ag->store(), options, now);
    REQUIRE(beat.ok());
    auto parsed = parse_heartbeat(to_json(*beat));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->pack_problems.size() == 1);
    CHECK(parsed->pack_problems[0].id == "anor");
    CHECK(parsed->pack_problems[0].failures == 2);
    CHECK(parsed->pack_problems[0].retry_at == 1'900'000'000);
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    const auto login = staff_admin(dir / "hub", hub.url());
    auto page = staff_call(hub.url(), login, "GET", paths::kStaffKiosks);
    REQUIRE(page.status == 200);
    auto kiosk = nlohmann::json::parse(page.body)["kiosks"].at(0);
    REQUIRE(kiosk["pack_problems"].size() == 1);
    CHECK(kiosk["pack_problems"][0]["version"] == 4);
    CHECK(kiosk["pack_problems"][0]["failures"] == 2);
    CHECK(kiosk["pack_problems"][0]["error"].get<std::string>().find("content does not match") != std::string::npos);
    CHECK(page.body.find("Mise à jour du pack « anor » v4 en échec (2 essais)") != std::string::npos);
}

TEST_CASE("agent: the heartbeat says how each pack was installed, and the staff page shows it per kiosk") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    const std::int64_t now = std::time(nullptr);
    auto options = options_for(state, now);
    options.pack_versions = [] {
        return std::vector<PackVersion>{{"anor", 3, PackInstall{"delta", 2, 14'336, 1'800'000'000}},
                                        {"trelon", 1, PackInstall{"whole", 0, 2'400'000, 1'800'000'000}},
                                        {"manuel", 5, std::nullopt}};
    };
    auto ag = agent::Agent::open(options);
    REQUIRE(ag.ok());
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    const auto login = staff_admin(dir / "hub", hub.url());
    auto page = staff_call(hub.url(), login, "GET", paths::kStaffKiosks);
    REQUIRE(page.status == 200);
    const auto packs = nlohmann::json::parse(page.body)["kiosks"].at(0)["packs"];
    REQUIRE(packs.size() == 3);
    CHECK(packs[0] == nlohmann::json::parse(R"({"id":"anor","version":3,"install":{"via":"delta","from":2,"bytes":14336}})"));
    CHECK(packs[1]["install"]["via"] == "whole");
    CHECK(packs[1]["install"]["bytes"] == 2'400'000);
    CHECK_FALSE(packs[2].contains("install"));  // installed by hand: nothing more to say
    auto client = HubClient::create(hub.url());
    REQUIRE(client.ok());
    auto metrics = client->send("GET", "/metrics");
    REQUIRE(metrics.ok());
    const auto kiosk = agent::enrolled_kiosk_id(state).value();
    CHECK(metrics->body.find("guichet_kiosk_pack_version{kiosk=\"" + kiosk + "\",pack=\"anor\",via=\"delta\"} 3") !=
          std::string::npos);
    CHECK(metrics->body.find("pack=\"manuel\",via=\"unknown\"} 5") != std::string::npos);
}
