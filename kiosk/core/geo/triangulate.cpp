// Ear clipping over a circular doubly linked list of the polygon's vertices.
// Holes are first joined to the outer ring by a bridge (two coincident edges
// going in and out), so the clipper sees one simple ring; Eberly,
// "Triangulation by Ear Clipping" (2002): a hole's rightmost vertex M, a ray
// towards +x, the nearest edge it hits, and the visible outer vertex nearest
// to the ray's direction. Holes are bridged rightmost first.
#include "geo/triangulate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace guichet::geo {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct Node {
    std::uint32_t index;  // into the caller's points
    double x, y;
    std::uint32_t prev = kNone, next = kNone;
};

// Twice the signed area of A, B, C: > 0 for a left (counter-clockwise) turn, y up.
double area2(const Node& a, const Node& b, const Node& c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

bool same(const Node& a, const Node& b) { return a.x == b.x && a.y == b.y; }

double ring_area2(std::span<const Point> p) {
    double a = 0;
    for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) a += (p[j].x - p[i].x) * (p[j].y + p[i].y);
    return a;  // > 0: counter-clockwise
}

class Clipper {
public:
    explicit Clipper(std::span<const Point> points) : points_(points) { nodes_.reserve(points.size() + 64); }

    // Links ring [BEGIN, END) counter-clockwise (CCW) or clockwise; returns a node, or kNone under 3 points.
    std::uint32_t link(std::uint32_t begin, std::uint32_t end, bool ccw) {
        const std::span<const Point> ring = points_.subspan(begin, end - begin);
        if (ring.size() < 3) return kNone;
        const bool reverse = (ring_area2(ring) > 0) != ccw;
        std::uint32_t first = kNone, last = kNone;
        for (std::size_t k = 0; k < ring.size(); ++k) {
            const std::uint32_t i = begin + static_cast<std::uint32_t>(reverse ? ring.size() - 1 - k : k);
            const Node n{i, points_[i].x, points_[i].y};
            if (last != kNone && same(nodes_[last], n)) continue;  // repeated point
            const auto id = static_cast<std::uint32_t>(nodes_.size());
            nodes_.push_back(n);
            if (first == kNone) {
                first = id;
                nodes_[id].prev = nodes_[id].next = id;
            } else {
                insert_after(last, id);
            }
            last = id;
        }
        if (last != first && same(nodes_[last], nodes_[first])) remove(last);
        if (count(first) < 3) return kNone;
        return first;
    }

    // Joins the hole starting at HOLE into the outer ring through OUTER.
    void bridge_hole(std::uint32_t outer, std::uint32_t hole) {
        std::uint32_t m = hole;  // the hole's rightmost vertex
        for (std::uint32_t p = nodes_[hole].next; p != hole; p = nodes_[p].next)
            if (nodes_[p].x > nodes_[m].x || (nodes_[p].x == nodes_[m].x && nodes_[p].y < nodes_[m].y)) m = p;
        const std::uint32_t b = find_bridge(outer, m);
        if (b == kNone) return;  // the hole is not inside: left out
        split(b, m);
    }

    void clip(std::uint32_t start, std::vector<std::uint32_t>& out) {
        std::uint32_t ear = start, stop = start;
        int pass = 0;
        while (nodes_[ear].prev != nodes_[ear].next) {
            const std::uint32_t prev = nodes_[ear].prev, next = nodes_[ear].next;
            if (is_ear(ear)) {
                out.insert(out.end(), {nodes_[prev].index, nodes_[ear].index, nodes_[next].index});
                remove(ear);
                ear = stop = nodes_[next].next;
                pass = 0;
                continue;
            }
            ear = next;
            if (ear != stop) continue;
            // A whole turn without an ear: drop flat and repeated vertices, then
            // (self-intersecting input) give up on what is left.
            if (pass == 0 && drop_degenerate(ear)) {
                ear = stop = live_;
                pass = 1;
                continue;
            }
            return;
        }
    }

private:
    void insert_after(std::uint32_t at, std::uint32_t id) {
        const std::uint32_t nx = nodes_[at].next;
        nodes_[id].prev = at;
        nodes_[id].next = nx;
        nodes_[nx].prev = id;
        nodes_[at].next = id;
    }
    void remove(std::uint32_t id) {
        const std::uint32_t p = nodes_[id].prev, n = nodes_[id].next;
        nodes_[p].next = n;
        nodes_[n].prev = p;
        live_ = n;
    }
    std::size_t count(std::uint32_t start) const {
        std::size_t c = 1;
        for (std::uint32_t p = nodes_[start].next; p != start; p = nodes_[p].next) ++c;
        return c;
    }

