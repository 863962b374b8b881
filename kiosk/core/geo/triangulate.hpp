// Polygons with holes cut into triangles for filling (ear clipping, holes
// bridged into the outer ring first — Eberly's method), pure (unit-tested):
// the kiosk's map fills, and whatever else draws the pack's polygons.
//
//   // points: the outer ring, then each hole; no closing point; any orientation
//   std::vector<std::uint32_t> tri = triangulate_polygon(points, {5, 9});  // ring ends
//   // tri: index triples into points; their area is the outer's minus the holes'
#pragma once

#include "geo/geometry.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace guichet::geo {

// Index triples into POINTS covering the polygon whose rings end (one past
// their last point) at RING_END: ring 0 is the outer boundary, the others are
// holes inside it. Rings have no closing point; under 3 points they are
// ignored (the whole polygon without an outer ring). Degenerate input (a
// self-intersecting ring) gets the triangles clipped before the clipper got
// stuck: never a crash, never an index out of range. O(n²) at worst.
std::vector<std::uint32_t> triangulate_polygon(std::span<const Point> points, std::span<const std::uint32_t> ring_end);

// The same for one ring without holes.
std::vector<std::uint32_t> triangulate(const std::vector<Point>& ring);

// Sum of the areas of TRIANGLES over POINTS (a test helper: outer − holes when right).
double triangles_area(std::span<const Point> points, std::span<const std::uint32_t> triangles);

}  // namespace guichet::geo
