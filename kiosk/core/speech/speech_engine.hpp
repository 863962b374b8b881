// Speech synthesis with espeak-ng (docs/speech.md): French text to 16-bit
// mono PCM. espeak-ng keeps its state in globals, so one engine exists per
// process at a time (open() refuses a second); it is used from one thread,
// the speaker's worker (speaker.hpp), never the UI thread.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace guichet::speech {

struct Voice {
    std::string name = "fr";  // an espeak-ng voice: "fr" is French (France)
    int rate_wpm = 160;       // words per minute, 80–450; espeak-ng's default is 175
    int volume = 100;         // 0–200, 100 = espeak-ng's normal
    int pitch = 50;           // 0–100
};

// Receives PCM as it is made; returns false to stop the utterance there.
using PcmSink = std::function<bool(std::span<const std::int16_t> samples)>;

class SpeechEngine {
public:
    // Loads espeak-ng's data (Debian's espeak-ng-data) and VOICE.
    static Result<SpeechEngine> open(const Voice& voice = {});
    SpeechEngine(SpeechEngine&& other) noexcept;
    SpeechEngine& operator=(SpeechEngine&&) = delete;
    SpeechEngine(const SpeechEngine&) = delete;
    SpeechEngine& operator=(const SpeechEngine&) = delete;
    ~SpeechEngine();

    int sample_rate() const { return sample_rate_; }
    const Voice& voice() const { return voice_; }
    Result<void> set_voice(const Voice& voice);

    // Speaks TEXT (UTF-8) into SINK, in chunks of about 20 ms; returns when
    // done or when SINK returned false. SSML and phoneme input are off: TEXT
    // comes from the pack and the resident, never markup.
    Result<void> synthesize(std::string_view text, const PcmSink& sink);

private:
    SpeechEngine() = default;
    bool owner_ = false;
    int sample_rate_ = 0;
    Voice voice_;
};

// A WAV file (RIFF, PCM 16-bit mono) of SAMPLES at RATE: for tests and staff.
Result<void> write_wav(const std::string& path, std::span<const std::int16_t> samples, int rate);

}  // namespace guichet::speech
