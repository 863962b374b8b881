// The dispatcher's usage counters (docs/usage-stats.md): once per frame the
// screen shown, the démarche's step and the settings in force go to the
// session's recorder (ids only, never an answer); at each session reset its
// counts go to the store thread. No I/O here.
#include "ui/app.hpp"

#include <cmath>

namespace guichet::ui {

namespace {

using Screen = usage::SessionRecorder::Screen;

}  // namespace

std::string KioskApp::usage_day() const {
    if (usage::valid_day(today_)) return today_;
    return wall_now_ > 0 ? usage::day_of(wall_now_) : std::string();
}

void KioskApp::observe_usage() {
    if (attract_ || !content_) return;
    const std::string day = usage_day();
    const Route& r = stack_.back();
    Screen screen = Screen::other;
    std::string id;
    std::size_t step = 0;
    switch (r.kind) {
        case Nav::Home:
        case Nav::Staff: screen = Screen::home; break;  // staff mode is no resident's session
        case Nav::Menu:
            screen = Screen::rubrique;
            id = r.target;
            break;
        case Nav::Page:
            screen = Screen::page;
            id = usage::page_item(r.target);
            break;
        case Nav::Map:
            screen = Screen::map;
            id = r.target;
            break;
        case Nav::Wizard:
            screen = Screen::demarche;
            id = r.target;
            if (wizard_.form_id == r.target) step = wizard_.step;
            break;
        case Nav::Receipt: screen = Screen::receipt; break;
        default: break;
    }
    // Only ids the pack has: a route's target comes from the pack, and this
    // makes sure of it (a lower-case text could pass for an id).
    const bool known = id.empty() || (screen == Screen::rubrique && content_->find_menu(r.target)) ||
                       (screen == Screen::map && content_->find_menu(r.target)) ||
                       (screen == Screen::page && content_->page(r.target)) ||
                       (screen == Screen::demarche && content_->form(r.target));
    if (!known) id.clear();
    usage_.observe(day, screen, id, r.serial, step, clock_);
    if (settings_.high_contrast && !defaults_.high_contrast) usage_.setting(day, usage::Setting::high_contrast);
    if (settings_.text_scale != defaults_.text_scale)
        usage_.setting(day, usage::Setting::text_size, static_cast<int>(std::lround(settings_.text_scale * 100)));
    if (settings_.low_reach && !defaults_.low_reach) usage_.setting(day, usage::Setting::low_reach);
    if (settings_.speech && !defaults_.speech) usage_.setting(day, usage::Setting::speech);  // read aloud, with or without sight
}


void KioskApp::flush_usage() {
    usage_.end_session(usage_day());
    if (store_ != nullptr) store_->record_usage(usage_.take());
    else (void)usage_.take();
}

}  // namespace guichet::ui
