// The idle reset's timer: no UI, no clock of its own. The dispatcher feeds it
// the frame loop's clock (seconds, simulated in replays) and input activity;
// it says when to warn, when to reset, and when the next frame is needed, so
// that the event-driven loop redraws once per countdown second and never
// polls.
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>

namespace guichet::ui {

// Seconds without input before the warning, per kind of screen (0: none).
struct IdleLimits {
    double home = 0;       // home and attract screens: nothing to wipe
    double page = 120;     // rubriques, pages, lists, settings
    double form = 180;     // démarches (typing takes longer)
    double staff = 60;     // staff mode: leaves quickly
    double warning = 30;   // countdown shown before the reset (at least 20)
    int extensions = 10;   // « Continuer » presses allowed per session (at least 10)
};

// Parses "page=120,form=180,home=0,staff=60,warning=30,extensions=10" (any
// subset, any order) over DEFAULTS. Refuses a warning under 20 s and fewer
// than 10 extensions, which the accessibility requirements forbid.
Result<IdleLimits> parse_idle_limits(std::string_view spec, IdleLimits defaults = {});

class IdleTimer {
public:
    enum class Phase { Off, Counting, Warning, Expired };

    explicit IdleTimer(IdleLimits limits = {}) : limits_(limits) {}

    // The current screen's limit (0: none). A change restarts the count from NOW.
    void set_limit(double limit_s, double now);
    // Input from the resident: restarts the count. Ignored while the warning
    // shows (only « Continuer » or « Terminer et effacer » act then).
    void activity(double now);
    // Advances to NOW; returns the phase. Expired stays until reset().
    Phase update(double now);
    // « Continuer »: back to counting from NOW. False when no extension is left.
    bool extend(double now);
    // A new session: every extension available again, counting stopped.
    void reset(double now);

    Phase phase() const { return phase_; }
    // True once per warning, on the update() that entered it (plays the sound).
    bool take_warning_started();
    int extensions_left() const { return extensions_left_; }
    // Whole seconds left in the warning's countdown (rounded up).
    int seconds_left(double now) const;
    // Seconds from NOW until the phase or the countdown's displayed number
    // changes; a negative value means never (no frame needed for the timer).
    double next_change(double now) const;
    const IdleLimits& limits() const { return limits_; }

private:
    IdleLimits limits_;
    double limit_ = 0;
    double last_activity_ = 0;
    double warning_end_ = 0;
    int extensions_left_ = limits_.extensions;
    Phase phase_ = Phase::Off;
    bool warning_started_ = false;
};

}  // namespace guichet::ui
