#include "ui/gestures.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui {

bool GestureRecognizer::in_corner(float x, float y) const {
    const float size = 20.0f * px_per_mm_;  // 2 cm square: found by touch at the screen's edge
    return x <= size && y >= h_ - size;
}

void GestureRecognizer::down(float x, float y, double t) {
    down_ = true;
    x0_ = x;
    y0_ = y;
    t0_ = t;
    max_travel_ = 0;
    hold_fired_ = false;
}

void GestureRecognizer::move(float x, float y, double /*t*/) {
    if (down_) max_travel_ = std::max(max_travel_, std::hypot(x - x0_, y - y0_));
}

std::optional<Gesture> GestureRecognizer::poll(double t) {
    if (!down_ || hold_fired_ || !in_corner(x0_, y0_) || max_travel_ > 5.0f * px_per_mm_) return std::nullopt;
    if (t - t0_ < kHoldSeconds) return std::nullopt;
    hold_fired_ = true;
    return Gesture{Gesture::CornerHold, x0_, y0_};
}

double GestureRecognizer::wake_in(double t) const {
    if (!down_ || hold_fired_ || !in_corner(x0_, y0_)) return -1;
    return std::max(0.0, t0_ + kHoldSeconds - t);
}

std::optional<Gesture> GestureRecognizer::up(float x, float y, double t) {
    if (!down_) return std::nullopt;
    move(x, y, t);
    down_ = false;
    if (hold_fired_) return std::nullopt;  // the hold was the gesture
    const float dx = x - x0_, dy = y - y0_;
    const float swipe = 15.0f * px_per_mm_;  // 15 mm: a deliberate stroke, not a trembling tap
    if (std::hypot(dx, dy) >= swipe) {
        last_tap_t_ = -10;
        if (std::fabs(dx) >= std::fabs(dy)) return Gesture{dx > 0 ? Gesture::SwipeRight : Gesture::SwipeLeft, x, y};
        return Gesture{dy > 0 ? Gesture::SwipeDown : Gesture::SwipeUp, x, y};
    }
    if (max_travel_ > 5.0f * px_per_mm_) return std::nullopt;  // wandered, then came back: nothing
    const bool second = t - last_tap_t_ <= kDoubleTapSeconds &&
                        std::hypot(x - last_tap_x_, y - last_tap_y_) <= 10.0f * px_per_mm_;
    if (second) {
        last_tap_t_ = -10;
        return Gesture{Gesture::DoubleTap, x, y};
    }
    last_tap_t_ = t;
    last_tap_x_ = x;
    last_tap_y_ = y;
    return Gesture{Gesture::Tap, x, y};
}

}  // namespace guichet::ui
