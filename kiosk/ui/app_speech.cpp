// KioskApp's speech (issue #18, docs/speech.md): the reader fed after each
// frame, the keypad's keys and the touch gestures of non-visual mode, the
// voice's settings. UI thread; the voice itself is the speaker's worker.
#include "ui/app.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

void KioskApp::set_speech(SpeechOutput* out) {
    speech_ = out;
    reader_.set_output(out);
}

void KioskApp::toggle_non_visual() {
    idle_.activity(clock_);
    if (!settings_.non_visual) {
        settings_.non_visual = true;
        settings_.speech = true;
        attract_ = false;  // the session starts: the attract screen has nothing to say
        reader_.reset();   // the screen is announced afresh, after how to use the mode
        reader_.set_intro(tr(ui_, "speech.mode_on"));
    } else {
        settings_.non_visual = false;
        settings_.speech = false;
        reader_.reset();
        reader_.say(tr(ui_, "speech.mode_off"));
    }
    settle_frames_ = 3;
}

bool KioskApp::nav_key(ReaderCommand c, bool keypad) {
    if (!settings_.non_visual) {
        if (!keypad) return false;  // Enter, Escape… act on the screens as before
        toggle_non_visual();        // the keypad needs no sight to be found: any key starts the mode
        return true;
    }
    idle_.activity(clock_);  // a key is the resident's activity, as a touch is
    reader_.command(c, ui_);
    settle_frames_ = 3;
    return true;
}

void KioskApp::pointer(PointerEvent e, float x, float y) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    gestures_.set_screen(ui_.metrics.px_per_mm, vp->Size.x, vp->Size.y);
    std::optional<Gesture> g;
    switch (e) {
        case PointerEvent::Down: gestures_.down(x, y, clock_); break;
        case PointerEvent::Move: gestures_.move(x, y, clock_); break;
        case PointerEvent::Up: g = gestures_.up(x, y, clock_); break;
    }
    if (!g) return;
    if (!settings_.non_visual) {
        // Speech mode with sight: a tap says what it touched, and acts as usual.
        if (settings_.speech && g->kind == Gesture::Tap) reader_.explore(g->x, g->y, ui_);
        return;
    }
    idle_.activity(clock_);
    settle_frames_ = 3;
    switch (g->kind) {
        case Gesture::Tap: reader_.explore(g->x, g->y, ui_); break;
        case Gesture::DoubleTap: reader_.command(ReaderCommand::Activate, ui_); break;
        case Gesture::SwipeRight: reader_.command(ReaderCommand::Next, ui_); break;
        case Gesture::SwipeLeft: reader_.command(ReaderCommand::Previous, ui_); break;
        case Gesture::SwipeUp: reader_.command(ReaderCommand::Repeat, ui_); break;
        case Gesture::SwipeDown: reader_.command(ReaderCommand::Back, ui_); break;
        case Gesture::CornerHold: break;
    }
}

void KioskApp::observe_speech(IdleTimer::Phase phase) {
    // The corner's hold works in any mode: it needs no sight to find.
    if (auto g = gestures_.poll(clock_); g && g->kind == Gesture::CornerHold) toggle_non_visual();
    if (speech_ != nullptr &&
        (settings_.speech_rate != spoken_settings_.speech_rate || settings_.speech_volume != spoken_settings_.speech_volume)) {
        speech_->set_voice(kSpeechRates[settings_.speech_rate], kSpeechVolumes[settings_.speech_volume]);
        spoken_settings_ = settings_;
    }
    if (settings_.speech && !spoken_settings_.speech) {
        reader_.reset();
        reader_.set_intro(tr(ui_, settings_.non_visual ? "speech.mode_on" : "speech.on"));
    }
    spoken_settings_.speech = settings_.speech;
    if (!settings_.speech) return;
    // What identifies the screen being heard: the route, the step, an overlay.
    ui_.record.screen = std::to_string(stack_.back().serial) + "|" + ui_.record.where +
                        (attract_ ? "|attract" : phase == IdleTimer::Phase::Warning ? "|idle" : confirm_.open() ? "|confirm" : "");
    reader_.observe(ui_);
    if (reader_.busy()) ui_.animating = true;  // a scroll or a tap to play on the next frames
    // The focus, outlined for whoever watches (a companion, a resident with low vision).
    if (const auto& f = reader_.focused(); f && settings_.non_visual) {
        const Rect& c = f->clip;
        const bool clipped = c.x1 > c.x0 && c.y1 > c.y0;
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        if (clipped) dl->PushClipRect(ImVec2(c.x0, c.y0), ImVec2(c.x1, c.y1), true);
        dl->AddRect(ImVec2(f->rect.x0 - 4, f->rect.y0 - 4), ImVec2(f->rect.x1 + 4, f->rect.y1 + 4),
                    to_u32(ui_.theme.outline), 12.0f, 0, 6.0f);
        if (clipped) dl->PopClipRect();
    }
}

}  // namespace guichet::ui
