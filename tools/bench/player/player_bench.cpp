// guichet-player-bench: a 720p video guide played by the kiosk's real player
// (kiosk/ui/player: decode worker, frame queue, A/V clock, streaming texture)
// and drawn every due frame through the kiosk's platform (SDL + OpenGL 3 +
// Dear ImGui; headless: Mesa llvmpipe offscreen), paced like the kiosk's
// event loop (it sleeps until the next frame is due). Prints frames shown and
// dropped, CPU use of the whole process and frame times.
//
// Usage: guichet-player-bench [--seconds N] [--sound] [--input FILE.mp4]
//   --sound   plays the sound through SDL's "disk" audio driver into /dev/null
//             (paced in real time like a sound card): the audio clock is the master.
// Without --input, the guide is made with the ffmpeg CLI: testsrc2 1280×720
// at 25 fps with a 440 Hz tone, H.264 CRF 26 (as guichet-pack transcodes) + AAC.
#include "media/video_decoder.hpp"
#include "platform/platform.hpp"
#include "ui/pictures.hpp"
#include "ui/player/video_player.hpp"

#include <imgui.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

double process_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int print_usage(int rc) {
    std::fprintf(rc == 0 ? stdout : stderr,
                 "usage: guichet-player-bench [--seconds N] [--sound] [--input FILE.mp4]\n"
                 "  --seconds N   seconds of playback measured (default 20)\n"
                 "  --sound       sound through SDL's disk driver to /dev/null (audio clock master)\n"
                 "  --input FILE  a guide to play (default: a 720p testsrc2 guide made with the ffmpeg CLI)\n");
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = 20;
    bool sound = false;
    std::string input;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") return print_usage(0);
        if (a == "--sound") sound = true;
        else if (a == "--seconds" && i + 1 < argc) seconds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--input" && i + 1 < argc) input = argv[++i];
        else return print_usage(2);
    }
    const auto dir = std::filesystem::temp_directory_path() / "guichet-player-bench";
    if (input.empty()) {
        std::filesystem::create_directories(dir);
        input = (dir / "guide-720p.mp4").string();
        const std::string command =
            "ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t " +
            std::to_string(seconds + 2) + " -c:v libx264 -preset medium -crf 26 -pix_fmt yuv420p -g 50 -c:a aac -b:a 64k " + input;
        if (std::system(command.c_str()) != 0) {
            std::fprintf(stderr, "guichet-player-bench: the ffmpeg CLI could not make the input\n");
            return 1;
        }
    }
    std::ifstream in(input, std::ios::binary);
    auto bytes = std::make_shared<const Bytes>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto guide = std::make_shared<ui::VideoGuide>();
    guide->path = input;
    guide->bytes = ByteView(bytes->data(), bytes->size());
    guide->keep = bytes;
    {
        auto probe = media::VideoDecoder::open_memory(guide->bytes, input);
        if (!probe) {
            std::fprintf(stderr, "guichet-player-bench: %s\n", probe.error().message.c_str());
            return 1;
        }
        guide->size = media::fit_within(probe->info().size, ui::kPictureBox);
        guide->duration = probe->info().duration_seconds;
        guide->frame_rate = probe->info().frame_rate > 0 ? probe->info().frame_rate : 25;
        guide->has_audio = true;
    }
    if (sound) {
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
    }
    platform::Options po;
    po.headless = true;
    auto pf = platform::Platform::create(po);
    if (!pf) {
        std::fprintf(stderr, "guichet-player-bench: %s\n", pf.error().message.c_str());
        return 1;
    }
    std::printf("guide %s: %dx%d drawn at %dx%d, %.0f fps, %.1f s; renderer %s; sound %s\n", input.c_str(),
                guide->size.width, guide->size.height, 1000, 1000 * guide->size.height / std::max(1, guide->size.width),
                guide->frame_rate, guide->duration, (*pf)->renderer_name().c_str(), sound ? "SDL disk driver" : "off");

    ui::PlayerOptions options;
    options.audio = sound;
    ui::VideoPlayer player(guide, options);
    std::vector<double> frame_ms;
    bool quit = false;
    auto draw = [&] {
        (*pf)->new_frame();
        const auto start = Clock::now();
        player.update(ImGui::GetTime());
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        if (const platform::Texture* t = player.texture())
            ImGui::Image(t->id(), ImVec2(1000, 1000.0f * static_cast<float>(t->height()) / static_cast<float>(t->width())));
        ImGui::Text("%.2f s", player.position());
        ImGui::End();
        (*pf)->render();
        (*pf)->present();
        (*pf)->finish();
        frame_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    };
    // The poster, as the page shows it, then « Lecture ».
    while (!player.has_frame() && player.error().empty()) {
        draw();
        (*pf)->wait_events(10, quit);
    }
    if (!player.error().empty()) {
        std::fprintf(stderr, "guichet-player-bench: %s\n", player.error().c_str());
        return 1;
    }
    frame_ms.clear();
    const auto shown0 = player.stats().shown;
    const double cpu0 = process_cpu_s();
    const auto wall0 = Clock::now();
    player.play(ImGui::GetTime());
    int frames = 0;
    while (!quit && !player.ended() && player.position() < seconds) {
        // The kiosk's event loop: sleep until the next frame is due.
        const double wake = player.wake_in();
        (*pf)->wait_events(wake < 0 ? 100 : static_cast<int>(wake * 1000), quit);
        draw();
        ++frames;
    }
    const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
    const double cpu = process_cpu_s() - cpu0;
    const ui::PlayerStats st = player.stats();
    std::sort(frame_ms.begin(), frame_ms.end());
    auto pct = [&](double q) { return frame_ms.empty() ? 0.0 : frame_ms[std::min(frame_ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(frame_ms.size())))]; };
    const double expected = player.position() * guide->frame_rate;
    std::printf("played %.2f s in %.2f s wall: %d frames drawn, %lld video frames shown, %lld dropped (%.1f %% of %.0f due)\n",
                player.position(), wall, frames, static_cast<long long>(st.shown - shown0), static_cast<long long>(st.dropped),
                expected > 0 ? 100.0 * static_cast<double>(st.dropped) / expected : 0.0, expected);
    std::printf("CPU: %.2f s for %.2f s = %.0f %% of one core (process: decode worker + UI thread + llvmpipe)\n", cpu, wall,
                100.0 * cpu / wall);
    std::printf("UI frame (update + draw + render + glFinish): median %.1f ms, p95 %.1f ms, max %.1f ms\n", pct(0.5), pct(0.95),
                frame_ms.empty() ? 0.0 : frame_ms.back());
    std::printf("audio clock: %s%s%s\n", st.audio ? "yes" : "no", st.audio_note.empty() ? "" : " — ", st.audio_note.c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
