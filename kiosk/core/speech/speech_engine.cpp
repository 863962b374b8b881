#include "speech/speech_engine.hpp"

#include "common/file.hpp"

#include <espeak-ng/espeak_ng.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

namespace guichet::speech {

namespace {

std::atomic<bool> engine_alive{false};

// The sink of the utterance in progress: espeak-ng's callback has no closure,
// only a user pointer per utterance.
struct Utterance {
    const PcmSink* sink = nullptr;
    bool stopped = false;
};

int on_samples(short* wav, int count, espeak_EVENT* events) {
    auto* u = events ? static_cast<Utterance*>(events->user_data) : nullptr;
    if (!u || u->stopped) return 1;
    if (wav && count > 0 && !(*u->sink)(std::span<const std::int16_t>(wav, static_cast<std::size_t>(count)))) {
        u->stopped = true;
        return 1;  // abort the synthesis
    }
    return 0;
}

std::string error_text(espeak_ng_STATUS status) {
    char text[512] = {};
    espeak_ng_GetStatusCodeMessage(status, text, sizeof text);
    return text;
}

}  // namespace

Result<SpeechEngine> SpeechEngine::open(const Voice& voice) {
    bool expected = false;
    if (!engine_alive.compare_exchange_strong(expected, true))
        return fail("espeak-ng: one speech engine per process, and one is open");
    SpeechEngine engine;
    engine.owner_ = true;  // from here the destructor terminates espeak-ng and frees the slot
    espeak_ng_InitializePath(nullptr);
    espeak_ng_ERROR_CONTEXT context = nullptr;
    if (auto st = espeak_ng_Initialize(&context); st != ENS_OK) {
        espeak_ng_ClearErrorContext(&context);
        return fail("espeak-ng: cannot load its data (is espeak-ng-data installed?): " + error_text(st));
    }
    // Synchronous: espeak_Synth returns when the text is spoken, chunks of 20 ms go to the callback.
    if (auto st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 20, nullptr); st != ENS_OK)
        return fail("espeak-ng: " + error_text(st));
    espeak_SetSynthCallback(on_samples);
    engine.sample_rate_ = espeak_ng_GetSampleRate();
    if (auto r = engine.set_voice(voice); !r) return r.error();
    return engine;
}

SpeechEngine::SpeechEngine(SpeechEngine&& other) noexcept
    : owner_(other.owner_), sample_rate_(other.sample_rate_), voice_(std::move(other.voice_)) {
    other.owner_ = false;
}

SpeechEngine::~SpeechEngine() {
    if (!owner_) return;
    espeak_Terminate();
    engine_alive = false;
}

Result<void> SpeechEngine::set_voice(const Voice& voice) {
    if (auto st = espeak_ng_SetVoiceByName(voice.name.c_str()); st != ENS_OK)
        return fail("espeak-ng: no voice " + voice.name + ": " + error_text(st));
    espeak_SetParameter(espeakRATE, std::clamp(voice.rate_wpm, 80, 450), 0);
    espeak_SetParameter(espeakVOLUME, std::clamp(voice.volume, 0, 200), 0);
    espeak_SetParameter(espeakPITCH, std::clamp(voice.pitch, 0, 100), 0);
    voice_ = voice;
    return {};
}

Result<void> SpeechEngine::synthesize(std::string_view text, const PcmSink& sink) {
    const std::string copy(text);  // espeak-ng wants a terminated string
    Utterance u{&sink};
    // ENDPAUSE: the pause after the last clause, as the espeak-ng program makes it.
    const auto st = espeak_ng_Synthesize(copy.c_str(), copy.size() + 1, 0, POS_CHARACTER, 0,
                                         espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, &u);
    if (st != ENS_OK && !u.stopped) return fail("espeak-ng: " + error_text(st));
    return {};
}

Result<void> write_wav(const std::string& path, std::span<const std::int16_t> samples, int rate) {
    auto le = [](Bytes& out, std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    Bytes out;
    out.reserve(44 + data_bytes);
    auto tag = [&](const char* t) { out.insert(out.end(), t, t + 4); };
    tag("RIFF");
    le(out, 36 + data_bytes, 4);
    tag("WAVE");
    tag("fmt ");
    le(out, 16, 4);
    le(out, 1, 2);  // PCM
    le(out, 1, 2);  // mono
    le(out, static_cast<std::uint32_t>(rate), 4);
    le(out, static_cast<std::uint32_t>(rate * 2), 4);
    le(out, 2, 2);
    le(out, 16, 2);
    tag("data");
    le(out, data_bytes, 4);
    for (auto s : samples) le(out, static_cast<std::uint16_t>(s), 2);
    return write_file_atomic(path, out);
}

}  // namespace guichet::speech
