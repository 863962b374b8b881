// WGS 84 longitude/latitude ↔ Web Mercator (EPSG:3857) metres, and the
// slippy-map tile grid (XYZ, 256-pixel tiles) with the TMS row flip that
// MBTiles files use.
#pragma once

#include "geo/geometry.hpp"

#include <cstdint>

namespace guichet::geo {

inline constexpr double kEarthRadius = 6378137.0;                      // WGS 84 semi-major axis, metres
inline constexpr double kMercatorHalfWorld = 20037508.342789244;      // π · kEarthRadius
inline constexpr double kMaxMercatorLatitude = 85.051128779806592;     // where the square world ends
inline constexpr int kTileSize = 256;                                   // pixels
inline constexpr int kMaxZoom = 24;

struct LonLat {
    double lon = 0, lat = 0;  // degrees
};

// Latitudes beyond ±kMaxMercatorLatitude are clamped (the poles are at infinity).
Point to_mercator(LonLat ll);
LonLat to_lonlat(Point mercator);

struct TileId {
    std::uint32_t x = 0, y = 0;  // XYZ: y grows southwards, row 0 at the top
    int z = 0;
    friend bool operator==(const TileId&, const TileId&) = default;
};

// The tile holding a Mercator point at zoom Z (clamped to the grid).
TileId tile_at(Point mercator, int z);
// A tile's extent in Mercator metres.
BBox tile_bounds(TileId tile);
// MBTiles/TMS count rows from the bottom; XYZ from the top. The flip is its own inverse.
std::uint32_t flip_tms_row(std::uint32_t row, int z);

// Mercator metres per screen pixel at zoom Z (fractional zooms allowed).
double mercator_metres_per_pixel(double z);
// Ground metres per Mercator metre at a latitude: cos(latitude).
double ground_scale(double lat_degrees);

}  // namespace guichet::geo