    bool drop_degenerate(std::uint32_t start) {
        bool dropped = false;
        std::uint32_t p = start;
        std::size_t guard = count(start) + 1;
        live_ = start;
        while (guard-- > 0 && nodes_[p].next != nodes_[p].prev) {
            const std::uint32_t n = nodes_[p].next;
            if (same(nodes_[p], nodes_[n]) || area2(nodes_[nodes_[p].prev], nodes_[p], nodes_[n]) == 0) {
                remove(p);
                dropped = true;
            }
            p = n;
        }
        return dropped;
    }

    // Inclusive: a vertex on the triangle's edge also blocks the ear.
    static bool in_triangle(const Node& a, const Node& b, const Node& c, const Node& p) {
        return area2(a, b, p) >= 0 && area2(b, c, p) >= 0 && area2(c, a, p) >= 0;
    }

    bool is_ear(std::uint32_t id) const {
        const Node& a = nodes_[nodes_[id].prev];
        const Node& b = nodes_[id];
        const Node& c = nodes_[nodes_[id].next];
        if (area2(a, b, c) <= 0) return false;  // reflex or flat
        const double x0 = std::min({a.x, b.x, c.x}), x1 = std::max({a.x, b.x, c.x});
        const double y0 = std::min({a.y, b.y, c.y}), y1 = std::max({a.y, b.y, c.y});
        for (std::uint32_t p = c.next; p != b.prev; p = nodes_[p].next) {
            const Node& q = nodes_[p];
            if (q.x < x0 || q.x > x1 || q.y < y0 || q.y > y1) continue;
            if (same(q, a) || same(q, b) || same(q, c)) continue;  // a bridge's twin vertices
            if (in_triangle(a, b, c, q)) return false;
        }
        return true;
    }

    // Whether the diagonal A → B starts inside the polygon at A (CCW ring).
    bool locally_inside(const Node& a, const Node& b) const {
        const Node& p = nodes_[a.prev];
        const Node& n = nodes_[a.next];
        if (area2(p, a, n) >= 0) return area2(a, n, b) >= 0 && area2(a, b, p) >= 0;  // convex corner
        return !(area2(a, p, b) > 0 && area2(a, b, n) > 0);                          // reflex corner
    }

    // The outer vertex M's bridge goes to (Eberly); kNone when the ray hits nothing.
    std::uint32_t find_bridge(std::uint32_t outer, std::uint32_t m) const {
        const Node& hm = nodes_[m];
        double best_x = std::numeric_limits<double>::infinity();
        std::uint32_t cand = kNone;
        std::uint32_t p = outer;
        do {
            const Node& a = nodes_[p];
            const Node& b = nodes_[a.next];
            if (a.y != b.y && ((a.y <= hm.y && b.y >= hm.y) || (a.y >= hm.y && b.y <= hm.y))) {
                const double x = a.x + (hm.y - a.y) * (b.x - a.x) / (b.y - a.y);
                if (x >= hm.x && x < best_x) {
                    best_x = x;
                    if (x == hm.x) {  // M lies on the edge: its endpoint at M's height, else its left one
                        if (a.y == hm.y) return p;
                        if (b.y == hm.y) return a.next;
                    }
                    cand = a.x > b.x ? p : a.next;
                }
            }
            p = a.next;
        } while (p != outer);
        if (cand == kNone) return kNone;
        if (best_x == nodes_[cand].x && nodes_[cand].y == hm.y) return cand;  // the ray hits a vertex
        // Outer vertices inside the triangle (M, I, P) may hide P: take the one at
        // the smallest angle from the ray, the nearest on ties.
        const Node& c = nodes_[cand];
        const Node i{0, best_x, hm.y};
        const bool up = c.y > hm.y;
        std::uint32_t best = cand;
        double best_tan = std::numeric_limits<double>::infinity(), best_d = 0;
        p = outer;
        do {
            const Node& q = nodes_[p];
            if (p != cand && q.x >= hm.x && q.x <= c.x && !same(q, hm) &&
                (up ? in_triangle(hm, i, c, q) : in_triangle(hm, c, i, q))) {
                const double t = std::fabs(q.y - hm.y) / std::max(q.x - hm.x, 1e-300);
                const double d = (q.x - hm.x) * (q.x - hm.x) + (q.y - hm.y) * (q.y - hm.y);
                if (locally_inside(q, hm) && (t < best_tan || (t == best_tan && d < best_d))) {
                    best = p;
                    best_tan = t;
                    best_d = d;
                }
            }
            p = q.next;
        } while (p != outer);
        return best;
    }

