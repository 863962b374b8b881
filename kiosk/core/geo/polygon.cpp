#include "geo/polygon.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace guichet::geo {

namespace {

double cross(Point o, Point a, Point b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

int sign(double v) { return (v > 0) - (v < 0); }

bool on_segment(Point a, Point b, Point p) {
    return cross(a, b, p) == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
           p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
}

// Crossings of a rightward ray from P with the ring's edges (half-open rule,
// so a vertex on the ray counts once).
bool ray_crosses_odd(const Ring& ring, Point p) {
    bool odd = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point& a = ring[i];
        const Point& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            double x_at = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x_at) odd = !odd;
        }
    }
    return odd;
}

// Proper crossing, or a touch/overlap that is not a shared endpoint.
bool segments_cross(Point a, Point b, Point c, Point d) {
    int d1 = sign(cross(c, d, a)), d2 = sign(cross(c, d, b));
    int d3 = sign(cross(a, b, c)), d4 = sign(cross(a, b, d));
    return d1 * d2 < 0 && d3 * d4 < 0;
}

}  // namespace

BBox bbox_of(const Ring& ring) {
    BBox b;
    for (const auto& p : ring) b.extend(p);
    return b;
}

BBox bbox_of(const MultiPolygon& shape) {
    BBox b;
    for (const auto& poly : shape.polygons)
        if (!poly.rings.empty()) b.extend(bbox_of(poly.rings[0]));
    return b;
}

BBox bbox_of(const MultiLine& shape) {
    BBox b;
    for (const auto& line : shape.lines) b.extend(bbox_of(line));
    return b;
}

bool point_on_ring(const Ring& ring, Point p) {
    for (std::size_t i = 1; i < ring.size(); ++i)
        if (on_segment(ring[i - 1], ring[i], p)) return true;
    return false;
}

bool contains(const Polygon& polygon, Point p) {
    if (polygon.rings.empty() || !bbox_of(polygon.rings[0]).contains(p)) return false;
    bool odd = false;
    for (const auto& ring : polygon.rings) {
        if (point_on_ring(ring, p)) return true;
        if (ray_crosses_odd(ring, p)) odd = !odd;
    }
    return odd;
}

bool contains(const MultiPolygon& shape, Point p) {
    return std::any_of(shape.polygons.begin(), shape.polygons.end(), [&](const Polygon& poly) { return contains(poly, p); });
}

double signed_area(const Ring& ring) {
    double twice = 0;
    for (std::size_t i = 1; i < ring.size(); ++i) twice += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
    return twice / 2;
}

double planar_area(const Polygon& polygon) {
    double area = 0;
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        double a = std::abs(signed_area(polygon.rings[i]));
        area += i == 0 ? a : -a;
    }
    return area;
}

double planar_area(const MultiPolygon& shape) {
    return std::accumulate(shape.polygons.begin(), shape.polygons.end(), 0.0,
                           [](double sum, const Polygon& p) { return sum + planar_area(p); });
}

double geodesic_area(const MultiPolygon& lonlat) {
    // Spherical excess of each ring (Chamberlain & Duquette, JPL 2007).
    constexpr double rad = std::numbers::pi / 180.0;
    auto ring_area = [&](const Ring& r) {
        double total = 0;
        std::size_t n = r.size();
        if (n < 4) return 0.0;
        for (std::size_t i = 0; i + 1 < n; ++i) {
            const Point& lower = r[i];
            const Point& middle = r[i + 1];
            const Point& upper = r[(i + 2) % (n - 1)];
            total += (upper.x - lower.x) * rad * std::sin(middle.y * rad);
        }
        return std::abs(total * 6378137.0 * 6378137.0 / 2);
    };
    double area = 0;
    for (const auto& poly : lonlat.polygons)
        for (std::size_t i = 0; i < poly.rings.size(); ++i) area += (i == 0 ? 1 : -1) * ring_area(poly.rings[i]);
    return area;
}

void drop_repeated_points(Ring& ring) {
    ring.erase(std::unique(ring.begin(), ring.end()), ring.end());
}

std::optional<std::string> ring_self_intersection(const Ring& ring) {
    std::size_t edges = ring.size() - 1;
    std::vector<std::size_t> order(edges);
    std::iota(order.begin(), order.end(), 0);
    auto min_x = [&](std::size_t e) { return std::min(ring[e].x, ring[e + 1].x); };
    auto max_x = [&](std::size_t e) { return std::max(ring[e].x, ring[e + 1].x); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return min_x(a) < min_x(b); });
    // Sweep along x: only edges whose x-ranges overlap can cross.
    for (std::size_t i = 0; i < edges; ++i) {
        std::size_t e = order[i];
        for (std::size_t k = i + 1; k < edges && min_x(order[k]) <= max_x(e); ++k) {
            std::size_t f = order[k];
            std::size_t lo = std::min(e, f), hi = std::max(e, f);
            if (hi == lo + 1 || (lo == 0 && hi == edges - 1)) continue;  // neighbours share a point
            if (segments_cross(ring[e], ring[e + 1], ring[f], ring[f + 1]))
                return "edges " + std::to_string(lo + 1) + " and " + std::to_string(hi + 1) + " cross each other";
        }
    }
    return std::nullopt;
}

std::optional<std::string> ring_problem(const Ring& ring) {
    for (const auto& p : ring)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return "a coordinate is not a finite number";
    if (ring.size() < 4)
        return "has " + std::to_string(ring.size()) + " points; a ring needs at least 4 (3 corners and the first repeated)";
    if (ring.front() != ring.back()) return "is not closed: its last point must repeat its first";
    if (auto crossing = ring_self_intersection(ring)) return "crosses itself: " + *crossing;
    if (signed_area(ring) == 0) return "has zero area";
    return std::nullopt;
}

}  // namespace guichet::geo
