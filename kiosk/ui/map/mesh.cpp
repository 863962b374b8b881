#include "ui/map/mesh.hpp"

#include "geo/triangulate.hpp"
#include "ui/map/shapes.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui::map {

LayerMesh build_layer_mesh(const geo::MapLayer& layer, std::size_t level, bool fill,
                           const std::function<int(std::uint32_t)>& style, int grid) {
    LayerMesh m;
    const geo::BBox lb = layer.bounds();
    if (lb.empty() || layer.feature_count() == 0 || level >= layer.level_count()) return m;
    m.origin = lb.center();
    grid = std::max(1, grid);
    const double cw = std::max(lb.max_x - lb.min_x, 1.0) / grid, ch = std::max(lb.max_y - lb.min_y, 1.0) / grid;

    // Features by chunk: the grid cell of their box's centre.
    std::vector<std::vector<std::uint32_t>> cells(static_cast<std::size_t>(grid * grid));
    std::vector<geo::MultiPolygon> shapes(layer.feature_count());  // decoded once
    for (std::uint32_t f = 0; f < layer.feature_count(); ++f) {
        shapes[f] = layer.geometry(f, level);
        const geo::BBox b = geo::bbox_of(shapes[f]);
        if (b.empty()) continue;
        const geo::Point c = b.center();
        const int gx = std::clamp(static_cast<int>((c.x - lb.min_x) / cw), 0, grid - 1);
        const int gy = std::clamp(static_cast<int>((c.y - lb.min_y) / ch), 0, grid - 1);
        cells[static_cast<std::size_t>(gy * grid + gx)].push_back(f);
    }

    std::vector<geo::Point> pts;
    std::vector<std::uint32_t> ends;
    for (const std::vector<std::uint32_t>& cell : cells) {
        if (cell.empty()) continue;
        MeshChunk chunk;
        chunk.fill_begin = static_cast<std::uint32_t>(m.fill.size());
        chunk.line_begin = static_cast<std::uint32_t>(m.lines.size());
        for (std::uint32_t f : cell) {
            const auto s = static_cast<float>(std::clamp(style ? style(f) : 0, 0, 7));
            for (const geo::Polygon& poly : shapes[f].polygons) {
                pts.clear();
                ends.clear();
                for (std::size_t r = 0; r < poly.rings.size(); ++r) {
                    const geo::Ring& ring = poly.rings[r];
                    std::size_t n = ring.size();
                    if (n >= 2 && ring.front() == ring.back()) --n;
                    if (n < 3) {
                        if (r == 0) break;
                        continue;
                    }
                    const auto base = static_cast<std::uint32_t>(m.vertices.size() / LayerMesh::kFloatsPerVertex);
                    for (std::size_t k = 0; k < n; ++k) {
                        chunk.box.extend(ring[k]);
                        m.vertices.push_back(static_cast<float>(ring[k].x - m.origin.x));
                        m.vertices.push_back(static_cast<float>(ring[k].y - m.origin.y));
                        m.vertices.push_back(s);
                        m.lines.push_back(base + static_cast<std::uint32_t>(k));
                        m.lines.push_back(base + static_cast<std::uint32_t>((k + 1) % n));
                    }
                    pts.insert(pts.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(n));
                    ends.push_back(static_cast<std::uint32_t>(pts.size()));
                }
                if (!fill || ends.empty() || pts.size() > kMaxFillPoints) continue;
                const auto base = static_cast<std::uint32_t>(m.vertices.size() / LayerMesh::kFloatsPerVertex - pts.size());
                for (std::uint32_t t : geo::triangulate_polygon(pts, ends)) m.fill.push_back(base + t);
            }
        }
        chunk.fill_end = static_cast<std::uint32_t>(m.fill.size());
        chunk.line_end = static_cast<std::uint32_t>(m.lines.size());
        if (chunk.line_end > chunk.line_begin) m.chunks.push_back(chunk);
    }
    return m;
}

LayerMesh build_line_mesh(const geo::MapLayer& layer, std::size_t level, int grid) {
    LayerMesh m;
    const geo::BBox lb = layer.bounds();
    if (lb.empty() || layer.feature_count() == 0 || level >= layer.level_count() || layer.kind() != geo::format::Kind::lines) return m;
    m.origin = lb.center();
    grid = std::max(1, grid);
    const double cw = std::max(lb.max_x - lb.min_x, 1.0) / grid, ch = std::max(lb.max_y - lb.min_y, 1.0) / grid;
    std::vector<std::vector<std::uint32_t>> cells(static_cast<std::size_t>(grid * grid));
    std::vector<geo::MultiLine> shapes(layer.feature_count());
    for (std::uint32_t f = 0; f < layer.feature_count(); ++f) {
        shapes[f] = layer.lines(f, level);
        const geo::BBox b = geo::bbox_of(shapes[f]);
        if (b.empty()) continue;
        const geo::Point c = b.center();
        const int gx = std::clamp(static_cast<int>((c.x - lb.min_x) / cw), 0, grid - 1);
        const int gy = std::clamp(static_cast<int>((c.y - lb.min_y) / ch), 0, grid - 1);
        cells[static_cast<std::size_t>(gy * grid + gx)].push_back(f);
    }
    for (const std::vector<std::uint32_t>& cell : cells) {
        if (cell.empty()) continue;
        MeshChunk chunk;
        chunk.fill_begin = chunk.fill_end = static_cast<std::uint32_t>(m.fill.size());
        chunk.line_begin = static_cast<std::uint32_t>(m.lines.size());
        for (std::uint32_t f : cell) {
            for (const geo::LineString& line : shapes[f].lines) {
                const auto base = static_cast<std::uint32_t>(m.vertices.size() / LayerMesh::kFloatsPerVertex);
                for (std::size_t k = 0; k < line.size(); ++k) {
                    chunk.box.extend(line[k]);
                    m.vertices.push_back(static_cast<float>(line[k].x - m.origin.x));
                    m.vertices.push_back(static_cast<float>(line[k].y - m.origin.y));
                    m.vertices.push_back(0.0f);
                    if (k == 0) continue;
                    m.lines.push_back(base + static_cast<std::uint32_t>(k - 1));
                    m.lines.push_back(base + static_cast<std::uint32_t>(k));
                }
            }
        }
        chunk.line_end = static_cast<std::uint32_t>(m.lines.size());
        if (chunk.line_end > chunk.line_begin) m.chunks.push_back(chunk);
    }
    return m;
}

std::vector<IndexRange> visible_ranges(const LayerMesh& mesh, const geo::BBox& visible, bool fill) {
    std::vector<IndexRange> out;
    for (const MeshChunk& c : mesh.chunks) {
        if (!c.box.intersects(visible)) continue;
        const IndexRange r = fill ? IndexRange{c.fill_begin, c.fill_end} : IndexRange{c.line_begin, c.line_end};
        if (r.end == r.begin) continue;
        if (!out.empty() && out.back().end == r.begin) out.back().end = r.end;
        else out.push_back(r);
    }
    return out;
}

}  // namespace guichet::ui::map
