// Map geometry kept on the GPU (issue #6): a vertex buffer of (x, y, style)
// floats with a triangle and a line index buffer, uploaded once, then drawn
// every frame with the pan and zoom as a uniform — no per-frame tessellation.
// Drawn from inside ImGui's render through an ImDrawList callback, so it
// layers with ImGui's own drawing; ImGui's GL state is restored after it.
// The same pass can be rendered into cached opaque tiles (TileTarget,
// ui/map/vector_tile_cache.hpp) over the map's ground and raster tiles, which
// are then copied to the screen: what the direct pass gives on screen.
// UI thread only (the GL context lives there); the header includes no GL.
#pragma once

#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

struct ImDrawList;

namespace guichet::platform {

class GpuMesh {
public:
    GpuMesh() = default;
    ~GpuMesh();
    GpuMesh(GpuMesh&& other) noexcept;
    GpuMesh& operator=(GpuMesh&& other) noexcept;
    GpuMesh(const GpuMesh&) = delete;
    GpuMesh& operator=(const GpuMesh&) = delete;

    // VERTICES: x, y, style (0–7) per vertex; FILL: index triples; LINES: index
    // pairs. Fails (no crash) without a current GL context, e.g. in unit tests.
    static Result<GpuMesh> upload(std::span<const float> vertices, std::span<const std::uint32_t> fill,
                                  std::span<const std::uint32_t> lines);

private:
    friend struct MeshPassDrawer;
    void release();
    unsigned vao_ = 0, vbo_ = 0, fill_ibo_ = 0, line_ibo_ = 0;
};

struct MeshRange {
    std::uint32_t begin = 0, end = 0;  // indices [begin, end)
};

// One draw: FILL's triangles (colour by vertex style) or LINES (GL_LINES,
// aliased, LINE_WIDTH pixels). Screen pixel = vertex × scale + offset.
struct MeshDraw {
    const GpuMesh* mesh = nullptr;
    bool lines = false;
    float line_width = 1;
    float scale[2] = {1, 1}, offset[2] = {0, 0};
    float colors[8][4] = {};  // RGBA 0–1 by style; lines use colors[style] too
    std::vector<MeshRange> ranges;
};

// A 256×256 (SIZE) RGBA8 texture with its framebuffer object: one cached
// vector tile, opaque, copied to the screen as is. Row 0 is the picture's
// BOTTOM row, as in the window's framebuffer: copied without a flip.
class TileTarget {
public:
    TileTarget() = default;
    ~TileTarget();
    TileTarget(TileTarget&& other) noexcept;
    TileTarget& operator=(TileTarget&& other) noexcept;
    TileTarget(const TileTarget&) = delete;
    TileTarget& operator=(const TileTarget&) = delete;

    // Fails (no crash) without a current GL context or when the framebuffer is incomplete.
    static Result<TileTarget> create(int size);
    void* texture_id() const { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(tex_)); }  // ImTextureID
    int size() const { return size_; }

private:
    friend struct MeshPassDrawer;
    void release();
    unsigned tex_ = 0, fbo_ = 0;
    int size_ = 0;
};

// A picture drawn into a tile before the pass's draws (the map's raster
// tiles): texture TEXTURE (an ImTextureID) over tile pixels [x0, x1) ×
// [y0, y1), texture coordinates (u0, v0)–(u1, v1), blended by its alpha.
struct TileImage {
    void* texture = nullptr;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float u0 = 0, v0 = 0, u1 = 1, v1 = 1;
};

// The pass's draws rendered into TARGET, over CLEAR (the map's ground, opaque)
// and IMAGES: per draw, its offset in the target's pixels and its index ranges
// (the chunks that touch the tile); the draws' own offsets and ranges are not used.
struct MeshTileJob {
    const TileTarget* target = nullptr;
    bool* rendered = nullptr;  // set once rendered: a frame built but never rendered (headless replays) leaves it false
    float clear[4] = {0, 0, 0, 1};
    std::vector<TileImage> images;
    std::vector<std::array<float, 2>> offsets;   // one per MeshPass::draws
    std::vector<std::vector<MeshRange>> ranges;  // one per MeshPass::draws
};

// A cached tile copied to the screen with its top-left corner at (X, Y) (whole pixels).
struct TileBlit {
    const TileTarget* target = nullptr;
    float x = 0, y = 0;
};

struct MeshPass {
    std::vector<MeshDraw> draws;
    std::vector<MeshTileJob> jobs;   // add_mesh_tiles only
    std::vector<TileBlit> blits;     // add_mesh_tiles only
};

// Queues PASS at the draw list's current position (clipped to its current
// clip rectangle), then ImGui's render state is reset. PASS (and its meshes)
// must stay alive and unchanged until the frame is rendered or dropped.
void add_mesh_pass(ImDrawList* dl, const MeshPass* pass);

// Cached tiles: renders PASS's jobs into their targets, then copies the
// blits' tiles to the screen inside the draw list's clip rectangle
// (glBlitFramebuffer: the tiles are opaque, nothing is blended), then puts
// back the framebuffers, viewport, scissor and clear colour it found; ImGui's
// render state is reset after it. Same lifetime rule as add_mesh_pass.
void add_mesh_tiles(ImDrawList* dl, const MeshPass* pass);

// Between these two, the draw list's own drawing is not blended (opaque
// pictures such as raster map tiles: llvmpipe then never reads the pixels
// under them). The end resets ImGui's render state, blending included.
void add_opaque_begin(ImDrawList* dl);
void add_opaque_end(ImDrawList* dl);

}  // namespace guichet::platform
