// The map screen's view maths, with no ImGui and no GL (unit-tested):
// screen ↔ Web Mercator transform, pan, zoom about a point, pinch, inertia
// after a fling, the scale bar's round length.
//
//   MapView v; v.set_viewport(x, y, w, h); v.fit(bounds, 40);
//   v.pan_pixels(dx, dy);                 // the map follows the finger
//   v.zoom_about(finger, v.zoom + 1);     // the point under the finger stays put
#pragma once

#include "geo/geometry.hpp"

#include <string>

namespace guichet::ui::map {

struct Vec2 {
    float x = 0, y = 0;
};

class MapView {
public:
    geo::Point center;    // Web Mercator metres at the viewport's centre
    double zoom = 15;     // slippy-map zoom, fractional
    double min_zoom = 3, max_zoom = 20;

    void set_viewport(float x, float y, float w, float h) { x_ = x, y_ = y, w_ = w, h_ = h; }
    float x() const { return x_; }
    float y() const { return y_; }
    float width() const { return w_; }
    float height() const { return h_; }

    double metres_per_pixel() const;  // Mercator metres per screen pixel
    Vec2 to_screen(geo::Point p) const;
    geo::Point to_map(Vec2 s) const;
    geo::BBox visible() const;         // the viewport in Mercator metres

    // The map moves with the finger by (DX, DY) pixels.
    void pan_pixels(float dx, float dy);
    // New zoom (clamped to min/max); the map point under S stays under S.
    void zoom_about(Vec2 s, double new_zoom);
    // Two fingers went from (A0, B0) to (A1, B1): zoom by the ratio of their
    // distances about their midpoint, and follow the midpoint's move.
    void pinch(Vec2 a0, Vec2 b0, Vec2 a1, Vec2 b1);
    // Shows BOX whole with PAD pixels around it (zoom clamped).
    void fit(const geo::BBox& box, float pad);
    // Keeps the centre inside AREA (a resident cannot lose the commune).
    void clamp_center(const geo::BBox& area);

private:
    float x_ = 0, y_ = 0, w_ = 1, h_ = 1;
};

// The velocity of the last drag, decaying after the finger leaves.
struct Inertia {
    float vx = 0, vy = 0;  // pixels per second
    static constexpr float kDecay = 4.0f;      // per second: exp(-4 t)
    static constexpr float kStopSpeed = 20.0f;  // px/s below which it stops

    // While dragging: one frame's move of DX, DY over DT seconds (smoothed).
    void track(float dx, float dy, float dt);
    // After release: moves VIEW by one frame of DT seconds; false once stopped.
    bool step(MapView& view, float dt);
    void stop() { vx = vy = 0; }
    bool moving() const;
};

struct ScaleBar {
    double metres = 0;  // a round length: 1, 2 or 5 × 10^n
    float pixels = 0;
    std::string label;  // "50 m", "2 km" (no-break space)
};
// The longest round length that fits in MAX_PIXELS, for GROUND_METRES_PER_PIXEL.
ScaleBar scale_bar(double ground_metres_per_pixel, float max_pixels);

}  // namespace guichet::ui::map
