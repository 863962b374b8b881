// Plain geometry values shared by the map engine: points, boxes, rings,
// polygons with holes. Coordinates are whatever the caller projects them in
// (WGS 84 degrees while importing, Web Mercator metres everywhere after).
#pragma once

#include <algorithm>
#include <limits>
#include <vector>

namespace guichet::geo {

struct Point {
    double x = 0, y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

struct BBox {
    double min_x = std::numeric_limits<double>::infinity(), min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity(), max_y = -std::numeric_limits<double>::infinity();

    bool empty() const { return min_x > max_x || min_y > max_y; }
    void extend(Point p) {
        min_x = std::min(min_x, p.x), min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x), max_y = std::max(max_y, p.y);
    }
    void extend(const BBox& b) {
        min_x = std::min(min_x, b.min_x), min_y = std::min(min_y, b.min_y);
        max_x = std::max(max_x, b.max_x), max_y = std::max(max_y, b.max_y);
    }
    bool contains(Point p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
    bool intersects(const BBox& b) const {
        return b.min_x <= max_x && b.max_x >= min_x && b.min_y <= max_y && b.max_y >= min_y;
    }
    Point center() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
    friend bool operator==(const BBox&, const BBox&) = default;
};

// A closed ring: the first point is repeated at the end (GeoJSON's rule), so
// a valid ring has at least 4 points.
using Ring = std::vector<Point>;

// rings[0] is the outer boundary, the others are holes.
struct Polygon {
    std::vector<Ring> rings;
};

struct MultiPolygon {
    std::vector<Polygon> polygons;
};

// A network's pipes or cables (line layers): open polylines of 2 points or more.
using LineString = std::vector<Point>;
struct MultiLine {
    std::vector<LineString> lines;
};

BBox bbox_of(const Ring& ring);  // also of a LineString (the same type)
BBox bbox_of(const MultiPolygon& shape);
BBox bbox_of(const MultiLine& shape);

}  // namespace guichet::geo
