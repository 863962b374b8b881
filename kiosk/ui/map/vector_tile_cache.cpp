#include "ui/map/vector_tile_cache.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace guichet::ui::map {

namespace {

// FNV-1a over the pictures that touch tile T, with their place in it.
std::uint64_t pictures_key(const Background& b, const PixelGrid& g, TileIndex t) {
    std::uint64_t h = 1469598103934665603ull;
    auto add = [&](const void* p, std::size_t n) {
        const auto* c = static_cast<const unsigned char*>(p);
        for (std::size_t k = 0; k < n; ++k) h = (h ^ c[k]) * 1099511628211ull;
    };
    const ScreenPoint o = g.tile_origin(t);
    for (const BackgroundImage& im : b.images) {
        if (im.x1 <= o.x || im.x0 >= o.x + kVectorTilePx || im.y1 <= o.y || im.y0 >= o.y + kVectorTilePx) continue;
        const double place[4] = {im.x0 - o.x, im.y0 - o.y, im.x1 - o.x, im.y1 - o.y};
        const float uv[4] = {im.u0, im.v0, im.u1, im.v1};
        add(&im.texture, sizeof im.texture);
        add(place, sizeof place);
        add(uv, sizeof uv);
    }
    return h;
}

}  // namespace

bool VectorTileCache::enabled_by_environment() {
    static const bool on = [] {
        const char* e = std::getenv("GUICHET_MAP_TILE_CACHE");
        return e == nullptr || std::strcmp(e, "0") != 0;
    }();
    return on;
}

void VectorTileCache::clear() {
    grid_seen_ = false;
    move_x_ = move_y_ = 0;
    rendered_.fill(false);
    lru_.clear();
    last_.reset();
}

const platform::TileTarget* VectorTileCache::target(std::size_t slot) {
    pool_.reserve(kCapacity);  // never reallocated: this frame's jobs point into it
    if (pool_.size() <= slot) pool_.resize(slot + 1);
    if (pool_[slot].size() == 0) {
        auto t = platform::TileTarget::create(kVectorTilePx);
        if (!t) {
            std::fprintf(stderr, "guichet: map tile cache off, drawing the layers directly: %s\n", t.error().message.c_str());
            return nullptr;
        }
        pool_[slot] = std::move(*t);
    }
    return &pool_[slot];
}

platform::MeshTileJob VectorTileCache::job_for(const platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes,
                                               const Background& background, const PixelGrid& g, TileIndex t) const {
    platform::MeshTileJob job;
    for (int c = 0; c < 4; ++c) job.clear[c] = background.ground[static_cast<std::size_t>(c)];
    const ScreenPoint o = g.tile_origin(t);
    for (const BackgroundImage& im : background.images) {
        if (im.x1 <= o.x || im.x0 >= o.x + kVectorTilePx || im.y1 <= o.y || im.y0 >= o.y + kVectorTilePx) continue;
        job.images.push_back({im.texture, static_cast<float>(im.x0 - o.x), static_cast<float>(im.y0 - o.y),
                              static_cast<float>(im.x1 - o.x), static_cast<float>(im.y1 - o.y), im.u0, im.v0, im.u1, im.v1});
    }
    const geo::BBox tb = g.tile_bounds(t);
    for (std::size_t k = 0; k < pass.draws.size(); ++k) {
        const platform::MeshDraw& d = pass.draws[k];
        const LayerMesh* m = k < meshes.size() ? meshes[k] : nullptr;
        std::vector<platform::MeshRange> ranges;
        if (m != nullptr) {
            // Lines reach half their width past their vertices; a pixel more for rounding.
            const double margin = (d.lines ? d.line_width * 0.5 + 1 : 1) * g.mpp;
            const geo::BBox box{tb.min_x - margin, tb.min_y - margin, tb.max_x + margin, tb.max_y + margin};
            for (const IndexRange& r : visible_ranges(*m, box, !d.lines)) ranges.push_back({r.begin, r.end});
        }
        const ScreenPoint off = m != nullptr ? g.mesh_offset_in_tile(m->origin, t) : ScreenPoint{};
        job.offsets.push_back({static_cast<float>(off.x), static_cast<float>(off.y)});
        job.ranges.push_back(std::move(ranges));
    }
    return job;
}

