// Polygon predicates and measures: point-in-polygon (even-odd, holes
// included), areas, and the validity checks the importers apply.
#pragma once

#include "geo/geometry.hpp"

#include <optional>
#include <string>

namespace guichet::geo {

// Even-odd rule over every ring, so holes (and islands inside holes) come out
// right whatever the ring orientation. A point exactly on an edge counts as
// inside: a finger landing on a boundary still selects something.
bool contains(const Polygon& polygon, Point p);
bool contains(const MultiPolygon& shape, Point p);
bool point_on_ring(const Ring& ring, Point p);

// Shoelace area in the coordinates' own units (positive: counter-clockwise).
double signed_area(const Ring& ring);
// Outer area minus holes, planar.
double planar_area(const Polygon& polygon);
double planar_area(const MultiPolygon& shape);
// Area on the WGS 84 sphere (radius 6,378,137 m) of a shape in degrees, in m².
double geodesic_area(const MultiPolygon& lonlat);

// Removes repeated consecutive points (common in real data, harmless).
void drop_repeated_points(Ring& ring);

// Why a ring is unusable, or nothing: fewer than 4 points, not closed,
// a non-finite coordinate, zero area, or two edges that cross.
std::optional<std::string> ring_problem(const Ring& ring);
// Whether two non-adjacent edges of the ring cross (O(n log n) typical).
std::optional<std::string> ring_self_intersection(const Ring& ring);

}  // namespace guichet::geo
