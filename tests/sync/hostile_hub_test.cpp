// A client built for hostile servers (issue #21, docs/protocol.md §7.1):
// HubClient against a fake hub on loopback (header caps, deadline, body cap,
// stop token, keep-alive), then the real guichet-sync process under each
// attack — endless answer headers, one header line every interval, an endless
// body, a hub that never answers — with its resident memory sampled (under
// 64 MiB), SIGTERM sent during the attack (exit within 2 s) and its store
// checked afterwards (nothing marked delivered, nothing left 'sending').
#include "fake_hub.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

long long ms_since(Clock::time_point t) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - t).count();
}

HubClient client(const FakeHub& hub, milliseconds deadline = milliseconds(5000), const StopToken* stop = nullptr) {
    HubClientOptions o;
    o.deadline = deadline;
    o.stop = stop;
    auto c = HubClient::create(hub.url(), o);
    REQUIRE(c.ok());
    return std::move(*c);
}

// VmRSS of PID in KiB; 0 once it is gone.
long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
    return 0;
}

// Samples a process's VmRSS every 20 ms until stopped; keeps the highest.
class RssSampler {
public:
    explicit RssSampler(pid_t pid)
        : thread_([this, pid] {
              while (!done_) {
                  peak_ = std::max(peak_.load(), rss_kib(pid));
                  std::this_thread::sleep_for(milliseconds(20));
              }
          }) {}
    ~RssSampler() { finish(); }
    long finish() {
        done_ = true;
        if (thread_.joinable()) thread_.join();
        return peak_;
    }

private:
    std::atomic<bool> done_{false};
    std::atomic<long> peak_{0};
    std::thread thread_;
};

// The agent under test: GUICHET_HOSTILE_AGENT names another build of guichet-sync
// (e.g. the release one, to measure its memory without the sanitizers' overhead).
std::string agent_tool() {
    const char* other = std::getenv("GUICHET_HOSTILE_AGENT");
    return other && *other ? other : GUICHET_SYNC_TOOL;
}

// Under AddressSanitizer the process starts at about 80 MiB (shadow memory,
// quarantine): the bound then applies to the growth from the first attack on.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

struct AttackRun {
    long start_rss_kib = 0;  // when the first attack began
    long peak_rss_kib = 0;
    long long exit_ms = -1;  // SIGTERM to exit
    int exit_status = -2;
    std::string output;
};

constexpr int kDemarches = 3;

// An enrolled kiosk with queued démarches whose hub is FAKE; guichet-sync runs
// against it with ARGS, SIGTERM is sent once an attack has been under way for
// a while, and the store is checked after the exit. BEFORE_SIGTERM runs while
// the agent is attacked (e.g. to wait for its log line).
AttackRun run_agent_against(FakeHub& fake, const std::vector<std::string>& args,
                            const std::function<void(ChildProcess&)>& before_sigterm = {}) {
    TempDir dir;
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, fake.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    std::mt19937_64 rng(7);
    submit_demarches(state, kDemarches, partner.id, partner.box.public_key, {0, 5000}, rng);

    std::vector<std::string> argv{agent_tool(), "--state", state.string(), "--interval", "1", "--retry-base", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto agent = ChildProcess::spawn(argv, true, true);
    RssSampler sampler(agent.pid());
    AttackRun run;
    REQUIRE_MESSAGE(fake.wait_attacks(1, milliseconds(20000)), agent.output());
    run.start_rss_kib = rss_kib(agent.pid());
    if (before_sigterm) before_sigterm(agent);
    // An attack in progress, for a moment: SIGTERM lands in the middle of it.
    REQUIRE_MESSAGE(fake.wait_attack_in_progress(milliseconds(20000)), agent.output());
    std::this_thread::sleep_for(milliseconds(300));
    agent.drain();
    const auto sent = Clock::now();
    agent.signal(SIGTERM);
    run.exit_status = agent.wait(10000);
    run.exit_ms = ms_since(sent);
    run.peak_rss_kib = sampler.finish();
    run.output = agent.output();

    // The store: nothing delivered (the fake hub never acknowledged), nothing left 'sending'.
    auto store = store::Store::open(state / store::kDatabaseFile, {});
    REQUIRE(store.ok());
    auto q = store->queue_summary(std::time(nullptr));
    REQUIRE(q.ok());
    CHECK(q->delivered == 0);
    CHECK(q->sending == 0);
    CHECK(q->queued == kDemarches);
    return run;
}

void check_run(const AttackRun& run) {
    INFO(run.output);
    CHECK(run.exit_status == 0);
    CHECK(run.exit_ms < 2000);
    CHECK(run.peak_rss_kib > 0);
    const bool sanitized = kSanitized && !std::getenv("GUICHET_HOSTILE_AGENT");
    if (sanitized)
        CHECK(run.peak_rss_kib - run.start_rss_kib < 64 * 1024);
    else
        CHECK(run.peak_rss_kib < 64 * 1024);
    MESSAGE("VmRSS " << run.start_rss_kib << " KiB at the first attack, peak " << run.peak_rss_kib << " KiB; exit "
                     << run.exit_ms << " ms after SIGTERM" << std::string(sanitized ? " (sanitized build)" : ""));
}

}  // namespace

