#include "app/replay_runner.hpp"

#include "ui/layout_check.hpp"
#include "ui/player/video_block.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

namespace guichet::app {

namespace {

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

}  // namespace

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
            case ui::ReplayCommand::Await:
            case ui::ReplayCommand::AwaitFrames: {
                // Real time (a call's network and media run on their own threads), bounded.
                const std::string wanted = ui::replay_plain_spaces(c.arg);
                const long base = k.app.visio_uploads();  // await-frames counts from now
                auto done = [&] {
                    if (c.kind == ui::ReplayCommand::AwaitFrames) return k.app.visio_uploads() - base >= c.ms;
                    for (const std::string& t : k.ui.record.texts)
                        if (ui::replay_plain_spaces(t).find(wanted) != std::string::npos) return true;
                    return false;
                };
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
                step();
                while (!done() && std::chrono::steady_clock::now() < deadline) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    step();
                }
                if (!done())
                    return failed(c.kind == ui::ReplayCommand::Await
                                      ? "no text \"" + c.arg + "\" within 15 s"
                                      : "fewer than " + std::to_string(c.ms) + " of the call's pictures drawn within 15 s (" +
                                            std::to_string(k.app.visio_uploads() - base) + ")");
                if (c.kind == ui::ReplayCommand::AwaitFrames)
                    std::printf("replay: %ld of the agent's pictures drawn\n", k.app.visio_uploads() - base);
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

}  // namespace guichet::app
