#include "ui/map/vector_tiles.hpp"

#include "ui/map/view.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui::map {

PixelGrid PixelGrid::of(double mpp, double center_x, double center_y, double screen_cx, double screen_cy) {
    PixelGrid g;
    g.mpp = mpp;
    g.ox = std::round(screen_cx - center_x / mpp);
    g.oy = std::round(screen_cy + center_y / mpp);
    return g;
}

PixelGrid PixelGrid::of(const MapView& view) {
    return of(view.metres_per_pixel(), view.center.x, view.center.y, view.x() + view.width() * 0.5,
              view.y() + view.height() * 0.5);
}

TileIndex PixelGrid::tile_at(ScreenPoint s) const {
    return {static_cast<std::int64_t>(std::floor((s.x - ox) / kVectorTilePx)),
            static_cast<std::int64_t>(std::floor((s.y - oy) / kVectorTilePx))};
}

geo::BBox PixelGrid::tile_bounds(TileIndex t) const {
    const double side = kVectorTilePx * mpp;
    geo::BBox b;
    b.min_x = static_cast<double>(t.i) * side;
    b.max_x = static_cast<double>(t.i + 1) * side;
    b.max_y = -static_cast<double>(t.j) * side;
    b.min_y = -static_cast<double>(t.j + 1) * side;
    return b;
}

std::vector<TileIndex> tiles_covering(const PixelGrid& g, double x0, double y0, double x1, double y1, int ring) {
    std::vector<TileIndex> out;
    if (!(x1 > x0) || !(y1 > y0)) return out;
    const TileIndex a = g.tile_at({x0, y0});
    // The last pixel inside is x1 − 1 (x1 is excluded), also for fractional edges.
    const TileIndex b = g.tile_at({std::ceil(x1) - 1, std::ceil(y1) - 1});
    for (std::int64_t j = a.j - ring; j <= b.j + ring; ++j)
        for (std::int64_t i = a.i - ring; i <= b.i + ring; ++i) out.push_back({i, j});
    return out;
}

void order_ahead(std::vector<TileIndex>& tiles, const PixelGrid& g, ScreenPoint centre, double dx, double dy) {
    auto ahead = [&](TileIndex t) {  // larger: further towards where the content comes from
        const ScreenPoint o = g.tile_origin(t);
        const double cx = o.x + kVectorTilePx * 0.5 - centre.x, cy = o.y + kVectorTilePx * 0.5 - centre.y;
        return -(cx * dx + cy * dy);
    };
    std::stable_sort(tiles.begin(), tiles.end(), [&](TileIndex a, TileIndex b) { return ahead(a) > ahead(b); });
}

std::optional<std::size_t> TileLru::find(TileIndex t) {
    auto it = where_.find(t);
    if (it == where_.end()) return std::nullopt;
    order_.splice(order_.end(), order_, it->second.at);
    return it->second.slot;
}

TileLru::Acquired TileLru::acquire(TileIndex t) {
    Acquired a;
    if (next_free_ < capacity_) {
        a.slot = next_free_++;
    } else {
        const TileIndex old = order_.front();
        order_.pop_front();
        auto it = where_.find(old);
        a.slot = it->second.slot;
        a.evicted = old;
        where_.erase(it);
    }
    order_.push_back(t);
    where_[t] = {a.slot, std::prev(order_.end())};
    return a;
}

void TileLru::clear() {
    order_.clear();
    where_.clear();
    next_free_ = 0;
}

}  // namespace guichet::ui::map
