// The newest decoded picture of a call, handed from GStreamer's streaming
// thread to the UI thread (docs/visio.md §9). One producer, one consumer:
// the producer copies into a buffer of its own, then swaps it with the
// "ready" one under the mutex; the consumer swaps "ready" with its own. The
// lock is held for a swap only: neither side waits on the other's work, and
// frames the UI has not taken are replaced (the newest wins), never queued.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace guichet::visio {

struct Frame {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;  // width × height × 4, rows packed
    long serial = 0;                 // 0: none yet
};

class FrameSlot {
public:
    // Producer: a picture of WIDTH × HEIGHT RGBA pixels, rows STRIDE bytes
    // apart. Returns true when the consumer had taken the previous one (the
    // caller wakes the UI then: one wake per picture the UI will draw).
    bool put(int width, int height, const std::uint8_t* pixels, std::size_t stride) {
        if (width <= 0 || height <= 0 || pixels == nullptr || stride < static_cast<std::size_t>(width) * 4)
            return false;
        const std::size_t row = static_cast<std::size_t>(width) * 4;
        back_.rgba.resize(row * static_cast<std::size_t>(height));
        for (int y = 0; y < height; ++y)
            std::memcpy(back_.rgba.data() + row * static_cast<std::size_t>(y), pixels + stride * static_cast<std::size_t>(y), row);
        back_.width = width;
        back_.height = height;
        std::lock_guard lock(mutex_);
        back_.serial = ++serial_;
        std::swap(back_, ready_);
        return !std::exchange(pending_, true);
    }

    // Consumer: swaps the newest picture into OUT when it is newer than OUT's
    // (OUT's old pixels go back to the producer: no allocation per frame).
    bool take(Frame& out) {
        std::lock_guard lock(mutex_);
        pending_ = false;
        if (ready_.serial == 0 || ready_.serial == out.serial) return false;
        std::swap(ready_, out);
        ready_.serial = out.serial;  // what the consumer holds: not "new" again
        return true;
    }

    // Pictures put so far.
    long count() const {
        std::lock_guard lock(mutex_);
        return serial_;
    }

    // The call ends: every picture forgotten (the consumer drops its own).
    void clear() {
        std::lock_guard lock(mutex_);
        ready_ = Frame{};
        pending_ = false;
    }

private:
    Frame back_;  // the producer's alone
    mutable std::mutex mutex_;
    Frame ready_;
    long serial_ = 0;
    bool pending_ = false;
};

}  // namespace guichet::visio
