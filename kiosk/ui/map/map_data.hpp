// A pack's maps as the map screen uses them, built once on the content
// loader's worker (never on the UI thread): the catalog with every vector
// layer opened in place with its GPU-ready meshes (every level), the
// parcel-reference and address indexes, and the
// pack reader for raster tiles (read and decoded by TileLoader's worker).
#pragma once

#include "common/result.hpp"
#include "geo/address_search.hpp"
#include "geo/map_catalog.hpp"
#include "geo/parcel_search.hpp"
#include "pack/reader.hpp"
#include "ui/map/mesh.hpp"

#include <memory>
#include <string>
#include <vector>

namespace guichet::ui::map {

struct VectorLayer {
    std::string id, kind, title, attribution;  // kind: parcels, zoning, buildings, lieux-dits, water, sewer or electricity
    const geo::MapLayer* layer = nullptr;       // owned by MapData::catalog
    std::shared_ptr<const std::vector<LayerMesh>> meshes;  // one per level of detail, for the GPU
};

struct RasterLayer {
    std::string id, title, attribution;
    int min_zoom = 0, max_zoom = 0;
};

struct MapData {
    pack::PackReader reader;  // thread-safe reads of raster tiles
    geo::MapCatalog catalog;
    std::vector<VectorLayer> parcels, zoning;
    std::vector<VectorLayer> buildings, lieux_dits;  // lieux-dits: names only, drawn as labels (no meshes)
    std::vector<VectorLayer> networks;               // water, sewer, electricity: lines (issue #14)
    std::vector<RasterLayer> rasters;
    std::unique_ptr<geo::ParcelIndex> parcel_index;  // over parcels[0]
    std::unique_ptr<geo::AddressIndex> addresses;    // every address layer together
    geo::BBox home;  // the view's bounds (Mercator; docs/map-format.md § 2)
    std::string title;  // the view's, for the chooser of places (empty for a format 1 index)
    // With two views or more: one MapData per view (its catalog holds its layers
    // only), and the lists above are empty. The screen shows one (screens/map_views.hpp).
    std::vector<std::shared_ptr<const MapData>> views;

    MapData(pack::PackReader r, geo::MapCatalog c) : reader(std::move(r)), catalog(std::move(c)) {}
};

// Null when the pack has no maps; an error names a damaged entry.
Result<std::shared_ptr<const MapData>> load_map_data(const pack::PackReader& reader);

}  // namespace guichet::ui::map
