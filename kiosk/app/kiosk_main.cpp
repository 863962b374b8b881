// guichet-kiosk: the touch kiosk. Thin: parses the command line, wires the
// platform (SDL2 + GL + ImGui), the content loader (worker thread) and the
// screen dispatcher, then runs the event-driven loop or a replay script.
#include "common/file.hpp"
#include "platform/platform.hpp"
#include "app/frame_stats.hpp"
#include "app/kiosk_voice.hpp"
#include "ui/app.hpp"
#include "ui/printing.hpp"
#include "ui/content_loader.hpp"
#include "ui/fonts.hpp"
#include "ui/layout_check.hpp"
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

// Today's local date, YYYY-MM-DD.
std::string local_date() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

struct Kiosk {
    platform::Platform& pf;
    ui::Ui& ui;
    ui::KioskApp& app;
    ui::ContentLoader& loader;
    const ui::FontFiles& font_files;
    std::string fixed_date;  // --date, else the system clock
    ui::StoreWorker* store = nullptr;  // null without --state
    FrameStats* stats = nullptr;  // --frame-stats
    int frames_checked = 0;       // --check-layout
    // Speech's activation: a tap played over three frames (move, press, release).
    std::optional<ui::ScreenReader::Point> tap = {};
    int tap_frame = 0;
    bool mouse_was_down = false;  // replays: the synthetic pointer's last state, for the gestures
    float mouse_x = 0, mouse_y = 0;

    bool tap_pending() const { return tap.has_value(); }

    // A navigation key: the mode's toggle, or a command for the reader.
    bool nav_key(platform::NavKeyPress k) {
        using platform::NavKey;
        if (k.key == NavKey::Toggle) {
            app.toggle_non_visual();
            return true;
        }
        ui::ReaderCommand c = ui::ReaderCommand::Next;
        switch (k.key) {
            case NavKey::Next: c = ui::ReaderCommand::Next; break;
            case NavKey::Previous: c = ui::ReaderCommand::Previous; break;
            case NavKey::NextRow: c = ui::ReaderCommand::NextRow; break;
            case NavKey::PreviousRow: c = ui::ReaderCommand::PreviousRow; break;
            case NavKey::Activate: c = ui::ReaderCommand::Activate; break;
            case NavKey::Back: c = ui::ReaderCommand::Back; break;
            case NavKey::Repeat: c = ui::ReaderCommand::Repeat; break;
            case NavKey::Help: c = ui::ReaderCommand::Help; break;
            default: return false;
        }
        return app.nav_key(c, k.keypad);
    }

    // Replays: the scripted keys and pointer go through speech first, as real input does in the platform.
    void speech_input(platform::SyntheticInput& in) {
        std::vector<int> kept;
        for (int sc : in.keys_down) {
            const platform::NavKeyPress k = platform::nav_key(sc);
            const bool captured = app.captures_pointer() || k.keypad;
            if (k.key != platform::NavKey::None && captured && nav_key(k)) continue;
            kept.push_back(sc);
        }
        in.keys_down = std::move(kept);
        using PE = ui::KioskApp::PointerEvent;
        if (in.mouse_x >= 0) {
            if (in.mouse_down && !mouse_was_down) app.pointer(PE::Down, in.mouse_x, in.mouse_y);
            else if (in.mouse_down && (in.mouse_x != mouse_x || in.mouse_y != mouse_y)) app.pointer(PE::Move, in.mouse_x, in.mouse_y);
            else if (!in.mouse_down && mouse_was_down) app.pointer(PE::Up, in.mouse_x, in.mouse_y);
        }
        mouse_was_down = in.mouse_down;
        mouse_x = in.mouse_x;
        mouse_y = in.mouse_y;
    }

    // Real input: what the platform kept for speech (keypad keys; everything in non-visual mode).
    void speech_input() {
        for (const platform::NavKeyPress& k : pf.take_nav_keys()) nav_key(k);
        using PE = ui::KioskApp::PointerEvent;
        for (const platform::PointerEvent& e : pf.take_pointer_events()) {
            app.pointer(e.kind == platform::PointerEvent::Down ? PE::Down : e.kind == platform::PointerEvent::Up ? PE::Up : PE::Move,
                        e.x, e.y);
        }
    }

