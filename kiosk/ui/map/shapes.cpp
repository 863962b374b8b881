#include "ui/map/shapes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

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

double cross(geo::Point a, geo::Point b, geo::Point c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

bool inside_triangle(geo::Point a, geo::Point b, geo::Point c, geo::Point p) {
    return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

}  // namespace

std::vector<std::uint32_t> triangulate(const std::vector<geo::Point>& ring) {
    std::vector<std::uint32_t> out;
    const std::size_t n = ring.size();
    if (n < 3) return out;
    std::vector<std::uint32_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint32_t>(i);
    if (signed_area(ring.data(), n) < 0) std::reverse(v.begin(), v.end());  // counter-clockwise from here
    out.reserve((n - 2) * 3);
    std::size_t guard = 0;
    std::size_t i = 0;
    while (v.size() > 3 && guard < v.size() * 2) {
        const std::size_t m = v.size();
        const std::uint32_t ia = v[(i + m - 1) % m], ib = v[i % m], ic = v[(i + 1) % m];
        const geo::Point a = ring[ia], b = ring[ib], c = ring[ic];
        bool ear = cross(a, b, c) > 0;
        for (std::size_t k = 0; ear && k < m; ++k) {
            const std::uint32_t ip = v[k];
            if (ip == ia || ip == ib || ip == ic) continue;
            if (inside_triangle(a, b, c, ring[ip])) ear = false;
        }
        if (ear) {
            out.insert(out.end(), {ia, ib, ic});
            v.erase(v.begin() + static_cast<std::ptrdiff_t>(i % m));
            guard = 0;
            if (i >= v.size()) i = 0;
        } else {
            i = (i + 1) % m;
            ++guard;
        }
    }
    if (v.size() == 3) out.insert(out.end(), {v[0], v[1], v[2]});
    return out;
}

Shape& ShapeCache::get(const geo::MapLayer& layer, int slot, std::uint32_t feature, std::size_t level) {
    const std::uint64_t key = (static_cast<std::uint64_t>(slot) << 40) | (static_cast<std::uint64_t>(level) << 32) | feature;
    if (auto it = shapes_.find(key); it != shapes_.end()) return it->second;
    if (shapes_.size() >= kMaxShapes) shapes_.clear();
    Shape& s = shapes_[key];
    const geo::MultiPolygon mp = layer.geometry(feature, level);
    double best = -1;
    for (const geo::Polygon& poly : mp.polygons) {
        for (std::size_t r = 0; r < poly.rings.size(); ++r) {
            const geo::Ring& ring = poly.rings[r];
            std::size_t n = ring.size();
            if (n >= 2 && ring.front() == ring.back()) --n;
            if (n < 3) continue;
            const auto start = static_cast<std::uint32_t>(s.points.size());
            s.points.insert(s.points.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(n));
            s.ring_end.push_back(static_cast<std::uint32_t>(s.points.size()));
            s.ring_hole.push_back(r > 0 ? 1 : 0);
            for (std::size_t k = 0; k < n; ++k) s.bounds.extend(ring[k]);
            const double a = signed_area(&s.points[start], n);
            if (r > 0) {
                s.area -= std::fabs(a);
                continue;
            }
            s.area += std::fabs(a);
            std::vector<geo::Point> pts(s.points.begin() + start, s.points.end());
            if (n <= 4000) {
                for (std::uint32_t t : triangulate(pts)) s.triangles.push_back(start + t);
            }
            if (std::fabs(a) > best) {
                best = std::fabs(a);
                // Centroid of the ring; the bounding box's centre when it falls outside (a C shape).
                double cx = 0, cy = 0, a6 = 0;
                for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
                    const double f = pts[j].x * pts[i].y - pts[i].x * pts[j].y;
                    cx += (pts[j].x + pts[i].x) * f;
                    cy += (pts[j].y + pts[i].y) * f;
                    a6 += f;
                }
                geo::Point c = a6 != 0 ? geo::Point{cx / (3 * a6), cy / (3 * a6)} : bbox_of(ring).center();
                if (!point_in_ring(pts.data(), n, c)) c = bbox_of(ring).center();
                s.label = c;
            }
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
