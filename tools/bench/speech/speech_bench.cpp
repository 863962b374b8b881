// Speech benchmark (docs/speech.md, issue #18's goals): the delay from
// Speaker::say() to its first samples (goal ≤ 150 ms), how much CPU a second
// of speech costs, and the CPU the speaker's thread uses while nothing is said.
// With --device, the same through the kiosk's path: a focus moved by the
// keypad (ui::ScreenReader) to the first sample the SDL sound device takes
// (run it with SDL_AUDIODRIVER=disk where there is no sound card: that driver
// plays in real time into a file).
// Usage: guichet-speech-bench [ROUNDS] [--device]
#include "bench_util.hpp"
#include "platform/speech_audio.hpp"
#include "speech/speaker.hpp"
#include "ui/reader.hpp"

#include <cstring>

#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

using namespace guichet;
using namespace std::chrono;

namespace {

// A device that takes everything at once and counts it.
class CountingAudio : public speech::AudioOut {
public:
    void begin(int rate) override { rate_ = rate; }
    void write(std::span<const std::int16_t> s) override { samples_ += s.size(); }
    void cut() override {}
    double seconds() const { return static_cast<double>(samples_) / rate_; }

private:
    int rate_ = 22050;
    std::size_t samples_ = 0;
};

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

const char* const kTexts[] = {
    "Étape 3 sur 5. Date de naissance. Champ de saisie, obligatoire.",
    "Bouton « Suivre ma demande ». Pour retrouver une démarche envoyée.",
    "Liste de 12 associations. Première : Club de football d’Anor.",
    "Touche A.",
    "Erreur : la date doit être au format jour, mois, année.",
};

}  // namespace

// Focus change to the first sample the device took: the keypad's « suivant »
// on a screen of buttons, the reader's sentence, the speaker, SDL's queue.
int device_latency(int rounds) {
    platform::SpeechAudio audio;
    auto speaker = bench::must(speech::Speaker::start({}, audio), "speaker");
    struct ToSpeaker : ui::SpeechOutput {
        speech::Speaker* s;
        void say(const std::string& t) override { s->say(t); }
        void repeat() override { s->repeat(); }
        void set_voice(int, int) override {}
    } out;
    out.s = speaker.get();
    ui::Ui ui;
    ui::ScreenReader reader;
    reader.set_output(&out);
    ui::FrameRecord r;
    r.screen = "bench";
    r.regions = {{"contenu", {0, 200, 1080, 1800}}};
    for (int i = 0; i < 8; ++i) {
        const float y = 220.0f + 180.0f * static_cast<float>(i);
        r.elements.push_back({std::string(kTexts[i % std::size(kTexts)]), 40, y, 1040, y + 150, "", ui::Rect{0, 200, 1080, 1800}});
    }
    for (int i = 0; i < 2; ++i) {
        ui.record = r;
        reader.observe(ui);
    }
    speaker->say("Prêt.");  // opens the device first: its opening is start-up, not a focus change
    speaker->wait_idle(10s);
    std::this_thread::sleep_for(500ms);
    if (!audio.problem().empty()) throw bench::BenchError("no sound device: " + audio.problem());
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        std::this_thread::sleep_for(300ms);  // the previous sentence cut by this focus change, as a resident does
        const auto t0 = steady_clock::now();
        // The focus change cuts what was playing (the queue is emptied at once), then queues the new sentence.
        reader.command(i % 8 == 7 ? ui::ReaderCommand::Previous : ui::ReaderCommand::Next, ui);
        // Heard: the queue holds the new sentence, then the device takes from it.
        bool queued = false;
        double last = 0;
        auto t = t0;
        for (;;) {
            t = steady_clock::now();
            const double q = audio.queued_seconds();
            if (queued && q < last - 1e-6) break;
            queued = queued || q > 0;
            last = q;
            if (t - t0 > 2s) throw bench::BenchError("the device never took the sentence");
            std::this_thread::sleep_for(200us);
        }
        ms.push_back(duration<double, std::milli>(t - t0).count());
        ui.record = r;
        reader.observe(ui);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("focus change to the first sample taken by the SDL device (%s), %d changes: median %.1f ms, p95 %.1f ms, "
                "max %.1f ms (goal <= 150 ms)\n",
                std::getenv("SDL_AUDIODRIVER") ? std::getenv("SDL_AUDIODRIVER") : "default", rounds,
                ms[ms.size() / 2], ms[static_cast<std::size_t>(0.95 * static_cast<double>(ms.size() - 1))], ms.back());
    return 0;
}

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 40;
    if (argc > 2 && std::strcmp(argv[2], "--device") == 0) {
        try {
            return device_latency(rounds);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "guichet-speech-bench: %s\n", e.what());
            return 1;
        }
    }
    try {
        CountingAudio audio;
        auto speaker = bench::must(speech::Speaker::start({}, audio), "speaker");
        std::vector<double> latencies;
        const double cpu_before = cpu_seconds();
        const auto wall_before = steady_clock::now();
        for (int i = 0; i < rounds; ++i) {
            speaker->say(kTexts[i % std::size(kTexts)]);
            if (!speaker->wait_idle(10s)) throw bench::BenchError("the speaker did not finish in 10 s");
            latencies.push_back(static_cast<double>(speaker->stats().last_latency.value().count()) / 1000.0);
        }
        const double cpu = cpu_seconds() - cpu_before;
        const double wall = duration<double>(steady_clock::now() - wall_before).count();
        std::sort(latencies.begin(), latencies.end());
        auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))]; };
        std::printf("say() to first samples over %d utterances: median %.1f ms, p95 %.1f ms, max %.1f ms (goal <= 150 ms)\n",
                    rounds, pct(0.5), pct(0.95), latencies.back());
        std::printf("synthesis: %.1f s of speech made in %.2f s of CPU (%.1f %% of one core while speaking in real time), "
                    "wall %.2f s\n",
                    audio.seconds(), cpu, 100.0 * cpu / audio.seconds(), wall);
        // Idle: the thread waits on a condition variable; measured over 5 s.
        const double idle_before = cpu_seconds();
        std::this_thread::sleep_for(5s);
        std::printf("idle with the speaker running: %.3f %% of one core over 5 s (goal < 1 %%)\n",
                    100.0 * (cpu_seconds() - idle_before) / 5.0);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "guichet-speech-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