TEST_CASE("hostile hub: HubClient keeps its connection and reads a normal answer") {
    FakeHub fake({FakeHubMode::ok});
    auto c = client(fake);
    for (int i = 0; i < 3; ++i) {
        auto a = c.send("POST", "/v1/kiosk/heartbeat", {}, as_bytes(std::string("{}")), "application/json");
        REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
        CHECK(a->status == 200);
        CHECK(a->body == "{\"ok\":true}");
        CHECK(a->header("content-type") == "application/json");
    }
    CHECK(fake.connections_accepted() == 1);
}

TEST_CASE("hostile hub: HubClient caps the count of answer headers") {
    FakeHubOptions o;
    o.mode = FakeHubMode::many_headers;
    o.ping_ok = false;
    o.header_count = 90;  // with the status line and Content-Length: under 100 lines
    {
        FakeHub fake(o);
        auto a = client(fake).send("GET", "/v1/ping");
        REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
        CHECK(a->status == 200);
        CHECK(a->header("X-H89").size() > 0);
    }
    o.header_count = 150;
    FakeHub fake(o);
    auto a = client(fake).send("GET", "/v1/ping");
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("answer headers over 100 lines") != std::string::npos);
}

TEST_CASE("hostile hub: HubClient caps the bytes of answer headers") {
    FakeHubOptions o;
    o.mode = FakeHubMode::many_headers;
    o.ping_ok = false;
    o.header_count = 40;
    o.header_size = 2000;  // 80 KB in 42 lines: over 64 KiB, under the line cap
    FakeHub fake(o);
    auto a = client(fake).send("GET", "/v1/ping");
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("65536 bytes, cut") != std::string::npos);
}

TEST_CASE("hostile hub: endless answer headers are cut") {
    FakeHubOptions o;
    o.mode = FakeHubMode::endless_headers;
    o.ping_ok = false;
    FakeHub fake(o);
    auto a = client(fake).send("GET", "/v1/ping");
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("answer headers over") != std::string::npos);
}

TEST_CASE("hostile hub: a header line every interval does not outlast the deadline") {
    FakeHubOptions o;
    o.mode = FakeHubMode::slow_headers;
    o.ping_ok = false;
    o.interval = milliseconds(200);  // never idle long enough for an idle timeout
    FakeHub fake(o);
    const auto start = Clock::now();
    auto a = client(fake, milliseconds(800)).send("GET", "/v1/ping");
    const auto took = ms_since(start);
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("800 ms") != std::string::npos);
    CHECK(took >= 700);
    CHECK(took < 2000);
}

TEST_CASE("hostile hub: a hub that never answers does not outlast the deadline") {
    FakeHubOptions o;
    o.mode = FakeHubMode::silent;
    o.ping_ok = false;
    FakeHub fake(o);
    const auto start = Clock::now();
    auto a = client(fake, milliseconds(600))
                 .send("PUT", "/v1/demarches/x", {}, as_bytes(std::string(100000, 'x')), "application/json");
    const auto took = ms_since(start);
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("600 ms") != std::string::npos);
    CHECK(took < 2000);
}

TEST_CASE("hostile hub: an endless answer is cut at the client's limit") {
    FakeHubOptions o;
    o.mode = FakeHubMode::endless_body;
    o.ping_ok = false;
    o.interval = milliseconds(0);
    FakeHub fake(o);
    auto a = client(fake).send("GET", "/v1/ping", {}, {}, "", {}, 1 << 20);
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("answer larger than 1048576 bytes, cut") != std::string::npos);
}

TEST_CASE("hostile hub: the stop token aborts a request at once and refuses the next") {
    FakeHubOptions o;
    o.mode = FakeHubMode::silent;
    o.ping_ok = false;
    FakeHub fake(o);
    StopToken stop;
    auto c = client(fake, milliseconds(30000), &stop);
    std::thread stopper([&] {
        fake.wait_attack_in_progress(milliseconds(10000));
        std::this_thread::sleep_for(milliseconds(100));
        stop.request();
    });
    const auto start = Clock::now();
    auto a = c.send("GET", "/v1/kiosk/statuses");
    const auto took = ms_since(start);
    stopper.join();
    REQUIRE(!a.ok());
    CHECK(a.error().message.find("interrupted, stopping") != std::string::npos);
    CHECK(took < 1000);
    auto next = c.send("GET", "/v1/ping");
    REQUIRE(!next.ok());
    CHECK(next.error().message.find("not sent, stopping") != std::string::npos);
}

