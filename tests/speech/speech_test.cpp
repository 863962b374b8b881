// Speech output (docs/speech.md): espeak-ng's French voice through the
// engine, byte-identical to the espeak-ng program's own output (the
// reference), and the speaker's worker: interruption, repeat, stop.
#include "platform/speech_audio.hpp"
#include "speech/speaker.hpp"
#include "speech/speech_engine.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace guichet;
using namespace guichet::speech;
using namespace std::chrono_literals;

namespace {

std::vector<std::int16_t> speak(SpeechEngine& engine, std::string_view text) {
    std::vector<std::int16_t> out;
    auto r = engine.synthesize(text, [&](std::span<const std::int16_t> s) {
        out.insert(out.end(), s.begin(), s.end());
        return true;
    });
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return out;
}

double rms(std::span<const std::int16_t> s) {
    double sum = 0;
    for (auto v : s) sum += static_cast<double>(v) * v;
    return s.empty() ? 0 : std::sqrt(sum / static_cast<double>(s.size()));
}

// The samples of a WAV written by the espeak-ng program (44-byte header, PCM 16-bit mono).
std::vector<std::int16_t> reference(const std::string& text, const Voice& v, const std::filesystem::path& wav) {
    const std::string command = "espeak-ng -v " + v.name + " -s " + std::to_string(v.rate_wpm) + " -a " +
                                std::to_string(v.volume) + " -p " + std::to_string(v.pitch) + " -w " + wav.string() +
                                " '" + text + "'";
    REQUIRE(test::run_command(command) == 0);
    const auto bytes = test::read_all(wav);
    REQUIRE(bytes.size() > 44);
    std::vector<std::int16_t> out((bytes.size() - 44) / 2);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::int16_t>(bytes[44 + 2 * i] | (bytes[45 + 2 * i] << 8));
    return out;
}

// Records what the speaker writes, utterance by utterance. While held, like a
// device whose queue is full, write() keeps the speaker waiting once an
// utterance has written its first chunk, until cut() (a newer text) or the
// hold ends: synthesis, much faster than speech, waits for the device.
class MemoryAudio : public AudioOut {
public:
    void begin(int rate) override {
        std::lock_guard lock(mutex_);
        rate_ = rate;
        utterances_.emplace_back();
    }
    void write(std::span<const std::int16_t> s) override {
        std::unique_lock lock(mutex_);
        const int cuts_before = cuts_;
        if (!utterances_.back().empty())
            changed_.wait_for(lock, 10s, [&] { return cuts_ != cuts_before || !held_; });
        utterances_.back().insert(utterances_.back().end(), s.begin(), s.end());
        lock.unlock();
        changed_.notify_all();
    }
    void cut() override {
        {
            std::lock_guard lock(mutex_);
            ++cuts_;
        }
        changed_.notify_all();
    }
    void hold(bool held) {
        {
            std::lock_guard lock(mutex_);
            held_ = held;
        }
        changed_.notify_all();
    }
    // Waits (bounded) until utterance I has at least one chunk.
    bool wait_started(std::size_t i) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 10s, [&] { return utterances_.size() > i && !utterances_[i].empty(); });
    }
    std::vector<std::vector<std::int16_t>> utterances() {
        std::lock_guard lock(mutex_);
        return utterances_;
    }
    int rate() {
        std::lock_guard lock(mutex_);
        return rate_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::vector<std::int16_t>> utterances_;
    int rate_ = 0;
    int cuts_ = 0;
    bool held_ = false;
};

const std::string kLong =
    "Bienvenue à l’Espace Services Publics de la mairie d’Anor. Touchez l’écran pour commencer une démarche, "
    "consulter les informations de la commune ou suivre une demande déjà envoyée.";

}  // namespace

TEST_CASE("speech: the French voice says « Étape 3 sur 5 » exactly as the espeak-ng program does, and not silently") {
    auto engine = SpeechEngine::open();
    REQUIRE_MESSAGE(engine.ok(), (engine.ok() ? "" : engine.error().message));
    CHECK(engine->sample_rate() == 22050);
    const auto samples = speak(*engine, "Étape 3 sur 5");
    const double seconds = static_cast<double>(samples.size()) / engine->sample_rate();
    CHECK(seconds > 0.5);
    CHECK(seconds < 3.0);
    CHECK(rms(samples) > 500);
    test::TempDir dir;
    CHECK(samples == reference("Étape 3 sur 5", engine->voice(), dir / "ref.wav"));
    // Another voice says it otherwise: the comparison above is not trivially true.
    Voice english;
    english.name = "en";
    REQUIRE(engine->set_voice(english).ok());
    CHECK(speak(*engine, "Étape 3 sur 5") != samples);
    REQUIRE(write_wav((dir / "etape.wav").string(), samples, 22050).ok());
    CHECK(test::read_all(dir / "etape.wav").size() == 44 + samples.size() * 2);
}

