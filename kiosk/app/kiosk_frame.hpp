// guichet-kiosk's frame: one frame of the whole kiosk with real or scripted
// input — speech's keys and gestures first, the pointer speech plays, the
// app's frame, the draw — shared by the event loop (kiosk_main.cpp) and the
// replay runner (replay_runner.cpp).
#pragma once

#include "app/frame_stats.hpp"
#include "common/time_format.hpp"
#include "platform/platform.hpp"
#include "ui/app.hpp"
#include "ui/content_loader.hpp"
#include "ui/fonts.hpp"
#include "ui/store_worker.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guichet::app {

namespace fs = std::filesystem;

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

}  // namespace guichet::app
