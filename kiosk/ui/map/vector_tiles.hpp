// The vector layers' tile cache maths (issue #6, map pan), with no GL and no
// ImGui (unit-tested): while the map pans at one zoom, the vector layers are
// the same picture shifted, so the mesh pass is rendered once into 256×256
// "vector tiles" and the frame draws those.
//
// The grid is anchored on the world at the current scale: world pixel
// (wx, wy) = (x / mpp, −y / mpp) for Mercator metres (x, y) — y goes DOWN, as
// on screen. Tile (i, j) covers world pixels [256 i, 256 i + 256) ×
// [256 j, 256 j + 256), i.e. Mercator x ∈ [256 i mpp, 256 (i + 1) mpp) and
// y ∈ (−256 (j + 1) mpp, −256 j mpp]. The screen offset of the world origin is
// snapped to whole pixels (PixelGrid), for the cached and the direct path
// alike, so that a tile lands on whole pixels and a cached frame rasterises
// the geometry at the same sub-pixel phase as a direct one.
#pragma once

#include "geo/geometry.hpp"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <vector>

namespace guichet::ui::map {

class MapView;

inline constexpr int kVectorTilePx = 256;

struct TileIndex {
    std::int64_t i = 0, j = 0;
    auto operator<=>(const TileIndex&) const = default;
};

struct ScreenPoint {
    double x = 0, y = 0;
};

// The view's scale and the screen position of the world origin, whole pixels.
struct PixelGrid {
    double mpp = 1;       // Mercator metres per screen pixel
    double ox = 0, oy = 0;  // screen pixel of Mercator (0, 0); whole numbers

    static PixelGrid of(const MapView& view);
    static PixelGrid of(double mpp, double center_x, double center_y, double screen_cx, double screen_cy);

    ScreenPoint to_screen(geo::Point p) const { return {p.x / mpp + ox, -p.y / mpp + oy}; }
    geo::Point to_world(ScreenPoint s) const { return {(s.x - ox) * mpp, -(s.y - oy) * mpp}; }
    // Screen pixel of tile T's top-left corner (whole numbers).
    ScreenPoint tile_origin(TileIndex t) const {
        return {static_cast<double>(t.i) * kVectorTilePx + ox, static_cast<double>(t.j) * kVectorTilePx + oy};
    }
    // The tile holding screen pixel S.
    TileIndex tile_at(ScreenPoint s) const;
    // T's area in Mercator metres.
    geo::BBox tile_bounds(TileIndex t) const;
    // Where a mesh whose vertices are relative to ORIGIN must be offset (vertex
    // × (1/mpp, −1/mpp) + offset): on screen, and inside tile T's own pixels.
    ScreenPoint mesh_offset(geo::Point origin) const { return to_screen(origin); }
    ScreenPoint mesh_offset_in_tile(geo::Point origin, TileIndex t) const {
        const ScreenPoint s = to_screen(origin), o = tile_origin(t);
        return {s.x - o.x, s.y - o.y};
    }
};

// The tiles that cover the screen rectangle [X0, X1) × [Y0, Y1), row by row;
// RING more tiles around it on each side.
std::vector<TileIndex> tiles_covering(const PixelGrid& g, double x0, double y0, double x1, double y1, int ring = 0);

// Orders TILES (a ring around the view) so that those the pan brings in next
// come first: the map's content moved by (DX, DY) screen pixels lately, so new
// content enters from the other side. CENTRE: the view's centre on screen.
void order_ahead(std::vector<TileIndex>& tiles, const PixelGrid& g, ScreenPoint centre, double dx, double dy);

// What the cached pictures depend on: the scale, each draw of the pass in
// order (its mesh, fill or lines, line width, colours), the clip size and
// the ground colour. Any change and every tile is stale. (The raster
// pictures under a tile are checked tile by tile: vector_tile_cache.hpp.)
struct PassDrawKey {
    std::uintptr_t mesh = 0;
    bool lines = false;
    float line_width = 0;
    std::array<float, 32> colors{};
    bool operator==(const PassDrawKey&) const = default;
};
struct PassSignature {
    double mpp = 0;
    std::vector<PassDrawKey> draws;
    float clip_w = 0, clip_h = 0;
    std::array<float, 4> ground{};  // the map's ground colour under the layers (high contrast)
    int picture_layers = 0;         // raster layers under them (toggled)
    bool operator==(const PassSignature&) const = default;
};

// Which tile sits in which of CAPACITY texture slots, least recently used
// first out. Slots are 0 … capacity − 1, handed out in order, then reused.
class TileLru {
public:
    explicit TileLru(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
    std::size_t capacity() const { return capacity_; }
    std::size_t size() const { return where_.size(); }
    // The slot holding T (and T becomes the most recently used), if any.
    std::optional<std::size_t> find(TileIndex t);
    bool contains(TileIndex t) const { return where_.count(t) != 0; }
    struct Acquired {
        std::size_t slot = 0;
        std::optional<TileIndex> evicted;  // the tile whose slot it was
    };
    // A slot for T, which must not be held: a free one, else the least
    // recently used tile's. T becomes the most recently used.
    Acquired acquire(TileIndex t);
    void clear();
    // Least recently used first (tests).
    std::vector<TileIndex> order() const { return {order_.begin(), order_.end()}; }

private:
    struct Entry {
        std::size_t slot;
        std::list<TileIndex>::iterator at;
    };
    std::size_t capacity_;
    std::list<TileIndex> order_;  // least recently used first
    std::map<TileIndex, Entry> where_;
    std::size_t next_free_ = 0;
};

}  // namespace guichet::ui::map
