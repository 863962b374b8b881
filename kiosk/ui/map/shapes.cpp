#include "ui/map/shapes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <utility>

namespace guichet::ui::map {

double signed_area(const geo::Point* p, std::size_t n) {
    double a = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) a += (p[j].x - p[i].x) * (p[j].y + p[i].y);
    return a * 0.5;  // > 0: counter-clockwise (y up)
}

bool point_in_ring(const geo::Point* p, std::size_t n, geo::Point q) {
    bool in = false;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        if ((p[i].y > q.y) != (p[j].y > q.y) && q.x < (p[j].x - p[i].x) * (q.y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
            in = !in;
    }
    return in;
}

namespace {

double segment_distance(geo::Point p, geo::Point a, geo::Point b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
    double t = len > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Where a polygon's label goes: its outer ring's centroid when that lies
// inside (and in no hole), else the point of a 12 × 12 grid over its box that
// lies inside and farthest from every edge (C shapes, rings around holes).
geo::Point label_point(const Shape& s, std::size_t first_ring, std::size_t last_ring) {
    auto ring = [&](std::size_t r) {
        const std::uint32_t b = r == 0 ? 0 : s.ring_end[r - 1];
        return std::pair<const geo::Point*, std::size_t>(&s.points[b], s.ring_end[r] - b);
    };
    auto inside = [&](geo::Point q) {
        auto [p0, n0] = ring(first_ring);
        if (!point_in_ring(p0, n0, q)) return false;
        for (std::size_t r = first_ring + 1; r < last_ring; ++r) {
            auto [p, n] = ring(r);
            if (point_in_ring(p, n, q)) return false;
        }
        return true;
    };
    auto [p0, n] = ring(first_ring);
    double cx = 0, cy = 0, a6 = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const double f = p0[j].x * p0[i].y - p0[i].x * p0[j].y;
        cx += (p0[j].x + p0[i].x) * f;
        cy += (p0[j].y + p0[i].y) * f;
        a6 += f;
    }
    geo::BBox box;
    for (std::size_t i = 0; i < n; ++i) box.extend(p0[i]);
    const geo::Point c = a6 != 0 ? geo::Point{cx / (3 * a6), cy / (3 * a6)} : box.center();
    if (inside(c) && last_ring == first_ring + 1) return c;
    geo::Point best = inside(c) ? c : box.center();
    double best_d = -1;
    constexpr int kGrid = 12;
    for (int gy = 0; gy < kGrid; ++gy) {
        for (int gx = 0; gx < kGrid; ++gx) {
            const geo::Point q{box.min_x + (box.max_x - box.min_x) * (gx + 0.5) / kGrid,
                               box.min_y + (box.max_y - box.min_y) * (gy + 0.5) / kGrid};
            if (!inside(q)) continue;
            double d = std::numeric_limits<double>::infinity();
            for (std::size_t r = first_ring; r < last_ring; ++r) {
                auto [p, m] = ring(r);
                for (std::size_t i = 0, j = m - 1; i < m; j = i++) d = std::min(d, segment_distance(q, p[j], p[i]));
            }
            if (d > best_d) best_d = d, best = q;
        }
    }
    return best;
}

}  // namespace

Shape& ShapeCache::get(const geo::MapLayer& layer, int slot, std::uint32_t feature, std::size_t level) {
    const std::uint64_t key = (static_cast<std::uint64_t>(slot) << 40) | (static_cast<std::uint64_t>(level) << 32) | feature;
    if (auto it = shapes_.find(key); it != shapes_.end()) return it->second;
    if (shapes_.size() >= kMaxShapes) shapes_.clear();
    Shape& s = shapes_[key];
    const geo::MultiPolygon mp = layer.geometry(feature, level);
    double best = -1;
    for (const geo::Polygon& poly : mp.polygons) {
        const std::size_t first_ring = s.ring_end.size();
        const auto poly_start = static_cast<std::uint32_t>(s.points.size());
        double outer_area = 0;
        for (std::size_t r = 0; r < poly.rings.size(); ++r) {
            const geo::Ring& ring = poly.rings[r];
            std::size_t n = ring.size();
            if (n >= 2 && ring.front() == ring.back()) --n;
            if (n < 3) {
                if (r == 0) break;  // no outer ring: skip the polygon
                continue;
            }
            const auto start = static_cast<std::uint32_t>(s.points.size());
            s.points.insert(s.points.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(n));
            s.ring_end.push_back(static_cast<std::uint32_t>(s.points.size()));
            s.ring_hole.push_back(r > 0 ? 1 : 0);
            for (std::size_t k = 0; k < n; ++k) s.bounds.extend(ring[k]);
            const double a = std::fabs(signed_area(&s.points[start], n));
            if (r > 0) {
                s.area -= a;
                continue;
            }
            s.area += a;
            outer_area = a;
        }
        if (s.ring_end.size() > first_ring && s.points.size() - poly_start <= kMaxFillPoints) {
            std::vector<std::uint32_t> ends;  // relative to the polygon's first point
            for (std::size_t r = first_ring; r < s.ring_end.size(); ++r) ends.push_back(s.ring_end[r] - poly_start);
            const std::span<const geo::Point> pts(s.points.data() + poly_start, s.points.size() - poly_start);
            for (std::uint32_t t : geo::triangulate_polygon(pts, ends)) s.triangles.push_back(poly_start + t);
        }
        if (s.ring_end.size() > first_ring && outer_area > best) {
            best = outer_area;
            s.label = label_point(s, first_ring, s.ring_end.size());
        }
    }
    return s;
}

int zone_class(std::string_view z) {
    std::size_t i = 0;
    while (i < z.size() && std::isdigit(static_cast<unsigned char>(z[i]))) ++i;  // "1AU", "2AU"
    z.remove_prefix(i);
    auto starts = [&](std::string_view p) {
        if (z.size() < p.size()) return false;
        for (std::size_t k = 0; k < p.size(); ++k)
            if (std::toupper(static_cast<unsigned char>(z[k])) != p[k]) return false;
        return true;
    };
    if (starts("AU")) return 1;
    if (starts("U")) return 0;
    if (starts("A")) return 2;
    if (starts("N")) return 3;
    return -1;
}

}  // namespace guichet::ui::map
