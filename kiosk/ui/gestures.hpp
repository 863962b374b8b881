// Touch gestures of non-visual mode (issue #18, docs/speech.md « Gestures »):
// a blind resident explores the screen without triggering what they touch.
// A tap says what is under the finger; a double tap activates what was said;
// a swipe right or left moves to the next or previous item; a swipe up says
// it again, a swipe down goes back. A finger held 3 s in the bottom-left
// corner turns the mode on or off, in any mode (the corner holds no control:
// it is the status bar). Pure: fed pointer events with their times.
#pragma once

#include <optional>

namespace guichet::ui {

struct Gesture {
    enum Kind { Tap, DoubleTap, SwipeLeft, SwipeRight, SwipeUp, SwipeDown, CornerHold } kind = Tap;
    float x = 0, y = 0;  // where a tap landed
};

class GestureRecognizer {
public:
    // PX_PER_MM: the screen's density; W, H: its size in pixels.
    void set_screen(float px_per_mm, float w, float h) {
        px_per_mm_ = px_per_mm;
        w_ = w;
        h_ = h;
    }
    // T: seconds (the frame loop's clock).
    void down(float x, float y, double t);
    void move(float x, float y, double t);
    std::optional<Gesture> up(float x, float y, double t);
    // The corner's hold fires while the finger is still down.
    std::optional<Gesture> poll(double t);
    // Seconds until poll() may fire (a finger held in the corner); negative: none.
    double wake_in(double t) const;

    static constexpr double kHoldSeconds = 3.0;
    static constexpr double kDoubleTapSeconds = 0.4;

private:
    bool in_corner(float x, float y) const;
    float px_per_mm_ = 3.6f, w_ = 1080, h_ = 1920;
    bool down_ = false;
    float x0_ = 0, y0_ = 0, max_travel_ = 0;
    double t0_ = 0;
    bool hold_fired_ = false;
    double last_tap_t_ = -10;
    float last_tap_x_ = 0, last_tap_y_ = 0;
};

}  // namespace guichet::ui
