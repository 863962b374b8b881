// The speaker's sound on the kiosk (docs/speech.md): speech::AudioOut over
// the SDL audio device of audio_out.hpp. The device is opened at the first
// utterance, on the speaker's thread; write() keeps at most a quarter of a
// second queued ahead of the ear, so a cut (a new focus) silences the kiosk
// within that and the synthesis is paced by the device. No SDL in this header.
#pragma once

#include "platform/audio_out.hpp"
#include "speech/speaker.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace guichet::platform {

class SpeechAudio : public speech::AudioOut {
public:
    ~SpeechAudio() override;
    void begin(int sample_rate) override;
    void write(std::span<const std::int16_t> samples) override;
    void cut() override;
    void thread_done() override { platform::AudioOut::release_thread_state(); }

    // Why the last utterance was silent (no audio device), "" when it was not.
    std::string problem() const;
    // Seconds queued and not yet heard (0 without a device).
    double queued_seconds() const;

    static constexpr double kAhead = 0.25;  // seconds queued at most

private:
    mutable std::mutex mutex_;
    std::condition_variable cut_signal_;
    std::unique_ptr<platform::AudioOut> device_;  // opened and used on the speaker's thread
    int rate_ = 0;
    std::uint64_t cuts_ = 0;
    std::string problem_;
};

}  // namespace guichet::platform
