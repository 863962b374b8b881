// The kiosk's printer in the heartbeat (protocol 1.6, docs/print.md §9): the
// print worker writes STATE/printer-status.json, the agent sends it, the hub's
// staff page lists a kiosk whose printer has a problem.
#include "agent/agent.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <fstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

TEST_CASE("agent: the heartbeat carries the printer's state, and the staff page shows a printer out of paper") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    const std::int64_t now = std::time(nullptr);
    agent::AgentOptions options;
    options.state_dir = state;
    options.clock = [now] { return now; };
    auto ag = agent::Agent::open(options);
    REQUIRE(ag.ok());

    // No printer configured: no member at all (older hubs see the same heartbeat as before).
    auto before = agent::current_heartbeat(ag->store(), options, now);
    REQUIRE(before.ok());
    CHECK_FALSE(before->printer.has_value());
    CHECK(to_json(*before).find("\"printer\"") == std::string::npos);

    std::ofstream(state / agent::kPrinterStatusFile)
        << R"({"format": 1, "state": "no-paper", "message": "plus de papier", "detail": "media-empty-error", "at": 1800000000})";
    auto beat = agent::current_heartbeat(ag->store(), options, now);
    REQUIRE(beat.ok());
    auto parsed = parse_heartbeat(to_json(*beat));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->printer.has_value());
    CHECK(parsed->printer->state == "no-paper");
    CHECK(parsed->printer->detail == "media-empty-error");
    CHECK(parsed->printer->at == 1'800'000'000);

    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    const auto login = staff_admin(dir / "hub", hub.url());
    auto page = staff_call(hub.url(), login, "GET", paths::kStaffKiosks);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("Imprimante : plus de papier") != std::string::npos);

    // A damaged file is ignored, never fatal to the heartbeat.
    std::ofstream(state / agent::kPrinterStatusFile) << "{not json";
    auto damaged = agent::current_heartbeat(ag->store(), options, now);
    REQUIRE(damaged.ok());
    CHECK_FALSE(damaged->printer.has_value());
}
