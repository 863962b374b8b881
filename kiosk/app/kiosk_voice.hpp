// The kiosk's voice for the reader (ui::SpeechOutput, docs/speech.md): the
// speaker's worker with the SDL sound device, or — replays' --speech-wav —
// with every sample kept, each sentence said to its end, for a WAV file.
#pragma once

#include "platform/speech_audio.hpp"
#include "speech/speaker.hpp"
#include "ui/reader.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::app {

// Keeps what the speaker says, in order, with a short silence between sentences.
class RecordedAudio : public speech::AudioOut {
public:
    void begin(int sample_rate) override;
    void write(std::span<const std::int16_t> samples) override;
    void cut() override {}
    std::vector<std::int16_t> samples() const;
    int rate() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::int16_t> samples_;
    int rate_ = 22050;
};

class KioskVoice : public ui::SpeechOutput {
public:
    // Opens espeak-ng (its data is read here, at start-up, not during frames).
    // RECORD: keep the samples instead of playing them.
    static Result<std::unique_ptr<KioskVoice>> start(bool record);
    void say(const std::string& text) override;
    void repeat() override;
    void set_voice(int rate_wpm, int volume) override;
    // Replays: waits until the sentence is said (at most TIMEOUT_MS).
    bool wait_idle(int timeout_ms) const;
    Result<void> write_wav(const std::string& path) const;
    speech::Speaker::Stats stats() const { return speaker_->stats(); }

private:
    KioskVoice() = default;
    bool record_ = false;
    platform::SpeechAudio device_;
    RecordedAudio recorded_;
    speech::Voice voice_;
    std::unique_ptr<speech::Speaker> speaker_;  // declared last: stopped first
};

}  // namespace guichet::app
