// Map geometry kept on the GPU (issue #6): a vertex buffer of (x, y, style)
// floats with a triangle and a line index buffer, uploaded once, then drawn
// every frame with the pan and zoom as a uniform — no per-frame tessellation.
// Drawn from inside ImGui's render through an ImDrawList callback, so it
// layers with ImGui's own drawing; ImGui's GL state is restored after it.
// UI thread only (the GL context lives there); the header includes no GL.
#pragma once

#include "common/result.hpp"

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

struct MeshPass {
    std::vector<MeshDraw> draws;
};

// Queues PASS at the draw list's current position (clipped to its current
// clip rectangle), then ImGui's render state is reset. PASS (and its meshes)
// must stay alive and unchanged until the frame is rendered or dropped.
void add_mesh_pass(ImDrawList* dl, const MeshPass* pass);

// Between these two, the draw list's own drawing is not blended (opaque
// pictures such as raster map tiles: llvmpipe then never reads the pixels
// under them). The end resets ImGui's render state, blending included.
void add_opaque_begin(ImDrawList* dl);
void add_opaque_end(ImDrawList* dl);

}  // namespace guichet::platform