    // The pointer of this frame when speech plays a tap (null otherwise).
    std::optional<platform::PointerOverride> tap_pointer() {
        if (!tap) return std::nullopt;
        const platform::PointerOverride p{tap->x, tap->y, tap_frame == 1};
        if (++tap_frame == 3) tap.reset();
        return p;
    }

    // At a frame boundary: a new text size rebuilds the font atlas natively
    // at that size (FreeType, crisp) and uploads it again.
    void apply_text_scale() {
        const float wanted = app.settings().text_scale;
        if (wanted == ui.metrics.text_scale) return;
        ui::Metrics m = ui.metrics;
        m.text_scale = wanted;
        auto fonts = font_files.build(m);
        if (!fonts) {
            std::fprintf(stderr, "guichet-kiosk: %s\n", fonts.error().message.c_str());
            return;
        }
        ui.metrics = m;
        ui.fonts = *fonts;
        pf.reload_font_texture();
    }

    // One frame with the given input; SHOT: PNG written before presenting.
    bool frame(const platform::SyntheticInput* in, const fs::path* shot = nullptr) {
        // Replays: a store job (submit, lookup) queued by the previous frame has
        // finished before this one drains the queue, so scripts are deterministic.
        if (in && store) store->wait_idle();
        if (in) app.wait_background();  // likewise a photo, page or signature being made, a PIN check
        if (in) app.wait_map();  // and so has the map's tile decoding
        if (in) app.wait_print();  // and a print sent to CUPS
        if (stats) stats->begin();
        // After a session reset: look for a pack the agent installed. Replays
        // wait for the answer so that scripts stay deterministic.
        if (app.take_rescan_request() && loader.rescan() && in) app.offer(loader.wait());
        if (auto r = loader.poll()) app.offer(std::move(*r));  // the queue, drained once per frame
        apply_text_scale();
        app.set_today(fixed_date.empty() ? local_date() : fixed_date);
        app.set_wall_time(static_cast<std::int64_t>(std::time(nullptr)));
        const std::optional<platform::PointerOverride> speech_tap = tap_pointer();
        if (in) {
            platform::SyntheticInput scripted = *in;
            speech_input(scripted);
            if (speech_tap) {
                scripted.mouse_x = speech_tap->x;
                scripted.mouse_y = speech_tap->y;
                scripted.mouse_down = speech_tap->down;
            } else if (app.captures_pointer()) {
                scripted.mouse_x = -1;  // non-visual mode: the screens get no touch but the reader's taps
                scripted.mouse_down = false;
            }
            pf.new_frame_synthetic(scripted);
        } else {
            speech_input();
            pf.new_frame(speech_tap ? &*speech_tap : nullptr);
        }
        ui.fingers.clear();  // raw touch points for the map's pinch (ImGui has no multi-touch)
        for (const platform::Finger& f : pf.fingers()) ui.fingers.push_back({f.id, f.x, f.y});
        app.frame();
        if (auto t = app.take_reader_tap(); t && !tap) {
            tap = t;
            tap_frame = 0;
        }
        pf.set_capture(app.captures_pointer());
        if (app.take_alert()) pf.play_alert();
        // Replays check ImGui's record of each frame, not its pixels: only the
        // frames photographed (or timed) are drawn, which makes them much faster.
        const bool draw = in == nullptr || shot != nullptr || stats != nullptr;
        const ui::Rgb bg = ui.theme.background;  // cleared to, not painted by the kiosk window
        pf.set_clear_color(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f);
        if (draw) pf.render();
        else pf.end_frame_undrawn();
        bool ok = true;
        if (shot) {
            if (auto w = pf.screenshot(*shot); !w) {
                std::fprintf(stderr, "guichet-kiosk: %s\n", w.error().message.c_str());
                ok = false;
            }
        }
        if (draw) pf.present();
        if (stats) {
            pf.finish();
            stats->end(draw ? pf.last_redraw_share() : 0);
        }
        return ok;
    }
};

// The layout check of the frame just drawn (ui/layout_check.hpp).
std::vector<std::string> layout_problems(const Kiosk& k, bool after_drag = false) {
    ui::LayoutRules rules;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    rules.width = vp->Size.x;
    rules.height = vp->Size.y;
    rules.metrics = k.ui.metrics;
    rules.min_text_contrast = k.app.settings().high_contrast ? 7.0 : 4.5;
    rules.focus = !after_drag;  // a resident may scroll the field being typed out of view
    return ui::check_layout(k.ui.record, rules);
}

