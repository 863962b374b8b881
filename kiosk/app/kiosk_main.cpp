// guichet-kiosk: the touch kiosk. Thin: parses the command line, wires the
// platform (SDL2 + GL + ImGui), the content loader (worker thread) and the
// screen dispatcher, then runs the event-driven loop or a replay script.
#include "common/file.hpp"
#include "platform/platform.hpp"
#include "app/kiosk_frame.hpp"
#include "app/replay_runner.hpp"
#include "app/kiosk_voice.hpp"
#include "ui/app.hpp"
#include "ui/printing.hpp"
#include "ui/content_loader.hpp"
#include "ui/fonts.hpp"
#include "ui/player/video_block.hpp"
#include "ui/staff_pin.hpp"
#include "ui/replay.hpp"
#include "ui/store_worker.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <sodium.h>

#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace fs = std::filesystem;
using namespace guichet;
using app::Kiosk;

namespace {

const char* kUsage =
    "usage: guichet-kiosk [options]\n"
    "  --packs DIR        installed packs (*.gpk); trusted keys from DIR/*.pub unless --keys\n"
    "  --keys DIR         trusted pack-signing public keys (minisign *.pub)\n"
    "  --state DIR        the kiosk's state directory (trust state, read only; the démarche store guichet.db)\n"
    "  --kiosk-id ID      this kiosk's id, for pack audiences (default: kiosk)\n"
    "  --size WxH         window size (default 1080x1920, portrait)\n"
    "  --fullscreen       full-screen kiosk mode (default: windowed)\n"
    "  --headless         no display: SDL's offscreen driver, rendered by Mesa\n"
    "  --px-per-mm N      screen density for touch-target sizes (default 3.6)\n"
    "  --high-contrast    start in the high-contrast theme (light text on black, >= 7:1)\n"
    "  --text-scale N     default text size: 1, 1.5 or 2 (residents change it on screen)\n"
    "  --low-reach        start in low-reach mode (every control in the lower part of the screen)\n"
    "  --speech           start with the screens read aloud (docs/speech.md)\n"
    "  --non-visual       start in non-visual mode: keypad and gestures, speech (a kiosk for blind residents)\n"
    "  --no-voice         no speech synthesis (the reader still runs; replays check what it would say)\n"
    "  --idle-limits SPEC idle reset, in seconds: home=0,page=120,form=180,staff=60,warning=30,extensions=10\n"
    "  --date YYYY-MM-DD  today's date for display periods (tests; default: the system clock)\n"
    "  --staff-pin-hash H staff mode's PIN hash (default: the file STATE/staff-pin)\n"
    "  --hash-pin         read a PIN (4 to 12 digits) on stdin, print its hash for STATE/staff-pin, exit\n"
    "  --font-dir DIR     where DejaVuSans.ttf is (default /usr/share/fonts/truetype/dejavu)\n"
    "  --camera SPEC      document camera: 'synthetic' (stand-in, tests), a V4L2 device such as /dev/video0\n"
    "                     (default: the first /dev/videoN that opens)\n"
    "  --visio-test-sources  « Rendez-vous en visio » with camera and microphone stand-ins (tests)\n"
    "  --usb DIR          where residents' USB sticks are mounted (« Depuis une clé USB »; default: not offered)\n"
    "  --printer QUEUE    the CUPS queue for receipts, notes and pages (« Imprimer »; default: none, no button)\n"
    "  --cups-server S    cupsd's domain socket or host:port (default: the CUPS client's, e.g. /run/cups/cups.sock)\n"
    "  --replay SCRIPT    run a replay script (docs/replay-format.md) and exit\n"
    "  --shots DIR        where the script's screenshots go (default: .)\n"
    "  --speech-wav FILE  with --replay: speak with espeak-ng and write everything said to FILE (WAV)\n"
    "  --check-layout     with --replay: check the layout after every command (overlaps, bands, target sizes\n"
    "                     and spacing, the focused field, text contrast); the first problem fails the replay\n"
    "  --watch-packs      look for a changed pack every second and show it at once, back on the home\n"
    "                     screen (guichet-pack preview, while staff edit the content)\n"
    "  --frame-stats FILE benchmark: time every frame (glFinish included), write median/p95/max to FILE at exit\n"
    "                     and every frame's time, in order, to FILE.frames\n"
    "Exit status: 0 success, 1 failure (a replay expectation failed, no GL...), 2 bad command line.\n";

struct Args {
    ui::LoaderOptions loader;
    platform::Options platform;
    float px_per_mm = 3.6f;
    ui::Settings defaults;
    ui::IdleLimits idle_limits;
    std::string date;
    std::string staff_pin_hash;
    bool hash_pin = false;
    std::string font_dir;
    fs::path replay, shots = ".";
    fs::path frame_stats;
    std::string camera;  // --camera
    fs::path usb;        // --usb
    std::string printer, cups_server;  // --printer, --cups-server (docs/print.md)
    bool watch_packs = false;  // --watch-packs
    bool visio_test_sources = false;  // --visio-test-sources
    bool check_layout = false;  // --check-layout: replays check every settled frame (ui/layout_check.hpp)
    bool no_voice = false;      // --no-voice
    fs::path speech_wav;        // --speech-wav
};

int parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (k == "--help" || k == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (k == "--high-contrast") {
            a.defaults.high_contrast = true;
        } else if (k == "--hash-pin") {
            a.hash_pin = true;
        } else if (k == "--low-reach") {
            a.defaults.low_reach = true;
        } else if (k == "--speech") {
            a.defaults.speech = true;
        } else if (k == "--non-visual") {
            a.defaults.speech = a.defaults.non_visual = true;
        } else if (k == "--no-voice") {
            a.no_voice = true;
        } else if (k == "--visio-test-sources") {
            a.visio_test_sources = true;
        } else if (k == "--watch-packs") {
            a.watch_packs = true;
        } else if (k == "--check-layout") {
            a.check_layout = true;
        } else if (k == "--fullscreen") {
            a.platform.fullscreen = true;
        } else if (k == "--headless") {
            a.platform.headless = true;
        } else if (!value(v)) {
            std::fprintf(stderr, "guichet-kiosk: %s\n%s", (k.rfind("--", 0) == 0 ? "missing value for " + k : "unknown argument " + k).c_str(), kUsage);
            return 2;
        } else if (k == "--packs") {
            a.loader.packs_dir = v;
        } else if (k == "--keys") {
            a.loader.keys_dir = v;
        } else if (k == "--state") {
            a.loader.state_dir = v;
        } else if (k == "--kiosk-id") {
            a.loader.kiosk_id = v;
        } else if (k == "--text-scale") {
            a.defaults.text_scale = std::strtof(v.c_str(), nullptr);
            if (!ui::valid_text_scale(a.defaults.text_scale)) {
                std::fprintf(stderr, "guichet-kiosk: bad --text-scale %s (1, 1.5 or 2)\n", v.c_str());
                return 2;
            }
        } else if (k == "--idle-limits") {
            auto limits = ui::parse_idle_limits(v);
            if (!limits) {
                std::fprintf(stderr, "guichet-kiosk: --idle-limits: %s\n", limits.error().message.c_str());
                return 2;
            }
            a.idle_limits = *limits;
        } else if (k == "--date") {
            int y = 0, m = 0, d = 0;
            if (v.size() != 10 || std::sscanf(v.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
                std::fprintf(stderr, "guichet-kiosk: bad --date %s (expected YYYY-MM-DD)\n", v.c_str());
                return 2;
            }
            a.date = v;
        } else if (k == "--staff-pin-hash") {
            a.staff_pin_hash = v;
        } else if (k == "--font-dir") {
            a.font_dir = v;
        } else if (k == "--camera") {
            a.camera = v;
        } else if (k == "--usb") {
            a.usb = v;
        } else if (k == "--printer") {
            a.printer = v;
        } else if (k == "--cups-server") {
            a.cups_server = v;
        } else if (k == "--replay") {
            a.replay = v;
        } else if (k == "--speech-wav") {
            a.speech_wav = v;
        } else if (k == "--shots") {
            a.shots = v;
        } else if (k == "--frame-stats") {
            a.frame_stats = v;
        } else if (k == "--px-per-mm") {
            a.px_per_mm = std::strtof(v.c_str(), nullptr);
            if (!(a.px_per_mm > 0.5f && a.px_per_mm < 100.0f)) {
                std::fprintf(stderr, "guichet-kiosk: bad --px-per-mm %s\n", v.c_str());
                return 2;
            }
        } else if (k == "--size") {
            int w = 0, h = 0;
            if (std::sscanf(v.c_str(), "%dx%d", &w, &h) != 2 || w < 200 || h < 200 || w > 8192 || h > 8192) {
                std::fprintf(stderr, "guichet-kiosk: bad --size %s (expected WxH, e.g. 1080x1920)\n", v.c_str());
                return 2;
            }
            a.platform.width = w;
            a.platform.height = h;
        } else {
            std::fprintf(stderr, "guichet-kiosk: unknown option %s\n%s", k.c_str(), kUsage);
            return 2;
        }
    }
    return 0;
}

// --hash-pin: the PIN from stdin, its hash on stdout.
int print_pin_hash() {
    std::string pin;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar()) pin += static_cast<char>(c);
    auto hash = ui::hash_staff_pin(pin);
    sodium_memzero(pin.data(), pin.size());
    if (!hash) {
        std::fprintf(stderr, "guichet-kiosk: %s\n", hash.error().message.c_str());
        return 2;
    }
    std::printf("%s\n", hash->c_str());
    return 0;
}

