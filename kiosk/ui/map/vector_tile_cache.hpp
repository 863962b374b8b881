// The map's vector layers drawn from cached 256×256 tiles while the map pans
// at one zoom (issue #6): the grid maths, signature and LRU are in
// vector_tiles.hpp; this holds the GL tiles (platform::TileTarget, reused from
// a pool) and decides, per frame, what the mesh pass renders. UI thread only.
//
//   PixelGrid g = PixelGrid::of(view);           // draws use g.mesh_offset(origin)
//   if (cache.prepare(pass, meshes, g, x0, y0, x1, y1, images)) {
//       add_mesh_tiles(dl, &pass); for each image: dl->AddImage(…); add_premultiplied_end(dl);
//   } else add_mesh_pass(dl, &pass);              // direct, as before
//
// GUICHET_MAP_TILE_CACHE=0 in the environment turns it off (the direct path
// only); so does a framebuffer that cannot be made (said once on stderr).
#pragma once

#include "platform/vector_mesh.hpp"
#include "ui/map/mesh.hpp"
#include "ui/map/vector_tiles.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <vector>

namespace guichet::ui::map {

struct VectorTileImage {
    void* texture = nullptr;  // ImTextureID, drawn with uv (0, 1)–(1, 0)
    float x = 0, y = 0;       // screen top-left, whole pixels
};

class VectorTileCache {
public:
    static constexpr std::size_t kCapacity = 96;  // 24 MiB of RGBA8
    static constexpr int kPrefetchPerFrame = 2;   // ring tiles rendered ahead when the view is complete

    // Whether the environment allows it (GUICHET_MAP_TILE_CACHE, read once).
    static bool enabled_by_environment();

    // PASS holds this frame's draws (scale, colours, mesh), MESHES each draw's
    // LayerMesh (its chunks cull per tile), G the snapped grid, [X0, X1) ×
    // [Y0, Y1) the clip rectangle on screen. True: PASS's jobs hold the tiles
    // to render and IMAGES the tiles to draw, in order. False: draw PASS
    // directly (the signature changed since last frame, or the cache is off).
    bool prepare(platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes, const PixelGrid& g, double x0,
                 double y0, double x1, double y1, std::vector<VectorTileImage>& images);
    // Forgets every tile (the pool's textures are kept for reuse).
    void clear();
    std::size_t cached() const { return lru_.size(); }

private:
    // The job rendering tile T, or nothing when no chunk touches it (then it is remembered as empty).
    std::optional<platform::MeshTileJob> job_for(const platform::MeshPass& pass, const std::vector<const LayerMesh*>& meshes,
                                                 const PixelGrid& g, TileIndex t) const;
    const platform::TileTarget* target(std::size_t slot);

    TileLru lru_{kCapacity};
    std::vector<platform::TileTarget> pool_;  // by slot
    // By slot: its tile was rendered. A frame can be built and not rendered
    // (headless replays draw only the frames they photograph): its jobs are
    // then lost and the tiles are rendered again by a later frame.
    std::array<bool, kCapacity> rendered_{};
    std::set<TileIndex> empty_;               // nothing drawn there at this signature
    std::optional<PassSignature> last_;
    bool broken_ = false;  // a framebuffer could not be made: direct path from then on
};

}  // namespace guichet::ui::map