int run_replay(Kiosk& k, const std::vector<ui::ReplayCommand>& cmds, const fs::path& shots, bool check_each) {
    platform::SyntheticInput in;
    auto step = [&](int n = 1) {
        for (int i = 0; i < n; ++i) {
            k.frame(&in);
            in.text.clear();  // typed text and keys reach one frame only, as real events do
            in.keys_down.clear();
        }
    };
    // Speech's work after a key or a gesture: its scroll seen, its tap played
    // (at most 30 frames), then what the tap started finished, as after a tap.
    auto settle_speech = [&] {
        for (int i = 0; i < 30 && (k.app.reader_busy() || k.tap_pending()); ++i) step();
        if (k.store) k.store->wait_idle();
        k.app.wait_background();
        step(3);
    };
    auto tap_at = [&](float x, float y) {
        in.mouse_x = x;
        in.mouse_y = y;
        in.mouse_down = false;
        step();
        in.mouse_down = true;
        step();
        in.mouse_down = false;
        step();  // release: the click
        if (k.store) k.store->wait_idle();  // a submit or lookup it started has finished: deterministic
        k.app.wait_background();            // so has a PIN check or a sync request
        step(2);  // the result drained, the new screen's deferred layout
        if (k.app.reader_busy() || k.tap_pending()) settle_speech();  // a double tap in non-visual mode
    };
    std::size_t spoken_seen = 0;  // expect-spoken reads on from here
    int keypad_presses = 0;  // every navigation key pressed (the closing figures of a keypad-only démarche)
    auto press_key = [&](const char* name) {
        in.keys_down = {platform::Platform::scancode_from_name(name)};
        ++keypad_presses;
        step();
        step(3);
        settle_speech();
    };
    auto find_named = [&](const std::string& name) -> const ui::Element* {
        for (const ui::Element& e : k.ui.record.elements)
            if (e.name == name) return &e;
        return nullptr;
    };
    // The centre of what can be seen of E (its clip rectangle): a half-hidden
    // control is touched where it shows, never through the band over it.
    auto tap_element = [&](const ui::Element& e) {
        const float x0 = std::max(e.x0, e.clip.x0), y0 = std::max(e.y0, e.clip.y0);
        const float x1 = e.clip.x1 > e.clip.x0 ? std::min(e.x1, e.clip.x1) : e.x1;
        const float y1 = e.clip.y1 > e.clip.y0 ? std::min(e.y1, e.clip.y1) : e.y1;
        tap_at((x0 + x1) * 0.5f, (y0 + y1) * 0.5f);
    };
    // As a resident would: scrolls the content (drags, then lets inertia end)
    // until OK() holds; at most 40 drags down, then 40 up. False when it never does.
    auto scroll_until = [&](const std::function<bool()>& ok) {
        if (ok()) return true;
        const ui::Region* content = nullptr;
        for (const ui::Region& r : k.ui.record.regions)
            if (r.name == "contenu") content = &r;
        if (content == nullptr) return false;
        const ui::Rect c = content->rect;
        for (int dir : {1, -1}) {
            for (int i = 0; i < 40; ++i) {
                const float h = c.y1 - c.y0, x = (c.x0 + c.x1) * 0.5f;
                const float from = c.y0 + h * (dir > 0 ? 0.85f : 0.15f), to = c.y0 + h * (dir > 0 ? 0.15f : 0.85f);
                in.mouse_x = x;
                in.mouse_y = from;
                in.mouse_down = true;
                step();
                for (int s = 1; s <= 8; ++s) {
                    in.mouse_y = from + (to - from) * static_cast<float>(s) / 8;
                    step();
                }
                step(10);  // the finger held still before it lifts: no fling past what is looked for
                in.mouse_down = false;
                step();
                for (int s = 0; s < 300 && k.ui.animating; ++s) step();  // what inertia is left runs out
                step(2);
                if (ok()) return true;
            }
        }
        return false;
    };
    // FIND's element, scrolled until at least half of it is visible.
    auto reveal = [&](const std::function<const ui::Element*()>& find) -> const ui::Element* {
        auto shown = [&](const ui::Element* e) {
            if (e == nullptr) return false;
            if (!(e->clip.y1 > e->clip.y0)) return true;
            const float seen = std::min(e->y1, e->clip.y1) - std::max(e->y0, e->clip.y0);
            return seen >= 0.5f * std::min(e->y1 - e->y0, e->clip.y1 - e->clip.y0);
        };
        scroll_until([&] { return shown(find()); });
        return find();
    };
    step(3);
    bool scrolled_on_purpose = false;
    for (const ui::ReplayCommand& c : cmds) {
        auto failed = [&](const std::string& why) {
            std::fprintf(stderr, "replay: line %d: %s\nreplay: visible texts:\n", c.line, why.c_str());
            for (const std::string& t : k.ui.record.texts) std::fprintf(stderr, "  | %s\n", t.c_str());
            fs::path p = shots / ("failure-line" + std::to_string(c.line) + ".png");
            k.frame(&in, &p);
            std::fprintf(stderr, "replay: screenshot of the failure: %s\n", p.c_str());
            return 1;
        };
        switch (c.kind) {
            case ui::ReplayCommand::Tap: tap_at(c.xy[0], c.xy[1]); break;
            case ui::ReplayCommand::Hold: {  // a finger held still for MS of simulated time
                in.mouse_x = c.xy[0];
                in.mouse_y = c.xy[1];
                in.mouse_down = true;
                step();
                double left = c.ms / 1000.0;
                while (left > 1e-9) {
                    double dt = std::min(left, 0.1);
                    in.dt_seconds = dt;
                    step();
                    left -= dt;
                }
                in.dt_seconds = 1.0 / 60.0;
                in.mouse_down = false;
                step();
                settle_speech();
                break;
            }
            case ui::ReplayCommand::NextUntil: {
                // As a blind resident does: « suivant » until the wanted item is heard.
                const std::string wanted = ui::replay_plain_spaces(c.arg);
                bool heard = false;
                for (int i = 0; i < 200 && !heard; ++i) {
                    press_key("Keypad 6");
                    const auto& said = k.app.reader().spoken();
                    heard = !said.empty() && ui::replay_plain_spaces(said.back()).find(wanted) != std::string::npos;
                }
                if (!heard) return failed("200 presses of keypad 6 and \"" + c.arg + "\" never heard");
                spoken_seen = k.app.reader().spoken().size();
                break;
            }
            case ui::ReplayCommand::KeypadType: {
                // Key by key, moving the focus over the on-screen keyboard with 8 2 4 6 and
                // typing with 5, as a resident listening would; each key typed is heard.
                for (const std::string& name : ui::key_names_for(c.arg)) {
                    bool typed = false;
                    for (int i = 0; i < 120 && !typed; ++i) {
                        const ui::Element* target = find_named(name);
                        if (target == nullptr) target = find_named("key:shift");  // a capital: Maj first
                        if (target == nullptr) return failed("no on-screen key \"" + name + "\" (is the keyboard open?)");
                        const std::string target_name = target->name;
                        const ui::Rect t{target->x0, target->y0, target->x1, target->y1};
                        const auto& focus = k.app.reader().focused();
                        if (focus && focus->name == target_name) {
                            press_key("Keypad 5");
                            typed = target_name == name;
                            continue;
                        }
                        const ui::Rect f = focus ? focus->rect : ui::Rect{};
                        const bool on_key = focus && focus->region == "clavier";
                        if (!on_key || t.y0 >= f.y1 - 1) press_key("Keypad 2");
                        else if (t.y1 <= f.y0 + 1) press_key("Keypad 8");
                        else press_key(t.x0 > f.x0 ? "Keypad 6" : "Keypad 4");
                    }
                    if (!typed) return failed("could not reach the key \"" + name + "\" with the keypad");
                }
                spoken_seen = k.app.reader().spoken().size();
                break;
            }
            case ui::ReplayCommand::ExpectNotSpoken: {
                const std::string unwanted = ui::replay_plain_spaces(c.arg);
                const auto& said = k.app.reader().spoken();
                for (std::size_t i = spoken_seen + 1; i < said.size(); ++i)
                    if (ui::replay_plain_spaces(said[i]).find(unwanted) != std::string::npos)
                        return failed("said « " + said[i] + " », which contains \"" + c.arg + "\"");
                break;
            }
            case ui::ReplayCommand::ExpectSpoken: {
                const std::string wanted = ui::replay_plain_spaces(c.arg);
                const auto& said = k.app.reader().spoken();
                std::size_t i = spoken_seen;
                while (i < said.size() && ui::replay_plain_spaces(said[i]).find(wanted) == std::string::npos) ++i;
                if (i == said.size()) {
                    std::fprintf(stderr, "replay: said since the last expect-spoken:\n");
                    for (std::size_t j = spoken_seen; j < said.size(); ++j) std::fprintf(stderr, "  > %s\n", said[j].c_str());
                    return failed("nothing said contains \"" + c.arg + "\"");
                }
                spoken_seen = i;  // the next expectation may be later in the same sentence
                break;
            }
            case ui::ReplayCommand::DoubleTap:  // two taps 5 frames (83 ms) apart
                tap_at(c.xy[0], c.xy[1]);
                tap_at(c.xy[0], c.xy[1]);
                break;
            case ui::ReplayCommand::Pinch: {
                // Two synthetic fingers on a horizontal line through (CX, CY), from D1 to D2 apart, over 10 frames.
                in.mouse_down = false;
                for (int i = 0; i <= 10; ++i) {
                    const float d = c.xy[2] + (c.xy[3] - c.xy[2]) * static_cast<float>(i) / 10;
                    in.fingers = {{1, c.xy[0] - d / 2, c.xy[1]}, {2, c.xy[0] + d / 2, c.xy[1]}};
                    step();
                }
                in.fingers.clear();
                step(3);
                break;
            }
            case ui::ReplayCommand::TapLabel: {
                const std::string wanted = ui::replay_plain_spaces(c.arg);
                const ui::Element* hit = reveal([&]() -> const ui::Element* {
                    for (const ui::Element& e : k.ui.record.elements)
                        if (ui::replay_plain_spaces(e.label) == wanted) return &e;
                    for (const ui::Element& e : k.ui.record.elements)
                        if (ui::replay_plain_spaces(e.label).find(wanted) != std::string::npos) return &e;
                    return nullptr;
                });
                if (!hit) return failed("no button labelled \"" + c.arg + "\" on screen");
                tap_element(*hit);
                break;
            }
            case ui::ReplayCommand::Press: {
                const ui::Element* hit = reveal([&] { return find_named(c.arg); });
                if (!hit) return failed("no element named \"" + c.arg + "\" on screen");
                tap_element(*hit);
                break;
            }
            case ui::ReplayCommand::ExpectVisible: {
                const ui::Element* e = find_named(c.arg);
                if (e == nullptr) return failed("no element named \"" + c.arg + "\" on screen");
                const ui::Rect& r = e->clip;
                if (r.x1 > r.x0 && (e->x0 < r.x0 - 1 || e->y0 < r.y0 - 1 || e->x1 > r.x1 + 1 || e->y1 > r.y1 + 1))
                    return failed("\"" + c.arg + "\" is only partly in view");
                break;
            }
            case ui::ReplayCommand::Check: {
                const auto problems = layout_problems(k);
                if (!problems.empty()) {
                    for (const std::string& p : problems) std::fprintf(stderr, "replay: layout: %s\n", p.c_str());
                    return failed(std::to_string(problems.size()) + " layout problem(s)");
                }
                break;
            }
            case ui::ReplayCommand::Keys: {
                // Types through the on-screen keyboard, key by key; Maj for a capital.
                for (const std::string& name : ui::key_names_for(c.arg)) {
                    const ui::Element* hit = find_named(name);
                    if (!hit && find_named("key:shift")) {
                        const ui::Element* shift = find_named("key:shift");
                        tap_at((shift->x0 + shift->x1) * 0.5f, (shift->y0 + shift->y1) * 0.5f);
                        hit = find_named(name);
                    }
                    if (!hit) return failed("no on-screen key \"" + name + "\" (is a text field focused?)");
                    tap_element(*hit);
                }
                break;
            }
            case ui::ReplayCommand::Drag: {
                in.mouse_x = c.xy[0];
                in.mouse_y = c.xy[1];
                in.mouse_down = true;
                step();
                for (int i = 1; i <= 8; ++i) {
                    in.mouse_x = c.xy[0] + (c.xy[2] - c.xy[0]) * static_cast<float>(i) / 8;
                    in.mouse_y = c.xy[1] + (c.xy[3] - c.xy[1]) * static_cast<float>(i) / 8;
                    step();
                }
                in.mouse_down = false;
                step(3);
                if (k.app.reader_busy() || k.tap_pending()) settle_speech();  // a swipe in non-visual mode
                break;
            }
            case ui::ReplayCommand::Type: in.text = c.arg; step(3); break;
            case ui::ReplayCommand::Key: {
                int sc = platform::Platform::scancode_from_name(c.arg);
                if (sc < 0) return failed("unknown key name \"" + c.arg + "\"");
                in.keys_down = {sc};
                ++keypad_presses;
                step();
                step(3);
                settle_speech();  // a navigation key's scroll or tap
                break;
            }
            case ui::ReplayCommand::Wait: {
                // Simulated time, no real sleeping, frames as the real loop would
                // draw them: at most 100 ms apart while animating, and at each
                // change the idle timer announces (the countdown's seconds).
                double left = c.ms / 1000.0;
                while (left > 1e-9) {
                    double dt = k.ui.animating ? std::min(left, 0.1) : left;
                    if (const double wake = k.app.wake_in(); wake >= 0) dt = std::min(dt, wake + 0.001);
                    if (const double video = ui::video_wake_in(k.ui); video >= 0) dt = std::min(dt, video + 0.001);
                    dt = std::max(dt, 0.001);
                    in.dt_seconds = dt;
                    step();
                    left -= dt;
                }
                in.dt_seconds = 1.0 / 60.0;
                step(2);
                break;
            }
            case ui::ReplayCommand::Shot: {
                fs::path p = shots / (c.arg + ".png");
                if (!k.frame(&in, &p)) return 1;
                std::printf("replay: shot %s\n", p.c_str());
                break;
            }
            case ui::ReplayCommand::Expect:
            case ui::ReplayCommand::ExpectNot: {
                const std::string wanted = ui::replay_plain_spaces(c.arg);
                auto visible = [&] {
                    for (const std::string& t : k.ui.record.texts)
                        if (ui::replay_plain_spaces(t).find(wanted) != std::string::npos) return true;
                    return false;
                };
                // `expect` reads on as a resident would, scrolling the content; `expect-not` only what shows.
                const bool found = c.kind == ui::ReplayCommand::Expect ? scroll_until(visible) : visible();
                if (found != (c.kind == ui::ReplayCommand::Expect)) {
                    return failed(std::string(found ? "unexpected" : "expected") + " text \"" + c.arg + "\"");
                }
                break;
            }
            case ui::ReplayCommand::Quit:
                if (keypad_presses > 0) std::printf("replay: %d navigation keys pressed\n", keypad_presses);
                return 0;
        }
        // A drag (and the wait that lets its inertia run out) is the resident scrolling on purpose.
        if (c.kind == ui::ReplayCommand::Drag) scrolled_on_purpose = true;
        else if (c.kind != ui::ReplayCommand::Wait) scrolled_on_purpose = false;
        // --check-layout: every frame a command leaves on screen passes the layout check.
        if (check_each && c.kind != ui::ReplayCommand::Expect && c.kind != ui::ReplayCommand::ExpectNot &&
            c.kind != ui::ReplayCommand::Shot && c.kind != ui::ReplayCommand::Check &&
            c.kind != ui::ReplayCommand::ExpectVisible && c.kind != ui::ReplayCommand::ExpectSpoken &&
            c.kind != ui::ReplayCommand::ExpectNotSpoken) {
            // One more frame first: a field moved by the change a key made above it is brought back
            // into view on the next frame (ui/screens/wizard_fields.cpp); that one frame is not checked.
            step();
            const auto problems = layout_problems(k, scrolled_on_purpose);
            ++k.frames_checked;
            if (!problems.empty()) {
                for (const std::string& p : problems) std::fprintf(stderr, "replay: layout: %s\n", p.c_str());
                return failed(std::to_string(problems.size()) + " layout problem(s) after this command");
            }
        }
    }
    return 0;
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
