// Writes a map layer (docs/map-format.md): attributes, geometry at each
// level of detail, and the packed spatial index. Polygon and point layers are
// written as version 1 (older kiosks read them), line layers as version 2.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "geo/geometry.hpp"
#include "geo/layer_format.hpp"

#include <string>
#include <vector>

namespace guichet::geo_import {

struct LayerContent {
    geo::format::Kind kind = geo::format::Kind::polygons;
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> values;  // per feature, one per field
    std::vector<geo::MultiPolygon> shapes;         // polygon layers, Web Mercator metres
    std::vector<geo::Point> points;                // point layers, Web Mercator metres
    std::vector<geo::MultiLine> lines;             // line layers (networks), Web Mercator metres
    // Polygon and line layers: the zoom from which each level is drawn, increasing;
    // every level but the last is simplified to half a pixel at its zoom, the
    // last keeps the full geometry (the one taps are tested against).
    std::vector<int> level_zooms = {12, 14, 16, 18};
};

// Fails only on sizes the format cannot hold (a layer larger than 4 GiB per
// level, or a feature spanning more than ±21,000 km from the origin).
Result<Bytes> write_layer(const LayerContent& content);

}  // namespace guichet::geo_import
