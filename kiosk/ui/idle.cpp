#include "ui/idle.hpp"

#include <charconv>
#include <cmath>

namespace guichet::ui {

Result<IdleLimits> parse_idle_limits(std::string_view spec, IdleLimits limits) {
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos) return fail("idle limits: expected NAME=SECONDS, got \"" + std::string(item) + "\"");
        const std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
        int n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > 86400) {
            return fail("idle limits: bad number \"" + std::string(value) + "\" for " + std::string(name));
        }
        if (name == "home") limits.home = n;
        else if (name == "page") limits.page = n;
        else if (name == "form") limits.form = n;
        else if (name == "staff") limits.staff = n;
        else if (name == "warning") limits.warning = n;
        else if (name == "extensions") limits.extensions = n;
        else return fail("idle limits: unknown name \"" + std::string(name) + "\" (home, page, form, staff, warning, extensions)");
    }
    if (limits.warning < 20) return fail("idle limits: the warning must last at least 20 s");
    if (limits.extensions < 10) return fail("idle limits: at least 10 extensions must be allowed");
    return limits;
}

void IdleTimer::set_limit(double limit_s, double now) {
    if (limit_s == limit_) return;
    limit_ = limit_s;
    if (phase_ == Phase::Warning || phase_ == Phase::Expired) return;
    last_activity_ = now;
    phase_ = limit_ > 0 ? Phase::Counting : Phase::Off;
}

void IdleTimer::activity(double now) {
    if (phase_ == Phase::Warning || phase_ == Phase::Expired) return;
    last_activity_ = now;
}

IdleTimer::Phase IdleTimer::update(double now) {
    if (phase_ == Phase::Counting && now >= last_activity_ + limit_) {
        phase_ = Phase::Warning;
        warning_end_ = last_activity_ + limit_ + limits_.warning;
        warning_started_ = true;
    }
    if (phase_ == Phase::Warning && now >= warning_end_) phase_ = Phase::Expired;
    return phase_;
}

bool IdleTimer::extend(double now) {
    if (phase_ != Phase::Warning || extensions_left_ <= 0) return false;
    --extensions_left_;
    last_activity_ = now;
    phase_ = limit_ > 0 ? Phase::Counting : Phase::Off;
    return true;
}

void IdleTimer::reset(double now) {
    extensions_left_ = limits_.extensions;
    warning_started_ = false;
    last_activity_ = now;
    phase_ = limit_ > 0 ? Phase::Counting : Phase::Off;
}

bool IdleTimer::take_warning_started() {
    const bool started = warning_started_;
    warning_started_ = false;
    return started;
}

int IdleTimer::seconds_left(double now) const {
    if (phase_ != Phase::Warning) return 0;
    return static_cast<int>(std::ceil(std::max(0.0, warning_end_ - now)));
}

double IdleTimer::next_change(double now) const {
    switch (phase_) {
        case Phase::Off:
        case Phase::Expired: return -1;
        case Phase::Counting: return std::max(0.0, last_activity_ + limit_ - now);
        case Phase::Warning: {
            // The displayed number changes at each whole second before the end.
            const double left = std::max(0.0, warning_end_ - now);
            const double to_next = left - std::floor(left);
            return to_next > 1e-6 ? to_next : std::min(1.0, left);
        }
    }
    return -1;
}

}  // namespace guichet::ui
