// Reads a map layer (docs/map-format.md) in place from a pack entry's bytes:
// open() checks every table once, then attributes, geometry and the spatial
// index are read without copying or parsing again.
//
//   auto bytes = reader.read("maps/cadastre/layer.bin");   // keep BYTES alive
//   auto layer = geo::MapLayer::open(*bytes);
//   if (auto hit = layer->feature_at(geo::to_mercator({4.1, 49.99}))) …
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "geo/geometry.hpp"
#include "geo/layer_format.hpp"
#include "geo/rtree.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::geo {

class MapLayer {
public:
    // BYTES must outlive the layer and every view it hands out.
    static Result<MapLayer> open(ByteView bytes);

    MapLayer() = default;
    format::Kind kind() const { return kind_; }
    std::uint32_t feature_count() const { return feature_count_; }
    const BBox& bounds() const { return bounds_; }

    const std::vector<std::string>& fields() const { return fields_; }
    std::optional<std::size_t> field_index(std::string_view name) const;
    std::string_view attribute(std::uint32_t feature, std::size_t field) const;
    // Empty when the layer has no such field.
    std::string_view attribute(std::uint32_t feature, std::string_view field) const;

    // Levels of detail, coarsest first; the last is the full geometry.
    std::size_t level_count() const { return levels_.size(); }
    int level_min_zoom(std::size_t level) const { return levels_[level].min_zoom; }
    std::size_t level_for_zoom(double zoom) const;
    // Decoded in Web Mercator metres (polygon layers).
    MultiPolygon geometry(std::uint32_t feature, std::size_t level) const;
    MultiPolygon geometry(std::uint32_t feature) const { return geometry(feature, levels_.size() - 1); }
    // Decoded in Web Mercator metres (line layers; empty for others).
    MultiLine lines(std::uint32_t feature, std::size_t level) const;
    MultiLine lines(std::uint32_t feature) const { return lines(feature, levels_.size() - 1); }
    Point point(std::uint32_t feature) const;  // point layers

    const RTreeView& index() const { return index_; }
    std::vector<std::uint32_t> features_in(const BBox& area) const { return index_.search(area); }
    // What a finger at P designates: for polygons, the smallest feature whose
    // full geometry contains P (within TOLERANCE metres of its edge when none
    // does); for points and lines, the nearest within TOLERANCE.
    std::optional<std::uint32_t> feature_at(Point p, double tolerance = 0) const;

private:
    struct Level {
        int min_zoom = 0;
        ByteView offsets;  // feature_count + 1 u32, relative to the section
        ByteView section;
    };
    Point decode_point(const std::uint8_t* p) const;
    ByteView feature_bytes(const Level& level, std::uint32_t feature) const;

    format::Kind kind_ = format::Kind::polygons;
    std::uint32_t feature_count_ = 0;
    BBox bounds_;
    std::vector<std::string> fields_;
    ByteView attributes_, strings_, points_;
    std::vector<Level> levels_;
    RTreeView index_;
};

}  // namespace guichet::geo
