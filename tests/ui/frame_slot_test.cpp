// The visio call's picture hand-off (kiosk/core/visio/frame_slot.hpp): the
// streaming thread's newest picture reaches the UI thread, one wake per
// picture the UI will draw, older ones replaced, buffers recycled.
#include "visio/frame_slot.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using guichet::visio::Frame;
using guichet::visio::FrameSlot;

namespace {
std::vector<std::uint8_t> picture(int h, std::uint8_t value, std::size_t stride) {
    return std::vector<std::uint8_t>(stride * static_cast<std::size_t>(h), value);
}
}  // namespace

TEST_CASE("visio frame slot: the newest picture wins, one wake until the UI takes it") {
    FrameSlot slot;
    Frame out;
    CHECK_FALSE(slot.take(out));  // nothing yet
    auto a = picture(2, 10, 16), b = picture(2, 20, 16);
    CHECK(slot.put(4, 2, a.data(), 16));        // first picture: wake
    CHECK_FALSE(slot.put(4, 2, b.data(), 16));  // not taken yet: no second wake, replaced
    REQUIRE(slot.take(out));
    CHECK(out.width == 4);
    CHECK(out.height == 2);
    CHECK(out.rgba.size() == 32u);
    CHECK(out.rgba[0] == 20);  // the newest
    CHECK_FALSE(slot.take(out));  // nothing new: no upload
    CHECK(slot.put(4, 2, a.data(), 16));  // taken: the next one wakes again
    REQUIRE(slot.take(out));
    CHECK(out.rgba[0] == 10);
    CHECK(slot.count() == 3);
}

TEST_CASE("visio frame slot: rows with padding are packed, bad input refused") {
    FrameSlot slot;
    std::vector<std::uint8_t> padded(2 * 12, 0);
    for (int y = 0; y < 2; ++y)
        for (int i = 0; i < 8; ++i) padded[static_cast<std::size_t>(y * 12 + i)] = static_cast<std::uint8_t>(y + 1);
    CHECK(slot.put(2, 2, padded.data(), 12));
    Frame out;
    REQUIRE(slot.take(out));
    CHECK(out.rgba == std::vector<std::uint8_t>{1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2});
    CHECK_FALSE(slot.put(0, 2, padded.data(), 12));
    CHECK_FALSE(slot.put(4, 2, padded.data(), 12));  // stride under width × 4
    CHECK_FALSE(slot.put(2, 2, nullptr, 12));
    slot.clear();
    Frame fresh;
    CHECK_FALSE(slot.take(fresh));
}

TEST_CASE("visio frame slot: a producer thread and a consumer never see a torn picture") {
    FrameSlot slot;
    std::atomic<bool> done{false};
    std::thread producer([&] {
        std::vector<std::uint8_t> p(64 * 48 * 4);
        for (int i = 1; i <= 400; ++i) {
            std::fill(p.begin(), p.end(), static_cast<std::uint8_t>(i % 251));
            slot.put(64, 48, p.data(), 64 * 4);
        }
        done = true;
    });
    Frame out;
    long taken = 0, last = 0;
    bool torn = false, ordered = true;
    for (int guard = 0; guard < 10'000'000; ++guard) {
        const bool finished = done.load();  // read before the take: the last picture is not missed
        if (!slot.take(out)) {
            if (finished) break;
            continue;
        }
        ++taken;
        ordered = ordered && out.serial > last;
        last = out.serial;
        for (auto v : out.rgba) torn = torn || v != out.rgba[0];
    }
    producer.join();
    CHECK(taken >= 1);
    CHECK(out.serial == 400);  // the last one put was the last one taken
    CHECK_FALSE(torn);
    CHECK(ordered);
    CHECK(slot.count() == 400);
}
