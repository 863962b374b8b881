// The pack repository through the real hub and agent: guichet-hub serves
// DATA/repo with Range, guichet-sync --packs installs updates; the agent's HTTP
// transport resumes an interrupted download with a range request.
#include "agent/agent.hpp"
#include "agent/pack_step.hpp"
#include "index.hpp"
#include "repo_state.hpp"
#include "repo_fixture.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <thread>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

struct HubRepo {
    test::RepoFixture f;
    fs::path hub_data = f.dir / "hub";
    fs::path kiosk_state = f.dir / "kiosk-state";
    test::sync::HubProcess hub;

    HubRepo() : hub(start_and_enrol()) {
        f.repo = hub_data / "repo";
        test::write_all(f.packs / "staff.pub", as_bytes(f.key.public_key().to_file_text()));
        auto store = store::Store::open(kiosk_state / store::kDatabaseFile, {});  // the kiosk creates its store
        REQUIRE(store.ok());
    }
    test::sync::HubProcess start_and_enrol() {
        auto h = test::sync::start_hub(hub_data);
        test::sync::enroll_kiosk_directly(hub_data, kiosk_state, h.url);
        return h;
    }
    int sync_once(std::string* out) {
        return test::run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + kiosk_state.string() + " --once --packs " +
                                     f.packs.string(),
                                 out);
    }
};

}  // namespace

TEST_CASE("guichet-sync --packs installs what guichet-pack publish put in the hub's repository") {
    HubRepo h;
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);  // the agent checks against the real clock
    std::string out;
    CHECK_MESSAGE(h.sync_once(&out) == 0, out);
    CHECK(fs::exists(h.f.packs / "test-1.gpk"));
    REQUIRE(h.f.publish(h.f.build(2), "--expires 366") == 0);
    CHECK_MESSAGE(h.sync_once(&out) == 0, out);
    CHECK(fs::exists(h.f.packs / "test-2.gpk"));
    CHECK_FALSE(fs::exists(h.f.packs / "test-1.gpk"));
    CHECK(test::read_all(h.f.packs / "test-2.gpk") == test::read_all(h.f.repo / "packs/test/test-2.gpk"));
}

TEST_CASE("the hub's staff page shows which pack version the kiosk installed and whether it came as a delta") {
    HubRepo h;
    const auto login = test::sync::staff_admin(h.hub_data, h.hub.url);
    auto staff_page = [&] {
        auto page = test::sync::staff_call(h.hub.url, login, "GET", sync::paths::kStaffKiosks);
        REQUIRE(page.status == 200);
        return nlohmann::json::parse(page.body)["kiosks"].at(0)["packs"].at(0);
    };
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);
    std::string out;
    REQUIRE_MESSAGE(h.sync_once(&out) == 0, out);
    const auto whole = fs::file_size(h.f.repo / repo::pack_path("test", 1));
    CHECK(staff_page()["install"]["via"] == "whole");
    CHECK(staff_page()["install"]["bytes"] == whole);
    REQUIRE(h.f.publish(h.f.build(2), "--expires 366") == 0);
    REQUIRE_MESSAGE(h.sync_once(&out) == 0, out);
    const auto delta = fs::file_size(h.f.repo / repo::delta_path("test", 1, 2));
    const auto page = staff_page();
    CHECK_MESSAGE(page["install"]["via"] == "delta", page.dump());
    CHECK(page["install"]["from"] == 1);
    CHECK(page["install"]["bytes"] == delta);
    // The kiosk's record of it, which its heartbeat reads (repo-state.json).
    auto state = repo::load_repo_state(h.kiosk_state);
    REQUIRE(state.ok());
    REQUIRE(state->installs.size() == 1);
    CHECK(state->installs[0].version == 2);
    CHECK(state->installs[0].delta);
    CHECK(state->installs[0].from == 1);
    CHECK(state->installs[0].bytes == delta);
    CHECK(delta < whole);
}

