// KioskApp's session lifecycle: the frame clock, the idle timer (warning,
// « Continuer », reset to the attract screen) and the display settings.
#include "ui/app.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

namespace {

// Input the resident gave this frame (a touch, a key, typed text).
bool input_this_frame() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] || io.MouseReleased[0] || io.InputQueueCharacters.Size > 0) return true;
    if (io.MousePos.x >= 0 && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) return true;
    for (bool k : io.KeysDown)
        if (k) return true;
    return false;
}

}  // namespace

double KioskApp::limit_for_route() const {
    const IdleLimits& l = idle_.limits();
    if (attract_ || !content_) return 0;
    switch (stack_.back().kind) {
        // Home has nothing to wipe, unless the resident changed the display.
        case Nav::Home: return settings_ == defaults_ ? l.home : l.page;
        case Nav::Form:
        case Nav::Wizard:
        case Nav::Receipt:
        case Nav::Tracking: return l.form;
        case Nav::Staff: return l.staff;
        case Nav::Visio: {
            // A conversation has no touches: the call holds the session for the
            // room's half hour; the idle reset then hangs up.
            const CallState s = visio_.call.state();
            const bool call = s == CallState::waiting || s == CallState::in_call || s == CallState::reconnecting;
            return call ? std::max(l.form, 1800.0) : l.form;
        }
        default: return l.page;
    }
}

IdleTimer::Phase KioskApp::tick_session() {
    clock_ += static_cast<double>(ImGui::GetIO().DeltaTime);
    idle_.set_limit(limit_for_route(), clock_);
    if (input_this_frame()) idle_.activity(clock_);
    const IdleTimer::Phase before = idle_.phase();
    IdleTimer::Phase phase = idle_.update(clock_);
    if (phase == IdleTimer::Phase::Expired) {
        reset_session();
        attract_ = true;
        phase = idle_.phase();
    }
    if (idle_.take_warning_started()) alert_ = true;
    if (phase != before) settle_frames_ = 3;  // the overlay appears or goes without any input
    if (settle_frames_ > 0) {
        --settle_frames_;
        ui_.animating = true;
    }
    ui_.theme = theme_for(settings_);
    tick_status();
    return phase;
}

double KioskApp::wake_in() const {
    const double hold = gestures_.wake_in(clock_);  // a finger held in the corner
    double idle = idle_.next_change(clock_);
    double status = status_wake_in();
    if (hold >= 0) idle = idle < 0 ? hold : std::min(idle, hold);
    if (idle < 0) return status;
    return status < 0 ? idle : std::min(idle, status);
}

bool KioskApp::take_alert() {
    const bool a = alert_;
    alert_ = false;
    return a;
}

void KioskApp::draw_attract() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("attract", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const bool touched = attract_screen_.draw(ui_, content_ ? content_->pack->title : std::string("Guichet"));
    ImGui::End();
    ImGui::PopStyleVar(2);
    if (touched) {
        attract_ = false;
        settle_frames_ = 3;
        // One sentence as a session starts, for whoever cannot read the screen: how to have it read.
        if (!settings_.speech) reader_.say(tr(ui_, "speech.attract_hint"));
    }
}

void KioskApp::draw_idle_warning(Nav& nav) {
    switch (idle_warning_.draw(ui_, idle_.seconds_left(clock_), idle_.extensions_left(), settings_.low_reach)) {
        case IdleWarningScreen::Continue: idle_.extend(clock_); break;
        case IdleWarningScreen::Finish: nav = {Nav::Reset, {}}; break;
        case IdleWarningScreen::None: break;
    }
}

}  // namespace guichet::ui
