// Douglas–Peucker simplification for drawing at coarser zoom levels. Rings
// stay usable: closed, at least 4 points, the same orientation, and free of
// crossings; a ring that simplification would break is kept as it was.
#pragma once

#include "geo/geometry.hpp"

namespace guichet::geo {

// Douglas–Peucker on an open polyline: no point of the input is farther than
// TOLERANCE from the output. Endpoints are always kept.
std::vector<Point> simplify_line(const std::vector<Point>& line, double tolerance);

// Simplifies a closed ring; returns the input unchanged when the simplified
// ring would be degenerate, flip orientation or cross itself.
Ring simplify_ring(const Ring& ring, double tolerance);

// Each ring simplified; holes smaller than TOLERANCE² are dropped (invisible
// at that zoom). Outer rings are never dropped, so features keep their index.
MultiPolygon simplify(const MultiPolygon& shape, double tolerance);

// Tolerance for drawing at zoom Z: half a screen pixel, in Mercator metres.
double tolerance_for_zoom(int z);

}  // namespace guichet::geo