TEST_CASE("speech: one engine per process, and markup is read as text") {
    auto engine = SpeechEngine::open();
    REQUIRE(engine.ok());
    CHECK_FALSE(SpeechEngine::open().ok());
    // SSML is off: a tag is not obeyed (a <break> would add silence), the same as the program reading it as text.
    test::TempDir dir;
    const std::string text = "un <break time=\"3s\"/> deux";
    CHECK(speak(*engine, text) == reference(text, engine->voice(), dir / "ref.wav"));
}

TEST_CASE("speaker: a new text cuts the sentence in progress, repeat says the last one again, stop is silence") {
    MemoryAudio audio;
    auto speaker = Speaker::start({}, audio);
    REQUIRE(speaker.ok());
    auto& s = **speaker;

    audio.hold(true);
    s.say(kLong);
    REQUIRE(audio.wait_started(0));
    s.say("Étape 3 sur 5");
    audio.hold(false);
    REQUIRE(s.wait_idle(10s));
    auto heard = audio.utterances();
    REQUIRE(heard.size() == 2);
    CHECK(audio.rate() == 22050);
    // The long sentence lasts about 10 s; cut after its first chunk, at most one more went out.
    CHECK(heard[0].size() < 22050 / 4);
    const auto stats = s.stats();
    CHECK(stats.interrupted == 1);
    CHECK(stats.spoken == 1);
    CHECK(stats.last_latency.has_value());
    CHECK(stats.last_error.empty());

    s.repeat();
    REQUIRE(s.wait_idle(10s));
    heard = audio.utterances();
    REQUIRE(heard.size() == 3);
    // The same words again: espeak-ng carries a few samples of state from one
    // utterance to the next, so the length is the same within 5 ms, not exactly.
    const auto difference = static_cast<long>(heard[2].size()) - static_cast<long>(heard[1].size());
    CHECK_MESSAGE(std::abs(difference) < 22050 / 200, heard[1].size(), " vs ", heard[2].size());
    CHECK(rms(heard[2]) > 500);

    audio.hold(true);
    s.say(kLong);
    REQUIRE(audio.wait_started(3));
    s.stop();
    audio.hold(false);
    REQUIRE(s.wait_idle(10s));
    heard = audio.utterances();
    CHECK(heard.size() == 4);
    CHECK(heard[3].size() < 22050 / 4);
    CHECK(s.stats().interrupted == 2);
}

TEST_CASE("speaker on the kiosk's SDL device: the samples reach it, paced, and a cut silences it at once") {
    // SDL's disk driver: a device that plays in real time into a file.
    test::TempDir dir;
    const auto file = dir / "sortie.raw";
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
    platform::SpeechAudio audio;
    {
        auto speaker = Speaker::start({}, audio);
        REQUIRE(speaker.ok());
        auto& s = **speaker;
        s.say("Étape 3 sur 5");
        REQUIRE(s.wait_idle(10s));
        CHECK(audio.problem().empty());
        // Paced: when the speaker is done, at most a quarter of a second waits in the queue.
        CHECK(audio.queued_seconds() <= platform::SpeechAudio::kAhead + 0.1);
        s.say(kLong);
        // A cut (a new focus, or silence): what was queued is dropped.
        for (int i = 0; i < 200 && audio.queued_seconds() == 0; ++i) std::this_thread::yield();
        s.stop();
        REQUIRE(s.wait_idle(10s));
        CHECK(audio.queued_seconds() == 0);
        CHECK(s.stats().interrupted == 1);
    }
    unsetenv("SDL_AUDIODRIVER");
    unsetenv("SDL_DISKAUDIOFILE");
    // What the device played: « Étape 3 sur 5 » is there, not silence (the driver writes silence between).
    const auto played = test::read_all(file);
    std::size_t loud = 0;
    for (std::size_t i = 0; i + 1 < played.size(); i += 2)
        loud += std::abs(static_cast<std::int16_t>(played[i] | (played[i + 1] << 8))) > 1000;
    CHECK(loud > 22050 / 4);
}