    // Links A to B with a bridge: A → B … (around B's ring) … B' → A' → A's old next.
    void split(std::uint32_t a, std::uint32_t b) {
        const auto a2 = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(nodes_[a]);
        const auto b2 = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(nodes_[b]);
        const std::uint32_t an = nodes_[a].next, bp = nodes_[b].prev;
        nodes_[a].next = b;
        nodes_[b].prev = a;
        nodes_[a2].next = an;
        nodes_[an].prev = a2;
        nodes_[b2].next = a2;
        nodes_[a2].prev = b2;
        nodes_[bp].next = b2;
        nodes_[b2].prev = bp;
    }

    std::span<const Point> points_;
    std::vector<Node> nodes_;
    std::uint32_t live_ = 0;  // a node still in the ring after the last removal
};

}  // namespace

std::vector<std::uint32_t> triangulate_polygon(std::span<const Point> points, std::span<const std::uint32_t> ring_end) {
    std::vector<std::uint32_t> out;
    if (ring_end.empty() || ring_end.back() > points.size()) return out;
    for (std::size_t r = 1; r < ring_end.size(); ++r)
        if (ring_end[r] < ring_end[r - 1]) return out;
    Clipper c(points);
    const std::uint32_t outer = c.link(0, ring_end[0], true);
    if (outer == kNone) return out;
    struct Hole {
        std::uint32_t node;
        double max_x;
    };
    std::vector<Hole> holes;
    for (std::size_t r = 1; r < ring_end.size(); ++r) {
        const std::uint32_t h = c.link(ring_end[r - 1], ring_end[r], false);
        if (h == kNone) continue;
        double mx = -std::numeric_limits<double>::infinity();
        for (std::uint32_t k = ring_end[r - 1]; k < ring_end[r]; ++k) mx = std::max(mx, points[k].x);
        holes.push_back({h, mx});
    }
    std::sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) { return a.max_x > b.max_x; });
    for (const Hole& h : holes) c.bridge_hole(outer, h.node);
    out.reserve((points.size() + 2 * holes.size()) * 3);
    c.clip(outer, out);
    return out;
}

std::vector<std::uint32_t> triangulate(const std::vector<Point>& ring) {
    const auto n = static_cast<std::uint32_t>(ring.size());
    return triangulate_polygon(ring, std::span<const std::uint32_t>(&n, 1));
}

double triangles_area(std::span<const Point> p, std::span<const std::uint32_t> t) {
    double a = 0;
    for (std::size_t k = 0; k + 2 < t.size(); k += 3) {
        const Point& A = p[t[k]];
        const Point& B = p[t[k + 1]];
        const Point& C = p[t[k + 2]];
        a += std::fabs((B.x - A.x) * (C.y - A.y) - (B.y - A.y) * (C.x - A.x)) * 0.5;
    }
    return a;
}

}  // namespace guichet::geo
