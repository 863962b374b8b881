#include "ui/map/view.hpp"

#include "geo/projection.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui::map {

double MapView::metres_per_pixel() const { return geo::mercator_metres_per_pixel(zoom); }

Vec2 MapView::to_screen(geo::Point p) const {
    const double m = metres_per_pixel();
    return {static_cast<float>(x_ + w_ * 0.5 + (p.x - center.x) / m),
            static_cast<float>(y_ + h_ * 0.5 - (p.y - center.y) / m)};
}

geo::Point MapView::to_map(Vec2 s) const {
    const double m = metres_per_pixel();
    return {center.x + (s.x - x_ - w_ * 0.5) * m, center.y - (s.y - y_ - h_ * 0.5) * m};
}

geo::BBox MapView::visible() const {
    geo::BBox b;
    b.extend(to_map({x_, y_}));
    b.extend(to_map({x_ + w_, y_ + h_}));
    return b;
}

void MapView::pan_pixels(float dx, float dy) {
    const double m = metres_per_pixel();
    center.x -= dx * m;
    center.y += dy * m;
}

void MapView::zoom_about(Vec2 s, double new_zoom) {
    const geo::Point anchor = to_map(s);
    zoom = std::clamp(new_zoom, min_zoom, max_zoom);
    const geo::Point moved = to_map(s);
    center.x += anchor.x - moved.x;
    center.y += anchor.y - moved.y;
}

void MapView::pinch(Vec2 a0, Vec2 b0, Vec2 a1, Vec2 b1) {
    const double d0 = std::hypot(b0.x - a0.x, b0.y - a0.y), d1 = std::hypot(b1.x - a1.x, b1.y - a1.y);
    const Vec2 m0{(a0.x + b0.x) * 0.5f, (a0.y + b0.y) * 0.5f}, m1{(a1.x + b1.x) * 0.5f, (a1.y + b1.y) * 0.5f};
    if (d0 > 1 && d1 > 1) zoom_about(m0, zoom + std::log2(d1 / d0));
    pan_pixels(m1.x - m0.x, m1.y - m0.y);
}

void MapView::fit(const geo::BBox& box, float pad) {
    if (box.empty()) return;
    center = box.center();
    const double w = std::max(1.0, static_cast<double>(w_ - 2 * pad)), h = std::max(1.0, static_cast<double>(h_ - 2 * pad));
    const double need = std::max((box.max_x - box.min_x) / w, (box.max_y - box.min_y) / h);  // metres per pixel
    // mercator_metres_per_pixel(z) = world / (256 · 2^z)
    const double z = need > 0 ? std::log2(geo::mercator_metres_per_pixel(0) / need) : max_zoom;
    zoom = std::clamp(z, min_zoom, max_zoom);
}

void MapView::clamp_center(const geo::BBox& area) {
    if (area.empty()) return;
    center.x = std::clamp(center.x, area.min_x, area.max_x);
    center.y = std::clamp(center.y, area.min_y, area.max_y);
}

void Inertia::track(float dx, float dy, float dt) {
    if (dt <= 0) return;
    vx = 0.6f * vx + 0.4f * (dx / dt);
    vy = 0.6f * vy + 0.4f * (dy / dt);
}

bool Inertia::moving() const { return std::hypot(vx, vy) >= kStopSpeed; }

bool Inertia::step(MapView& view, float dt) {
    if (!moving()) {
        stop();
        return false;
    }
    dt = std::min(dt, 0.1f);
    view.pan_pixels(vx * dt, vy * dt);
    const float k = std::exp(-kDecay * dt);
    vx *= k;
    vy *= k;
    return true;
}

ScaleBar scale_bar(double ground_mpp, float max_pixels) {
    ScaleBar s;
    if (!(ground_mpp > 0) || !(max_pixels > 0)) return s;
    const double max_m = ground_mpp * max_pixels;
    double p = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double f : {5.0, 2.0, 1.0}) {
        if (f * p <= max_m) {
            s.metres = f * p;
            break;
        }
    }
    if (s.metres == 0) s.metres = p;
    s.pixels = static_cast<float>(s.metres / ground_mpp);
    const char* nbsp = "\xC2\xA0";
    if (s.metres >= 1000) {
        const double km = s.metres / 1000;
        s.label = (km == std::floor(km) ? std::to_string(static_cast<long long>(km)) : std::to_string(km)) + nbsp + "km";
    } else if (s.metres >= 1) {
        s.label = std::to_string(static_cast<long long>(s.metres)) + nbsp + "m";
    } else {
        s.label = std::to_string(static_cast<long long>(s.metres * 100)) + nbsp + "cm";
    }
    return s;
}

}  // namespace guichet::ui::map
