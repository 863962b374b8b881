#include "ui/map/vector_tile_cache.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace guichet::ui::map {

bool VectorTileCache::enabled_by_environment() {
    static const bool on = [] {
        const char* e = std::getenv("GUICHET_MAP_TILE_CACHE");
        return e == nullptr || std::strcmp(e, "0") != 0;
    }();
    return on;
}

void VectorTileCache::clear() {
    rendered_.fill(false);
    lru_.clear();
    empty_.clear();
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

std::optional<platform::MeshTileJob> VectorTileCache::job_for(const platform::MeshPass& pass,
                                                              const std::vector<const LayerMesh*>& meshes,
                                                              const PixelGrid& g, TileIndex t) const {
    platform::MeshTileJob job;
    bool any = false;
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
        any = any || !ranges.empty();
        const ScreenPoint o = m != nullptr ? g.mesh_offset_in_tile(m->origin, t) : ScreenPoint{};
        job.offsets.push_back({static_cast<float>(o.x), static_cast<float>(o.y)});
        job.ranges.push_back(std::move(ranges));
    }
    if (!any) return std::nullopt;
    return job;
}

bool VectorTileCache::prepare(platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes, const PixelGrid& g,
                              double x0, double y0, double x1, double y1, std::vector<VectorTileImage>& images) {
    pass.jobs.clear();
    images.clear();
    if (broken_ || !enabled_by_environment() || pass.draws.empty()) return false;
    PassSignature sig;
    sig.mpp = g.mpp;
    sig.clip_w = static_cast<float>(x1 - x0);
    sig.clip_h = static_cast<float>(y1 - y0);
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
    if (empty_.size() > 4096) empty_.clear();
    auto render = [&](TileIndex t) -> int {  // 1: rendered, 0: empty, −1: no framebuffer
        std::optional<platform::MeshTileJob> job = job_for(pass, meshes, g, t);
        if (!job) {
            empty_.insert(t);
            return 0;
        }
        std::optional<std::size_t> slot = lru_.find(t);  // held but never rendered: again, in its slot
        if (!slot) slot = lru_.acquire(t).slot;
        rendered_[*slot] = false;
        job->target = target(*slot);
        if (job->target == nullptr) return -1;
        job->rendered = &rendered_[*slot];
        pass.jobs.push_back(std::move(*job));
        return 1;
    };
    bool missing = false;
    for (TileIndex t : visible) {
        if (empty_.count(t)) continue;
        std::optional<std::size_t> slot = lru_.find(t);
        if (!slot || !rendered_[*slot]) {
            missing = true;
            const int r = render(t);
            if (r < 0) {
                broken_ = true;
                clear();
                pass.jobs.clear();
                images.clear();
                return false;
            }
            if (r == 0) continue;
            slot = lru_.find(t);
        }
        const ScreenPoint p = g.tile_origin(t);
        images.push_back({pool_[*slot].texture_id(), static_cast<float>(p.x), static_cast<float>(p.y)});
    }
    if (!missing) {  // the view is complete: render a few of the ring around it ahead of the pan
        int budget = kPrefetchPerFrame;
        for (TileIndex t : tiles_covering(g, x0, y0, x1, y1, 1)) {
            if (budget == 0) break;
            if (empty_.count(t)) continue;
            if (const std::optional<std::size_t> slot = lru_.find(t); slot && rendered_[*slot]) continue;
            if (render(t) < 0) {
                broken_ = true;
                clear();
                pass.jobs.clear();
                images.clear();
                return false;
            }
            --budget;
        }
    }
    return true;
}

}  // namespace guichet::ui::map