TEST_CASE("hostile hub: guichet-sync under endless answer headers") {
    FakeHubOptions o;
    o.mode = FakeHubMode::endless_headers;
    FakeHub fake(o);
    auto run = run_agent_against(fake, {"--timeout-ms", "20000"});
    check_run(run);
    CHECK(run.output.find("answer headers over") != std::string::npos);
}

TEST_CASE("hostile hub: guichet-sync under one header line per interval") {
    FakeHubOptions o;
    o.mode = FakeHubMode::slow_headers;
    o.interval = milliseconds(env_long("GUICHET_HOSTILE_INTERVAL_MS", 10000));
    FakeHub fake(o);
    // The deadline is honoured: each attacked request is given up after 1.5 s, not after minutes.
    auto run = run_agent_against(fake, {"--timeout-ms", "1500"}, [&](ChildProcess& agent) {
        CHECK_MESSAGE(agent.wait_for("1500 ms", 15000), agent.output());
    });
    check_run(run);
    const auto durations = fake.attack_durations_ms();
    REQUIRE(!durations.empty());
    int full = 0;  // the last one was cut by SIGTERM, sooner
    for (auto d : durations) {
        CHECK(d < 2500);
        if (d >= 1400) ++full;
    }
    CHECK(full >= 1);
}

TEST_CASE("hostile hub: guichet-sync under an endless body") {
    FakeHubOptions o;
    o.mode = FakeHubMode::endless_body;
    o.interval = milliseconds(5);  // about 3 MB/s: the 4 MiB cap is reached in about 1.5 s
    FakeHub fake(o);
    // A second attack means the first answer was given up.
    auto run = run_agent_against(fake, {"--timeout-ms", "20000"},
                                 [&](ChildProcess&) { CHECK(fake.wait_attacks(2, milliseconds(15000))); });
    check_run(run);
    CHECK(run.output.find("answer larger than 4194304 bytes, cut") != std::string::npos);
}

TEST_CASE("hostile hub: guichet-sync against a hub that never answers") {
    FakeHubOptions o;
    o.mode = FakeHubMode::silent;
    FakeHub fake(o);
    auto run = run_agent_against(fake, {"--timeout-ms", "60000"});
    check_run(run);
}

TEST_CASE("hostile hub: guichet-sync with its bandwidth cap holding a transfer") {
    FakeHubOptions o;
    o.mode = FakeHubMode::endless_body;
    o.interval = milliseconds(0);
    FakeHub fake(o);
    // 1000 bytes per second for every body: the wait for tokens is cut by SIGTERM too.
    auto run = run_agent_against(fake, {"--timeout-ms", "20000", "--max-rate", "8", "--max-rate-all"});
    check_run(run);
}

TEST_CASE("hostile hub: guichet-sync stops at once during its wait between cycles") {
    TempDir dir;
    FakeHubOptions o;
    o.mode = FakeHubMode::status_503;
    FakeHub fake(o);
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, fake.url());
    auto agent = ChildProcess::spawn({agent_tool(), "--state", state.string(), "--interval", "3600"}, true, true);
    REQUIRE_MESSAGE(agent.wait_for("hub reachable", 20000), agent.output());
    const auto sent = Clock::now();
    agent.signal(SIGTERM);
    CHECK(agent.wait(10000) == 0);
    CHECK(ms_since(sent) < 2000);
}

TEST_CASE("hostile hub: guichet-partner stops at once while its hub never answers") {
    TempDir dir;
    FakeHubOptions o;
    o.mode = FakeHubMode::silent;
    FakeHub fake(o);
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    auto p = ChildProcess::spawn({GUICHET_PARTNER_TOOL, "fetch", "--hub", fake.url(), "--key",
                                  partner.box_key_file.string(), "--out", (dir / "out").string()},
                                 true, true);
    REQUIRE_MESSAGE(fake.wait_attack_in_progress(milliseconds(20000)), p.output());
    const auto sent = Clock::now();
    p.signal(SIGTERM);
    const int status = p.wait(10000);
    CHECK(ms_since(sent) < 2000);
    CHECK(status == 1);
    CHECK(p.output().find("interrupted, stopping") != std::string::npos);
}
