// Vector features ready to draw: decoded once per level of detail (Mercator
// metres), triangulated for filling (ear clipping, holes cut), with a label point.
// The cache is bounded: past kMaxShapes it starts again empty.
#pragma once

#include "geo/layer.hpp"
#include "geo/triangulate.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace guichet::ui::map {

struct Shape {
    std::vector<geo::Point> points;          // every ring, without the closing point
    std::vector<std::uint32_t> ring_end;     // one past each ring's last point
    std::vector<std::uint8_t> ring_hole;     // per ring: a hole
    std::vector<std::uint32_t> triangles;    // indices into points (holes cut)
    geo::Point label;                        // inside the largest outer ring when its centroid is
    geo::BBox bounds;
    double area = 0;                         // m² (Mercator)
    int zone = -2;                           // parcels: zone class under the label point (-1 none, -2 not looked up)
};

// Polygons of more points than this are outlined, not filled (ear clipping is O(n²)).
inline constexpr std::size_t kMaxFillPoints = 20000;

double signed_area(const geo::Point* p, std::size_t n);
bool point_in_ring(const geo::Point* p, std::size_t n, geo::Point q);

class ShapeCache {
public:
    static constexpr std::size_t kMaxShapes = 60000;
    Shape& get(const geo::MapLayer& layer, int slot, std::uint32_t feature, std::size_t level);
    void clear() { shapes_.clear(); }
    std::size_t size() const { return shapes_.size(); }

private:
    std::unordered_map<std::uint64_t, Shape> shapes_;
};

// CNIG zone type of a zoning feature ("U", "AUc", "1AU", "A", "Nh"…):
// 0 urbaine, 1 à urbaniser, 2 agricole, 3 naturelle, -1 other.
int zone_class(std::string_view typezone_or_libelle);

}  // namespace guichet::ui::map
