#include "geo/simplify.hpp"

#include "geo/polygon.hpp"
#include "geo/projection.hpp"

#include <cmath>

namespace guichet::geo {

namespace {

double distance_to_segment_sq(Point p, Point a, Point b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len_sq = dx * dx + dy * dy;
    double t = len_sq == 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / len_sq;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Iterative (no recursion depth limit on long coastlines or outlines).
void mark_kept(const std::vector<Point>& line, double tolerance_sq, std::vector<bool>& keep) {
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, line.size() - 1}};
    while (!stack.empty()) {
        auto [first, last] = stack.back();
        stack.pop_back();
        double worst = -1;
        std::size_t worst_index = first;
        for (std::size_t i = first + 1; i < last; ++i) {
            double d = distance_to_segment_sq(line[i], line[first], line[last]);
            if (d > worst) worst = d, worst_index = i;
        }
        if (worst > tolerance_sq) {
            keep[worst_index] = true;
            stack.push_back({first, worst_index});
            stack.push_back({worst_index, last});
        }
    }
}

}  // namespace

std::vector<Point> simplify_line(const std::vector<Point>& line, double tolerance) {
    if (line.size() < 3) return line;
    std::vector<bool> keep(line.size(), false);
    keep.front() = keep.back() = true;
    mark_kept(line, tolerance * tolerance, keep);
    std::vector<Point> out;
    for (std::size_t i = 0; i < line.size(); ++i)
        if (keep[i]) out.push_back(line[i]);
    return out;
}

Ring simplify_ring(const Ring& ring, double tolerance) {
    if (ring.size() <= 5) return ring;
    // Split the ring at the point farthest from its start, so both halves are
    // open lines with fixed endpoints and the ring cannot collapse to a segment.
    std::size_t far = 0;
    double far_d = -1;
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        double dx = ring[i].x - ring[0].x, dy = ring[i].y - ring[0].y;
        if (dx * dx + dy * dy > far_d) far_d = dx * dx + dy * dy, far = i;
    }
    std::vector<Point> first_half(ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(far) + 1);
    std::vector<Point> second_half(ring.begin() + static_cast<std::ptrdiff_t>(far), ring.end());
    Ring out = simplify_line(first_half, tolerance);
    auto rest = simplify_line(second_half, tolerance);
    out.insert(out.end(), rest.begin() + 1, rest.end());
    double before = signed_area(ring), after = signed_area(out);
    if (out.size() < 4 || (before > 0) != (after > 0) || after == 0 || ring_self_intersection(out)) return ring;
    return out;
}

MultiPolygon simplify(const MultiPolygon& shape, double tolerance) {
    MultiPolygon out;
    out.polygons.reserve(shape.polygons.size());
    for (const auto& poly : shape.polygons) {
        Polygon simple;
        for (std::size_t i = 0; i < poly.rings.size(); ++i) {
            const Ring& ring = poly.rings[i];
            if (i > 0 && std::abs(signed_area(ring)) < tolerance * tolerance) continue;
            simple.rings.push_back(simplify_ring(ring, tolerance));
        }
        out.polygons.push_back(std::move(simple));
    }
    return out;
}

double tolerance_for_zoom(int z) {
    return mercator_metres_per_pixel(z) / 2;
}

}  // namespace guichet::geo
