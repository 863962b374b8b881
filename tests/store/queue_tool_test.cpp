// guichet-queue, the staff command: counts and errors, never contents.
#include "store_test_util.hpp"

#include <chrono>

using namespace guichet;
using namespace guichet::test;

namespace {

std::string queue_tool(const std::string& args, int* status) {
    std::string out;
    *status = run_command(std::string(GUICHET_QUEUE_TOOL) + " " + args + " 2>&1", &out);
    return out;
}

}  // namespace

TEST_CASE("guichet-queue --help, bad arguments, missing store") {
    int status = -1;
    auto help = queue_tool("--help", &status);
    CHECK(status == 0);
    CHECK(help.find("--state DIR") != std::string::npos);
    CHECK(help.find("never contents") != std::string::npos);
    queue_tool("--bogus", &status);
    CHECK(status == 2);
    TempDir dir;
    auto missing = queue_tool("--state " + dir.path().string(), &status);
    CHECK(status == 1);
    CHECK(missing.find("no store at") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / store::kDatabaseFile));  // and it created none
}

TEST_CASE("guichet-queue prints depth per state, oldest age, last sync and error counts, never codes or contents") {
    TempDir dir;
    auto keys = crypto::BoxKeyPair::generate();
    std::vector<store::Receipt> receipts;
    {
        auto opts = test_options();
        auto clock_now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        FakeClock clock;
        clock.set(clock_now - 2 * 3600 - 5 * 60);  // the first démarche waits for 2 h 5 min
        opts.clock = clock.fn();
        auto st = open_store(dir / store::kDatabaseFile, opts);
        for (std::uint64_t n = 1; n <= 5; ++n) {
            auto s = submission_for(n, keys.public_key, 1000);
            auto r = st.submit(s);
            REQUIRE_OK(r);
            receipts.push_back(*r);
            clock.advance(60);
        }
        auto b = st.claim_next_batch(3, clock.now());
        REQUIRE_OK(b);
        REQUIRE_OK(st.mark_delivered(receipts[0].uuid, "ok"));
        REQUIRE_OK(st.mark_failed(receipts[1].uuid, "hub unreachable: connection refused", clock.now() + 10 * 3600));
        REQUIRE_OK(st.set_last_sync(clock_now - 600));
    }
    int status = -1;
    auto out = queue_tool("--state " + dir.path().string(), &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("queued            3   (2 due now)") != std::string::npos);
    CHECK(out.find("sending           1") != std::string::npos);
    CHECK(out.find("delivered         1") != std::string::npos);
    CHECK(out.find("purged            0") != std::string::npos);
    CHECK(out.find("waiting for 2 h 4 min") != std::string::npos);  // receipts[1], the oldest undelivered
    CHECK(out.find("Last sync: 10 min ago") != std::string::npos);
    CHECK(out.find("     1  hub unreachable: connection refused") != std::string::npos);
    for (const auto& r : receipts) {
        CHECK(out.find(r.uuid) == std::string::npos);
        CHECK(out.find(r.tracking_code) == std::string::npos);
    }
    CHECK(out.find(kPlaintextMarker) == std::string::npos);
    CHECK(out.find("Dupont") == std::string::npos);
}
