#include "usage/recorder.hpp"

#include <cmath>

namespace guichet::usage {

void SessionRecorder::touch(std::string_view day) {
    if (counted_session_) return;
    counted_session_ = tally_.add(day, Counter::session);
}

void SessionRecorder::abandon(std::string_view day) {
    if (!form_.empty() && !finished_)
        tally_.add(day, Counter::demarche_abandoned, form_, static_cast<int>(std::min<std::size_t>(step_ + 1, kMaxIndex)));
    finished_ = true;
    form_.clear();
}

void SessionRecorder::observe(std::string_view day, Screen screen, std::string_view id, int visit, std::size_t step,
                              double clock) {
    const bool new_visit = visit != last_visit_ || screen != last_screen_;
    last_visit_ = visit;
    last_screen_ = screen;
    if (screen != Screen::home) touch(day);
    switch (screen) {
        case Screen::demarche:
            if (form_ != id || finished_) {  // a new démarche (another form, or the same again after a receipt)
                abandon(day);
                if (!valid_item(id) || id.empty()) return;
                form_ = std::string(id);
                finished_ = false;
                started_at_ = clock;
                tally_.add(day, Counter::demarche_started, form_);
            }
            step_ = step;
            return;
        case Screen::receipt:
            // The receipt is shown only once the démarche is stored.
            if (!form_.empty() && !finished_) {
                tally_.add(day, Counter::demarche_finished, form_);
                const double seconds = std::max(0.0, clock - started_at_);
                tally_.add(day, Counter::demarche_seconds, form_, 0, static_cast<std::int64_t>(std::llround(seconds)));
                finished_ = true;
            }
            return;
        case Screen::rubrique:
            if (new_visit) tally_.add(day, Counter::rubrique_viewed, id);
            return;
        case Screen::page:
            if (new_visit) tally_.add(day, Counter::page_viewed, id);
            return;
        case Screen::map:
            if (new_visit) tally_.add(day, Counter::map_opened, id);
            return;
        case Screen::home:
        case Screen::other: return;
    }
}

void SessionRecorder::setting(std::string_view day, Setting s, int index) {
    std::string key = std::string(name(s)) + "/" + std::to_string(index);
    if (settings_.count(key)) return;
    if (tally_.add(day, Counter::setting_used, name(s), index)) {
        settings_.insert(std::move(key));
        touch(day);
    }
}

void SessionRecorder::end_session(std::string_view day) {
    abandon(day);
    counted_session_ = false;
    settings_.clear();
    last_visit_ = -1;
    last_screen_ = Screen::home;
}

Tally SessionRecorder::take() {
    Tally out = std::move(tally_);
    tally_.clear();
    return out;
}

}  // namespace guichet::usage
