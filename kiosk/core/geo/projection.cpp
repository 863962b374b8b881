#include "geo/projection.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace guichet::geo {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}

Point to_mercator(LonLat ll) {
    double lat = std::clamp(ll.lat, -kMaxMercatorLatitude, kMaxMercatorLatitude);
    double x = kEarthRadius * ll.lon * kDegToRad;
    double y = kEarthRadius * std::log(std::tan(std::numbers::pi / 4 + lat * kDegToRad / 2));
    return {x, y};
}

LonLat to_lonlat(Point m) {
    double lon = m.x / kEarthRadius / kDegToRad;
    double lat = (2 * std::atan(std::exp(m.y / kEarthRadius)) - std::numbers::pi / 2) / kDegToRad;
    return {lon, lat};
}

TileId tile_at(Point m, int z) {
    double n = std::ldexp(1.0, z);
    double fx = (m.x + kMercatorHalfWorld) / (2 * kMercatorHalfWorld) * n;
    double fy = (kMercatorHalfWorld - m.y) / (2 * kMercatorHalfWorld) * n;
    auto clamp_cell = [&](double f) { return static_cast<std::uint32_t>(std::clamp(std::floor(f), 0.0, n - 1)); };
    return {clamp_cell(fx), clamp_cell(fy), z};
}

BBox tile_bounds(TileId t) {
    double size = 2 * kMercatorHalfWorld / std::ldexp(1.0, t.z);
    BBox b;
    b.min_x = -kMercatorHalfWorld + t.x * size;
    b.max_x = b.min_x + size;
    b.max_y = kMercatorHalfWorld - t.y * size;
    b.min_y = b.max_y - size;
    return b;
}

std::uint32_t flip_tms_row(std::uint32_t row, int z) {
    return ((std::uint32_t{1} << z) - 1) - row;
}

double mercator_metres_per_pixel(double z) {
    return 2 * kMercatorHalfWorld / (kTileSize * std::exp2(z));
}

double ground_scale(double lat_degrees) {
    return std::cos(lat_degrees * kDegToRad);
}

}  // namespace guichet::geo
