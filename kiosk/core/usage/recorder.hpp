// One kiosk session turned into usage counts (docs/usage-stats.md §2). The UI
// thread tells it what is on screen once per frame; it counts each visit once,
// and knows a démarche's start, step, receipt and abandonment. No I/O: the
// counts go to the store thread at the session's end (take()).
//
// It is given ids only (routes' targets, the form id, a setting's name):
// nothing the resident typed reaches it, and Tally refuses anything that is
// not an id.
#pragma once

#include "usage/usage.hpp"

#include <set>
#include <string>
#include <string_view>

namespace guichet::usage {

class SessionRecorder {
public:
    enum class Screen { home, rubrique, page, map, demarche, receipt, other };

    // What the kiosk shows this frame: SCREEN with its pack id (a rubrique,
    // page or map id, the form id of a démarche), VISIT a number that changes
    // with each new visit (the route's serial), STEP the démarche's step
    // (0-based; the review screen is the number of sections), CLOCK the
    // session clock in seconds. DAY is the calendar day (YYYY-MM-DD).
    void observe(std::string_view day, Screen screen, std::string_view id, int visit, std::size_t step, double clock);
    // A setting the resident turned on in this session (counted once per session).
    // INDEX: the text size in % for Setting::text_size, else 0.
    void setting(std::string_view day, Setting s, int index = 0);
    // Ends the session: a démarche started and not finished counts as
    // abandoned at the step it was left on.
    void end_session(std::string_view day);
    // The counts so far, emptied.
    Tally take();
    bool in_session() const { return counted_session_; }

private:
    void touch(std::string_view day);
    void abandon(std::string_view day);

    Tally tally_;
    bool counted_session_ = false;
    int last_visit_ = -1;
    Screen last_screen_ = Screen::home;
    std::set<std::string> settings_;  // "name/index" counted this session
    // The démarche in progress.
    std::string form_;
    bool finished_ = true;
    std::size_t step_ = 0;
    double started_at_ = 0;
};

}  // namespace guichet::usage
