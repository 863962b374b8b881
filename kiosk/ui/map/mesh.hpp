// A whole polygon layer at one level of detail as one vertex array for the
// GPU, built once on the content loader's worker (never on the UI thread):
// fill triangles (holes cut) and outline segments, grouped in spatial chunks
// so that a frame draws only the chunks in view (unit-tested without GL).
// Drawn by platform/vector_mesh.hpp with the view's pan and zoom as a uniform.
#pragma once

#include "geo/layer.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace guichet::ui::map {

struct MeshChunk {
    geo::BBox box;                              // every feature of the chunk (Mercator metres)
    std::uint32_t fill_begin = 0, fill_end = 0;  // into LayerMesh::fill
    std::uint32_t line_begin = 0, line_end = 0;  // into LayerMesh::lines
};

struct LayerMesh {
    static constexpr int kFloatsPerVertex = 3;  // x, y (metres from origin), style
    geo::Point origin;                          // vertices are relative to it (float precision)
    std::vector<float> vertices;
    std::vector<std::uint32_t> fill;   // index triples
    std::vector<std::uint32_t> lines;  // index pairs (one per ring edge)
    std::vector<MeshChunk> chunks;     // in index order, non-empty
    std::size_t bytes() const { return vertices.size() * 4 + (fill.size() + lines.size()) * 4; }
};

// STYLE(feature): a small integer 0–7 the renderer maps to a fill colour (the
// zone class for zoning layers). FILL false: outlines only (parcels).
LayerMesh build_layer_mesh(const geo::MapLayer& layer, std::size_t level, bool fill,
                           const std::function<int(std::uint32_t)>& style, int grid = 16);

// A line layer (networks) at one level: its polylines' segments as `lines`
// index pairs, style 0, no fill; chunked the same way.
LayerMesh build_line_mesh(const geo::MapLayer& layer, std::size_t level, int grid = 16);

// The index ranges [begin, end) of the chunks that intersect VISIBLE,
// consecutive ones merged: FILL ranges or line ranges.
struct IndexRange {
    std::uint32_t begin = 0, end = 0;
};
std::vector<IndexRange> visible_ranges(const LayerMesh& mesh, const geo::BBox& visible, bool fill);

}  // namespace guichet::ui::map