// Staff mode's PIN hash: --staff-pin-hash, else STATE/staff-pin (read at start-up, before the first frame).
std::string staff_pin_hash(const Args& a) {
    if (!a.staff_pin_hash.empty() || a.loader.state_dir.empty()) return a.staff_pin_hash;
    auto text = read_text_file(a.loader.state_dir / "staff-pin", 4096);
    if (!text) return {};
    std::string h = *text;
    while (!h.empty() && (h.back() == '\n' || h.back() == '\r' || h.back() == ' ')) h.pop_back();
    return h;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    if (int rc = parse_args(argc, argv, args); rc != 0) return rc;
    if (args.hash_pin) return print_pin_hash();
    std::vector<ui::ReplayCommand> script;
    if (!args.replay.empty()) {
        auto text = read_text_file(args.replay, 1 << 20);
        if (!text) {
            std::fprintf(stderr, "guichet-kiosk: %s\n", text.error().message.c_str());
            return 1;
        }
        auto parsed = ui::parse_replay(*text);
        if (!parsed) {
            std::fprintf(stderr, "guichet-kiosk: %s: %s\n", args.replay.c_str(), parsed.error().message.c_str());
            return 2;
        }
        script = std::move(*parsed);
        std::error_code ec;
        fs::create_directories(args.shots, ec);
    }

    args.platform.title = "Guichet";
    auto pf = platform::Platform::create(args.platform);
    if (!pf) {
        std::fprintf(stderr, "guichet-kiosk: %s\n", pf.error().message.c_str());
        return 1;
    }
    ui::Ui ui;
    // Replays: video guides follow the simulated clock, frame-exact and silent.
    if (!args.replay.empty()) ui.videos = std::make_shared<ui::VideoGuides>(ui::PlayerOptions{.deterministic = true});
    ui.metrics.px_per_mm = args.px_per_mm;
    ui.metrics.text_scale = args.defaults.text_scale;
    ui.theme = ui::theme_for(args.defaults);
    auto font_files = ui::FontFiles::read(args.font_dir);
    if (!font_files) {
        std::fprintf(stderr, "guichet-kiosk: %s\n", font_files.error().message.c_str());
        return 1;
    }
    if (font_files->icons_missing())
        std::fprintf(stderr, "guichet-kiosk: no icon font (/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf, "
                             "Debian package fonts-font-awesome): the menu shows no pictograms\n");
    auto fonts = font_files->build(ui.metrics);
    if (!fonts) {
        std::fprintf(stderr, "guichet-kiosk: %s\n", fonts.error().message.c_str());
        return 1;
    }
    ui.fonts = *fonts;
    if (auto missing = ui::missing_glyphs(ui.fonts.body); !missing.empty()) {
        std::fprintf(stderr, "guichet-kiosk: warning: %zu French glyphs missing from the body font (first U+%04X)\n",
                     missing.size(), missing.front());
    }
    std::fprintf(stderr, "guichet-kiosk: %dx%d, %s, fonts by %s, %s\n", (*pf)->width(), (*pf)->height(),
                 (*pf)->renderer_name().c_str(), ui.fonts.rasteriser.c_str(),
                 (*pf)->partial_redraw() ? "partial redraw" : "full redraw (the back buffer is not kept)");

    ui::KioskApp app(ui, args.defaults, args.idle_limits);
    if (args.platform.fullscreen) app.show_attract();  // a kiosk in the lobby waits on its attract screen
    ui::ContentLoader loader(args.loader, [] { platform::Platform::wake(); });
    loader.request();
    // The démarche store (submit, « Suivre ma demande »), on its own thread.
    std::unique_ptr<ui::StoreWorker> store;
    if (!args.loader.state_dir.empty())
        store = std::make_unique<ui::StoreWorker>(args.loader.state_dir, [] { platform::Platform::wake(); });
    app.set_store(store.get());
    // The printer (docs/print.md): its own thread; no queue configured, no « Imprimer » button.
    // Declared first, so destroyed after the worker: pango's and fontconfig's caches freed (the leak checker).
    struct ReleaseFonts {
        bool used = false;
        ~ReleaseFonts() {
            if (used) print::release_font_caches();
        }
    } release_fonts;
    std::unique_ptr<print::PrintWorker> print_worker;
    std::unique_ptr<ui::Printing> printing;
    if (!args.printer.empty()) {
        print_worker = std::make_unique<print::PrintWorker>(print::CupsPrinter(args.cups_server, args.printer),
                                                            [] { platform::Platform::wake(); });
        if (!args.loader.state_dir.empty()) print_worker->write_status_to(args.loader.state_dir / "printer-status.json");
        print_worker->probe();
        release_fonts.used = true;
        printing = std::make_unique<ui::Printing>(*print_worker);
        app.set_printing(printing.get());
    }
    app.set_staff(staff_pin_hash(args), args.loader.state_dir);
    app.set_capture({args.camera, args.usb, [] { platform::Platform::wake(); }});
    app.set_visio_test_sources(args.visio_test_sources);
    // The voice: espeak-ng read now, at start-up. Replays speak only to write --speech-wav.
    std::unique_ptr<app::KioskVoice> voice;
    if (!args.no_voice && (args.replay.empty() || !args.speech_wav.empty())) {
        auto v = app::KioskVoice::start(!args.speech_wav.empty());
        if (v) voice = std::move(*v);
        else std::fprintf(stderr, "guichet-kiosk: no speech (%s): the screens cannot be read aloud\n", v.error().message.c_str());
    }
    if (!args.speech_wav.empty() && !voice) return 1;
    app.set_speech(voice.get());
    FrameStats stats;
    Kiosk k{**pf, ui, app, loader, *font_files, args.date, store.get(), args.frame_stats.empty() ? nullptr : &stats};
    auto write_stats = [&] {
        if (!args.frame_stats.empty() && !stats.write(args.frame_stats))
            std::fprintf(stderr, "guichet-kiosk: cannot write %s\n", args.frame_stats.c_str());
    };

    if (!args.replay.empty()) {
        app.offer(loader.wait());  // replay starts from a loaded (or refused) pack, deterministically
        int rc = run_replay(k, script, args.shots, args.check_layout);
        for (const std::string& said : app.reader().spoken()) std::printf("replay: said « %s »\n", said.c_str());
        if (voice && !args.speech_wav.empty()) {
            voice->wait_idle(30000);
            if (auto w = voice->write_wav(args.speech_wav.string()); !w) {
                std::fprintf(stderr, "guichet-kiosk: %s\n", w.error().message.c_str());
                rc = 1;
            } else {
                std::printf("replay: speech written to %s (%zu sentences)\n", args.speech_wav.c_str(), app.reader().spoken().size());
            }
        }
        if (args.check_layout && rc == 0) std::printf("replay: layout checked on %d screens\n", k.frames_checked);
        write_stats();
        return rc;
    }

    // Event-driven loop: draw only after input, a worker's wake-up, or while
    // animating; a few frames after each event let ImGui settle its layout.
    bool quit = false;
    int frames_left = 3;
    auto last_frame = std::chrono::steady_clock::now();
    auto last_watch = last_frame;
    if (args.watch_packs) app.switch_packs_at_once();
    while (!quit) {
        // --watch-packs: the loader's worker compares the packs directory (the UI thread does no I/O);
        // a change wakes this loop through the loader's callback.
        if (args.watch_packs && std::chrono::steady_clock::now() - last_watch >= std::chrono::seconds(1)) {
            last_watch = std::chrono::steady_clock::now();
            loader.rescan();
        }
        const bool busy = frames_left > 0 || ui.animating;
        // The idle timer's next change (warning, each second of its countdown,
        // reset) bounds the wait; otherwise a second, as before.
        // The app's clock advances only with frames, hence the real time since the last one.
        // A playing video guide needs its next frame at its own rate.
        const double app_wake = app.wake_in(), video_wake = ui::video_wake_in(ui);
        const double wake = video_wake < 0 ? app_wake : app_wake < 0 ? video_wake : std::min(app_wake, video_wake);
        const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_frame).count();
        const double due_in = wake < 0 ? -1 : wake - since;
        const int timeout = busy ? 0 : due_in < 0 ? 1000 : static_cast<int>(std::min(1.0, due_in) * 1000) + 2;
        if ((*pf)->wait_events(timeout, quit) > 0) frames_left = std::max(frames_left, 3);
        if (quit) break;
        if (wake >= 0 && std::chrono::steady_clock::now() - last_frame >= std::chrono::duration<double>(wake)) {
            frames_left = std::max(frames_left, 1);
        }
        if (k.tap_pending()) frames_left = std::max(frames_left, 1);  // speech's tap: three frames in a row
        if (frames_left == 0 && !ui.animating) continue;
        k.frame(nullptr);
        last_frame = std::chrono::steady_clock::now();
        if (frames_left > 0) --frames_left;
    }
    app.end_usage_session();  // the usage counters of the session in progress (docs/usage-stats.md)
    if (store) store->wait_idle();
    write_stats();
    return 0;
}