bool VectorTileCache::prepare(platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes,
                              const Background& background, const PixelGrid& g, double x0, double y0, double x1,
                              double y1) {
    pass.jobs.clear();
    pass.blits.clear();
    if (broken_ || !enabled_by_environment() || pass.draws.empty()) return false;
    PassSignature sig;
    sig.mpp = g.mpp;
    sig.clip_w = static_cast<float>(x1 - x0);
    sig.clip_h = static_cast<float>(y1 - y0);
    sig.ground = background.ground;
    sig.picture_layers = background.layers;
    for (const platform::MeshDraw& d : pass.draws) {
        PassDrawKey k;
        k.mesh = reinterpret_cast<std::uintptr_t>(d.mesh);
        k.lines = d.lines;
        k.line_width = d.line_width;
        for (int c = 0; c < 8; ++c)
            for (int ch = 0; ch < 4; ++ch) k.colors[static_cast<std::size_t>(c * 4 + ch)] = d.colors[c][ch];
        sig.draws.push_back(k);
    }
    if (!last_ || !(*last_ == sig)) {  // changing (zoom, pinch, toggles…): tiles would be wasted
        clear();
        last_ = std::move(sig);
        return false;
    }
    const std::vector<TileIndex> visible = tiles_covering(g, x0, y0, x1, y1);
    if (visible.size() * 2 > kCapacity) return false;  // a huge map rectangle: direct
    // Renders T (again, in its slot, when it is held but stale). False: no framebuffer.
    auto render = [&](TileIndex t, std::uint64_t pictures) -> bool {
        std::optional<std::size_t> slot = lru_.find(t);
        if (!slot) slot = lru_.acquire(t).slot;
        platform::MeshTileJob job = job_for(pass, meshes, background, g, t);
        rendered_[*slot] = false;
        pictures_[*slot] = pictures;
        job.target = target(*slot);
        if (job.target == nullptr) return false;
        job.rendered = &rendered_[*slot];
        pass.jobs.push_back(std::move(job));
        return true;
    };
    auto fail = [&] {
        broken_ = true;
        clear();
        pass.jobs.clear();
        pass.blits.clear();
        return false;
    };
    bool missing = false;
    int refresh = kRefreshPerFrame;
    for (TileIndex t : visible) {
        const std::uint64_t pictures = pictures_key(background, g, t);
        std::optional<std::size_t> slot = lru_.find(t);
        if (!slot || !rendered_[*slot]) {
            missing = true;
            if (!render(t, pictures)) return fail();
            slot = lru_.find(t);
        } else if (pictures_[*slot] != pictures) {  // a raster tile arrived: shown as it was until its turn
            missing = true;
            if (refresh > 0) {
                --refresh;
                if (!render(t, pictures)) return fail();
            }
        }
        const ScreenPoint p = g.tile_origin(t);
        pass.blits.push_back({&pool_[*slot], static_cast<float>(p.x), static_cast<float>(p.y)});
    }
    // The pan's direction: the world origin's move since last frame (kept while the map stands still).
    if (grid_seen_ && (g.ox != last_ox_ || g.oy != last_oy_)) {
        move_x_ = g.ox - last_ox_;
        move_y_ = g.oy - last_oy_;
    }
    grid_seen_ = true;
    last_ox_ = g.ox;
    last_oy_ = g.oy;
    if (!missing) {  // the view is complete: render a few of the ring around it, ahead of the pan first
        int budget = kPrefetchPerFrame;
        std::vector<TileIndex> ring = tiles_covering(g, x0, y0, x1, y1, 1);
        order_ahead(ring, g, {(x0 + x1) * 0.5, (y0 + y1) * 0.5}, move_x_, move_y_);
        for (TileIndex t : ring) {
            if (budget == 0) break;
            const std::uint64_t pictures = pictures_key(background, g, t);
            if (const std::optional<std::size_t> slot = lru_.find(t); slot && rendered_[*slot] && pictures_[*slot] == pictures)
                continue;
            if (!render(t, pictures)) return fail();
            --budget;
        }
    }
    return true;
}

}  // namespace guichet::ui::map
