// Fault injection (issue #5 acceptance): the hub and the agent run as real
// processes on loopback; the agent talks to the hub through FaultProxy, which
// drops, resets, delays and truncates connections and answers 503, while a
// killer SIGKILLs the agent or the hub at random moments (drawn on the bytes
// the proxy forwarded) and restarts them. Each run submits 1–3 démarches
// (some with attachments over several chunks) while the agent is running and
// asks for a sync through the sync-request file; at the end of every run each
// of its démarches is at the hub exactly once, byte-identical, and opens with
// the partner's key; at the end the hub holds exactly the démarches submitted.
//
// GUICHET_SYNC_FAULT_RUNS (default 100) and GUICHET_SYNC_FAULT_SEED set the
// number of runs and the seed; the seed of a failing run is in the message.
#include "fault_proxy.hpp"
#include "hub/hub_db.hpp"
#include "protocol/messages.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

ChildProcess start_agent(const std::filesystem::path& state, std::uint64_t seed) {
    return ChildProcess::spawn({GUICHET_SYNC_TOOL, "--state", state.string(), "--interval", "3600", "--retry-base", "0",
                                "--timeout-ms", "3000", "--chunk-bytes", "16384", "--seed", std::to_string(seed)},
                               true, true);
}

bool all_delivered(const std::filesystem::path& state, const std::vector<Submitted>& run) {
    auto st = store::Store::open(state / store::kDatabaseFile);
    REQUIRE(st.ok());
    for (const auto& s : run) {
        auto info = st->status_for(s.tracking_code);
        REQUIRE(info.ok());
        REQUIRE(info->has_value());
        auto state_now = (*info)->local_state;
        if (state_now != store::State::delivered && state_now != store::State::purged) return false;
    }
    return true;
}

// Checks one démarche at the hub as its partner sees it.
void check_at_hub(const std::string& hub_url, const DemoPartner& partner, const Submitted& s) {
    auto c = guichet::sync::HubClient::create(hub_url);
    REQUIRE(c.ok());
    c->set_identity({partner.id, partner.signing});
    auto answer = c->send("GET", "/v1/partner/demarches/" + s.uuid, {}, {}, "", {}, 16 << 20);
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    REQUIRE_MESSAGE(answer->status == 200, answer->body);
    auto d = guichet::sync::parse_partner_demarche(answer->body);
    REQUIRE(d.ok());
    CHECK(d->sealed_payload == s.sealed_payload);
    auto opened = crypto::open_sealed(d->sealed_payload, partner.box);
    REQUIRE(opened.ok());
    CHECK(*opened == s.payload);
    REQUIRE(d->attachments.size() == s.attachments.size());
    for (std::size_t i = 0; i < s.attachments.size(); ++i) {
        auto a = c->send("GET", "/v1/partner/demarches/" + s.uuid + "/attachments/" + std::to_string(i), {}, {}, "", {},
                         16 << 20);
        REQUIRE(a.ok());
        Bytes sealed(a->body.begin(), a->body.end());
        CHECK(sealed == s.sealed_attachments[i]);
        auto data = crypto::open_sealed(sealed, partner.box);
        REQUIRE(data.ok());
        CHECK(*data == s.attachments[i]);
    }
}

}  // namespace

TEST_CASE("fault injection: every démarche reaches the hub exactly once through faults and SIGKILLs") {
    const long runs = env_long("GUICHET_SYNC_FAULT_RUNS", 100);
    const auto seed = static_cast<std::uint64_t>(env_long("GUICHET_SYNC_FAULT_SEED", 20261128));
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    auto partner = register_demo_partner(dir / "partner", hub_data);
    auto hub = start_hub(hub_data);
    FaultProxy proxy(seed, 30);
    proxy.set_upstream(hub.port);
    enroll_kiosk_directly(hub_data, state, "http://127.0.0.1:" + std::to_string(proxy.port()));
    std::mt19937_64 rng(seed);
    {
        auto first = submit_demarches(state, 0, partner.id, partner.box.public_key, {}, rng);  // creates the store
    }
    auto agent = start_agent(state, seed);
    int submitted_total = 0, agent_kills = 0, hub_kills = 0, cycles = 0;
    const auto started = now_ms();

    for (long r = 0; r < runs; ++r) {
        std::mt19937_64 run_rng(seed * 1000003 + static_cast<std::uint64_t>(r));
        INFO("run " << r << " (GUICHET_SYNC_FAULT_SEED=" << seed << ")");
        const int n = 1 + static_cast<int>(run_rng() % 3);
        auto run = submit_demarches(state, n, partner.id, partner.box.public_key, {0, 20'000, 45'000}, run_rng);
        submitted_total += n;
        // Kill moments, on the bytes the proxy will have forwarded.
        const auto base = proxy.bytes_up();
        std::optional<std::uint64_t> kill_agent_at, kill_hub_at;
        if (run_rng() % 100 < 35) kill_agent_at = base + run_rng() % 60'000;
        if (run_rng() % 100 < 20) kill_hub_at = base + run_rng() % 60'000;
        write_all(state / "sync-request", as_bytes("test"));

        const auto deadline = now_ms() + 30'000;
        for (;;) {
            REQUIRE_MESSAGE(now_ms() < deadline, ("run stuck; agent said:\n" + agent.output()));
            if (kill_agent_at && proxy.bytes_up() >= *kill_agent_at) {
                kill_agent_at.reset();
                agent.signal(SIGKILL);
                agent.wait();
                ++agent_kills;
                agent = start_agent(state, run_rng() % 1000000);  // a fresh agent starts with a cycle
            }
            if (kill_hub_at && proxy.bytes_up() >= *kill_hub_at) {
                kill_hub_at.reset();
                hub.process.signal(SIGKILL);
                hub.process.wait();
                ++hub_kills;
                hub = start_hub(hub_data);
                proxy.set_upstream(hub.port);
            }
            // A cycle ended: done, or ask for another one.
            if (agent.wait_for("guichet-sync: hub ", 10)) {
                ++cycles;
                if (all_delivered(state, run)) break;
                write_all(state / "sync-request", as_bytes("test"));
            }
            if (!agent.running()) {
                FAIL_CHECK("the agent exited on its own:\n" << agent.output());
                agent = start_agent(state, run_rng() % 1000000);
            }
        }
        for (const auto& s : run) check_at_hub(hub.url, partner, s);
    }

    // Exactly once: the hub holds as many démarches as were submitted (UUIDs are unique there).
    {
        auto db = guichet::sync::hub::HubDb::open(hub_data);
        REQUIRE(db.ok());
        CHECK(db->db().query_int("SELECT count(*) FROM demarche").value() == submitted_total);
        CHECK(db->db().query_int("SELECT count(*) FROM demarche WHERE complete = 0").value() == 0);
    }
    agent.signal(SIGTERM);
    CHECK(agent.wait() == 0);
    MESSAGE(runs << " runs, " << submitted_total << " démarches, " << cycles << " cycles, " << agent_kills
                 << " agent kills, " << hub_kills << " hub kills, proxy: " << proxy.counts().describe() << ", "
                 << (now_ms() - started) << " ms");
}
