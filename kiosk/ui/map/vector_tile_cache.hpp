// The map drawn from cached 256×256 tiles while it pans at one zoom (issue
// #6): each tile holds the map's ground, its raster tiles and the vector
// layers' pass, opaque, and is copied to the screen (no blending: llvmpipe
// then pays a copy for the whole map instead of its layers' pixels). The grid
// maths, signature and LRU are in vector_tiles.hpp; this holds the GL tiles
// (platform::TileTarget, reused from a pool) and decides, per frame, what is
// rendered and copied. UI thread only.
//
//   PixelGrid g = PixelGrid::of(view);  // draws use g.mesh_offset(origin), pictures g.to_screen
//   if (cache.prepare(pass, meshes, background, g, x0, y0, x1, y1)) add_mesh_tiles(dl, &pass);
//   else { draw BACKGROUND; add_mesh_pass(dl, &pass); }  // direct, as before
//
// A tile is rendered again when the raster pictures over it change (a tile
// decoded, a better one arrived). GUICHET_MAP_TILE_CACHE=0 in the environment
// turns the cache off (the direct path only); so does a framebuffer that
// cannot be made (said once on stderr).
#pragma once

#include "platform/vector_mesh.hpp"
#include "ui/map/mesh.hpp"
#include "ui/map/vector_tiles.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace guichet::ui::map {

// What lies under the vector layers: the ground colour, then pictures (raster
// tiles, opaque ones first) at screen positions of the snapped grid.
struct BackgroundImage {
    void* texture = nullptr;   // ImTextureID
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // screen pixels
    float u0 = 0, v0 = 0, u1 = 1, v1 = 1;
    bool translucent = false;  // blended (else drawn with blending off)
};
struct Background {
    std::array<float, 4> ground{};  // RGBA 0–1, opaque
    bool ground_needed = true;      // false when opaque pictures cover the view (direct path)
    int layers = 0;                 // raster layers shown (a toggle drops every cached tile)
    std::vector<BackgroundImage> images;
};

class VectorTileCache {
public:
    static constexpr std::size_t kCapacity = 192;  // 48 MiB of RGBA8: a pan back and forth finds its tiles again
    static constexpr int kPrefetchPerFrame = 3;   // ring tiles rendered ahead when the view is complete
    static constexpr int kRefreshPerFrame = 4;    // tiles rendered again because a raster tile arrived

    // Whether the environment allows it (GUICHET_MAP_TILE_CACHE, read once).
    static bool enabled_by_environment();

    // PASS holds this frame's draws (scale, colours, mesh), MESHES each draw's
    // LayerMesh (its chunks cull per tile), BACKGROUND what lies under them, G
    // the snapped grid, [X0, X1) × [Y0, Y1) the clip rectangle on screen. True:
    // PASS's jobs hold the tiles to render and its blits the tiles to copy, in
    // order. False: draw BACKGROUND and PASS directly (the signature changed
    // since last frame, or the cache is off).
    bool prepare(platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes, const Background& background,
                 const PixelGrid& g, double x0, double y0, double x1, double y1);
    // Forgets every tile (the pool's textures are kept for reuse).
    void clear();
    std::size_t cached() const { return lru_.size(); }

private:
    platform::MeshTileJob job_for(const platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes,
                                  const Background& background, const PixelGrid& g, TileIndex t) const;
    const platform::TileTarget* target(std::size_t slot);

    TileLru lru_{kCapacity};
    std::vector<platform::TileTarget> pool_;  // by slot
    // By slot: its tile was rendered. A frame can be built and not rendered
    // (headless replays draw only the frames they photograph): its jobs are
    // then lost and the tiles are rendered again by a later frame.
    std::array<bool, kCapacity> rendered_{};
    std::array<std::uint64_t, kCapacity> pictures_{};  // by slot: which pictures its tile was rendered over
    std::optional<PassSignature> last_;
    bool broken_ = false;  // a framebuffer could not be made: direct path from then on
    bool grid_seen_ = false;
    double last_ox_ = 0, last_oy_ = 0, move_x_ = 0, move_y_ = 0;  // the pan's last move (prefetch order)
};

}  // namespace guichet::ui::map