TEST_CASE("over HTTP: ranged chunks, an interrupted download resumes, delta bytes vs whole-pack bytes") {
    HubRepo h;
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);
    const auto pack_size = fs::file_size(h.f.repo / "packs/test/test-1.gpk");
    sync::agent::AgentOptions options;
    options.state_dir = h.kiosk_state;
    auto agent = sync::agent::Agent::open(options);
    REQUIRE_MESSAGE(agent.ok(), (agent.ok() ? "" : agent.error().message));
    repo::HubTransport http(agent->hub(), 4096);  // small chunks: several range requests per file
    test::CountingTransport t(http);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));

    t.budget = fs::file_size(h.f.repo / "index.gpi") + 10000;
    auto first = h.f.update(t, now);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    CHECK(first->packs[0].action == repo::PackAction::failed);
    t.budget.reset();
    const auto before = t.bytes;
    auto second = h.f.update(t, now);
    REQUIRE(second.ok());
    CHECK(second->packs[0].action == repo::PackAction::installed_whole);
    CHECK(t.bytes - before - fs::file_size(h.f.repo / "index.gpi") == pack_size - 10000);  // only the rest
    CHECK(t.requests.back().offset == 10000);

    REQUIRE(h.f.publish(h.f.build(2), "--expires 366") == 0);
    const auto whole = fs::file_size(h.f.repo / "packs/test/test-2.gpk");
    const auto third_before = t.bytes;
    auto third = h.f.update(t, now);
    REQUIRE(third.ok());
    CHECK(third->packs[0].action == repo::PackAction::installed_from_delta);
    const auto delta_bytes = t.bytes - third_before;
    MESSAGE("update of the test pack over HTTP: ", delta_bytes, " bytes (index + delta) vs ", whole, " for the whole pack");
    CHECK(delta_bytes < whole / 4);
}

TEST_CASE("over HTTP: a delta the hub lists but lost (404) gives way to the whole pack") {
    HubRepo h;
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);
    std::string out;
    REQUIRE_MESSAGE(h.sync_once(&out) == 0, out);
    REQUIRE(h.f.publish(h.f.build(2), "--expires 366") == 0);
    REQUIRE(fs::remove(h.f.repo / repo::delta_path("test", 1, 2)));
    CHECK_MESSAGE(h.sync_once(&out) == 0, out);  // installed: no error for the cycle
    CHECK(test::read_all(h.f.packs / "test-2.gpk") == test::read_all(h.f.repo / "packs/test/test-2.gpk"));
    CHECK_FALSE(fs::exists(h.f.packs / "test-1.gpk"));
}

TEST_CASE("SIGTERM during a pack download stops the agent at once and keeps the part file to resume") {
    HubRepo h;
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);
    const auto pack_size = fs::file_size(h.f.repo / "packs/test/test-1.gpk");
    // 1,000 bytes per second: the download takes minutes, SIGTERM lands in its middle.
    auto agent = test::sync::ChildProcess::spawn({GUICHET_SYNC_TOOL, "--state", h.kiosk_state.string(), "--packs",
                                                  h.f.packs.string(), "--interval", "3600", "--max-rate", "8",
                                                  "--pack-chunk-bytes", "4096"},
                                                 true, true);
    const auto incoming = h.f.packs / ".incoming";
    auto part_bytes = [&]() -> std::uintmax_t {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(incoming, ec))
            if (e.path().extension() == ".part") return fs::file_size(e.path(), ec);
        return 0;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (part_bytes() < 4096 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE_MESSAGE(part_bytes() >= 4096, agent.output());
    const auto sent = std::chrono::steady_clock::now();
    agent.signal(SIGTERM);
    CHECK(agent.wait(10000) == 0);
    CHECK(std::chrono::steady_clock::now() - sent < std::chrono::seconds(2));
    const auto kept = part_bytes();
    CHECK(kept >= 4096);
    CHECK(kept < pack_size);
    CHECK_FALSE(fs::exists(h.f.packs / "test-1.gpk"));
    // The next run, uncapped, finishes it.
    std::string out;
    CHECK_MESSAGE(h.sync_once(&out) == 0, out);
    CHECK(test::read_all(h.f.packs / "test-1.gpk") == test::read_all(h.f.repo / "packs/test/test-1.gpk"));
}

TEST_CASE("the repository routes refuse unauthenticated requests and names outside the repository") {
    HubRepo h;
    REQUIRE(h.f.publish(h.f.build(1), "--expires 366") == 0);
    auto client = sync::HubClient::create(h.hub.url);
    REQUIRE(client.ok());
    auto anonymous = client->send("GET", "/v1/repo/index.gpi");
    REQUIRE(anonymous.ok());
    CHECK(anonymous->status == 401);
    sync::agent::AgentOptions options;
    options.state_dir = h.kiosk_state;
    auto agent = sync::agent::Agent::open(options);
    REQUIRE(agent.ok());
    auto escape = agent->hub().send("GET", "/v1/repo/../hub.db");
    REQUIRE(escape.ok());
    CHECK(escape->status != 200);
    auto missing = agent->hub().send("GET", "/v1/repo/packs/test/test-9.gpk");
    REQUIRE(missing.ok());
    CHECK(missing->status == 404);
}
