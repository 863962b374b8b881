// Sound of the video guides: signed 16-bit interleaved samples queued to an
// SDL audio device, and the audio clock the player syncs its video to.
// No SDL in this header (screens never see SDL).
//
// Call order: open() (on the player's worker: opening a device may take
// time), then queue() from the worker, position()/set_paused() from the UI
// thread, clear() at a seek. Every method is thread-safe. Without an audio
// device (headless runs, no speaker, SDL's default drivers unavailable)
// open() fails with the reason and the player falls back to a wall clock;
// SDL_AUDIODRIVER=dummy or disk work too.
#pragma once

#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

namespace guichet::platform {

class AudioOut {
public:
    static Result<std::unique_ptr<AudioOut>> open(int sample_rate, int channels);
    ~AudioOut();
    AudioOut(const AudioOut&) = delete;
    AudioOut& operator=(const AudioOut&) = delete;

    // FRAMES × channels samples, after those already queued.
    void queue(const std::int16_t* samples, std::size_t frames);
    // Drops everything queued; the clock restarts at MEDIA_SECONDS (a seek).
    void clear(double media_seconds);
    void set_paused(bool paused);
    // Media time of the sample being heard now: the start time given to
    // clear(), plus the samples the device consumed, minus its buffer latency.
    double position() const;
    // Seconds of sound queued and not yet handed to the device.
    double queued_seconds() const;
    // Frees SDL's per-thread state (its error message buffer); call at the end
    // of a thread that called open(), which SDL did not create.
    static void release_thread_state();
    int sample_rate() const { return rate_; }
    int channels() const { return channels_; }

private:
    AudioOut() = default;
    std::uint32_t device_ = 0;  // SDL_AudioDeviceID
    int rate_ = 0, channels_ = 0;
    double latency_ = 0;        // the device buffer, in seconds
    mutable std::mutex mu_;
    double base_ = 0;           // media time at the last clear()
    std::uint64_t queued_frames_ = 0;  // since the last clear()
};

}  // namespace guichet::platform
