// The kiosk's voice (docs/speech.md): a worker thread that owns the speech
// engine and speaks what the UI asks, into an audio output. The UI thread only
// posts texts: say() returns at once, cuts the sentence in progress (a new
// focus interrupts, EN 301 549 §5.1.3.4), and the next one starts as soon as
// its first 20 ms are made. repeat() says the last text again.
#pragma once

#include "speech/speech_engine.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>

namespace guichet::speech {

// Where the samples go: SDL's audio device on the kiosk, memory in tests.
// Called from the speaker's thread, except cut() (any thread). write() may
// wait while the device's queue is full (synthesis runs tens of times faster
// than speech), and must return soon after cut().
class AudioOut {
public:
    virtual ~AudioOut() = default;
    virtual void begin(int sample_rate) = 0;  // a new utterance
    virtual void write(std::span<const std::int16_t> samples) = 0;
    virtual void cut() = 0;  // drop what is queued and not yet heard
    // Last call on the speaker's thread, before it ends (to free what the
    // device's library keeps per thread).
    virtual void thread_done() {}
};

class Speaker {
public:
    // Opens the engine with VOICE on a new thread; OUT must outlive the speaker.
    static Result<std::unique_ptr<Speaker>> start(const Voice& voice, AudioOut& out);
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    void say(std::string text);  // interrupts; an empty text just stops
    void repeat();
    void stop() { say({}); }
    void set_voice(const Voice& voice);

    struct Stats {
        std::uint64_t spoken = 0;       // utterances finished
        std::uint64_t interrupted = 0;  // utterances cut by a newer one
        std::optional<std::chrono::microseconds> last_latency;  // say() to the first samples written
        std::string last_error;
    };
    Stats stats() const;
    // Waits until nothing is queued or being spoken, at most TIMEOUT; false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout) const;

private:
    explicit Speaker(AudioOut& out) : out_(out) {}
    void run(SpeechEngine engine);

    AudioOut& out_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::optional<std::string> pending_;
    std::chrono::steady_clock::time_point pending_since_;
    std::optional<Voice> pending_voice_;
    std::string last_text_;
    std::uint64_t generation_ = 0;  // bumped by each say(): the sentence in progress stops at its next chunk
    bool speaking_ = false;
    bool quit_ = false;
    Stats stats_;
    std::thread thread_;
};

}  // namespace guichet::speech
