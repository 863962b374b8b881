// The agent's bandwidth cap (guichet-sync --max-rate): the token bucket in
// simulated time (an injected clock that the injected sleep advances), then a
// pack file fetched through ThrottledTransport, checked by bytes per window.
#include "agent/pack_step.hpp"
#include "sync_test_util.hpp"
#include "test_support.hpp"
#include "transport/token_bucket.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

struct SimulatedTime {
    std::int64_t now = 1'000'000;  // microseconds
    std::shared_ptr<sync::TokenBucket> bucket(std::uint64_t rate, std::uint64_t burst) {
        return std::make_shared<sync::TokenBucket>(
            rate, burst, [this] { return now; }, [this](std::int64_t us) { now += us; });
    }
};

}  // namespace

TEST_CASE("token bucket: a burst passes at once, then the average rate holds") {
    SimulatedTime t;
    auto b = t.bucket(64'000, 16'000);  // 512 kbit/s, a quarter second of burst
    CHECK(b->consume(16'000) == 0);   // the bucket starts full
    CHECK(b->consume(6'400) == 100'000);  // then 6,400 bytes cost 0.1 s
    const std::int64_t start = t.now;
    for (int i = 0; i < 1000; ++i) b->consume(1'000);
    // 1,000,000 bytes from an empty bucket: exactly 15.625 s at 64,000 B/s.
    CHECK(t.now - start >= 15'625'000);
    CHECK(t.now - start <= 15'625'000 + 1000);  // rounding of each wait to the microsecond
    CHECK(b->consumed() == 16'000 + 6'400 + 1'000'000);
}

TEST_CASE("token bucket: idle time refills only up to the burst") {
    SimulatedTime t;
    auto b = t.bucket(10'000, 5'000);
    b->consume(5'000);
    t.now += 60'000'000;  // a minute idle
    CHECK(b->consume(5'000) == 0);         // the burst again…
    CHECK(b->consume(10'000) == 1'000'000);  // …but not a minute's worth
}

TEST_CASE("token bucket: a transfer larger than the burst goes into debt and waits it out") {
    SimulatedTime t;
    auto b = t.bucket(1'000, 100);
    CHECK(b->consume(2'100) == 2'000'000);
    CHECK(b->slept_micros() == 2'000'000);
    CHECK(b->consume(1) == 1'000);
}

TEST_CASE("a pack fetched through ThrottledTransport never runs ahead of the cap in any window") {
    test::TempDir dir;
    std::mt19937_64 rng(3);
    Bytes pack(600'000);
    for (auto& c : pack) c = static_cast<std::uint8_t>(rng());
    fs::create_directories(dir / "packs");
    test::write_all(dir / "packs/p.gpk", pack);
    SimulatedTime t;
    const std::uint64_t rate = 32'000, burst = 8'000;  // 256 kbit/s
    auto bucket = t.bucket(rate, burst);
    repo::DirectoryTransport local(dir.path());
    repo::ThrottledTransport throttled(local, *bucket);
    CHECK(repo::pack_step_chunk(bucket.get()) == 8'000);
    CHECK(repo::pack_step_chunk(nullptr) == 1 << 20);

    struct Arrival {
        std::int64_t at;
        std::uint64_t bytes;
    };
    std::vector<Arrival> arrivals;
    Bytes got;
    const std::int64_t start = t.now;
    auto r = throttled.fetch("packs/p.gpk", 0, pack.size(), [&](ByteView chunk) -> Result<void> {
        arrivals.push_back({t.now, chunk.size()});
        got.insert(got.end(), chunk.begin(), chunk.end());
        return {};
    });
    REQUIRE(r.ok());
    CHECK(got == pack);
    // Simulated duration at least (size − burst) / rate: 18.5 s for 600,000 bytes.
    CHECK(t.now - start >= static_cast<std::int64_t>((pack.size() - burst) * 1'000'000 / rate));
    // Bytes handed on up to each arrival: never more than burst + rate × elapsed (to the byte).
    std::uint64_t total = 0;
    for (const auto& a : arrivals) {
        total += a.bytes;
        const double allowed = static_cast<double>(burst) + static_cast<double>(rate) * static_cast<double>(a.at - start) / 1e6;
        CHECK(static_cast<double>(total) <= allowed + 1.0);
    }
    CHECK(arrivals.size() > 1);
}

TEST_CASE("--max-rate-all: the HTTP client charges every request and answer body to the bucket") {
    test::TempDir dir;
    test::sync::InProcessHub hub(dir / "hub");
    SimulatedTime t;
    sync::HubClientOptions options;
    options.bandwidth = t.bucket(8'000, 2'000);  // 64 kbit/s
    auto client = sync::HubClient::create(hub.url(), options);
    REQUIRE(client.ok());
    const std::string body(20'000, 'x');  // an enrolment with a bad token: refused, but sent
    const std::int64_t start = t.now;
    auto answer = client->send("POST", "/v1/enroll", {}, as_bytes(body), "application/json");
    REQUIRE(answer.ok());
    CHECK(answer->status == 400);
    const auto charged = options.bandwidth->consumed();
    CHECK(charged == body.size() + answer->body.size());
    // From a full bucket: (charged − burst) / rate of simulated time, to the microsecond per charge.
    CHECK(t.now - start >= static_cast<std::int64_t>((charged - 2'000) * 1'000'000 / 8'000));
    CHECK(t.now - start <= static_cast<std::int64_t>((charged - 2'000) * 1'000'000 / 8'000) + 10);
}
