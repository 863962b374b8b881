// The maps of a pack, as the kiosk's map screen uses them: the layer list
// from maps/index.json, each vector layer opened once (its bytes kept here),
// and what a tap on the map shows on the parcel card.
//
//   auto maps = geo::MapCatalog::load(pack);               // on a worker thread
//   if (auto card = maps->card_at(geo::to_mercator({lon, lat}), 3.0)) …
#pragma once

#include "geo/layer.hpp"
#include "geo/projection.hpp"
#include "pack/reader.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guichet::geo {

struct LayerInfo {
    std::string id, title, kind, attribution;  // kind: parcels, zoning, addresses, raster, buildings, lieux-dits
    nlohmann::json meta;                       // the whole maps/index.json object
};

// A map view (docs/map-format.md § 2): a place the resident can choose, with
// the box the map opens on and the layers it shows.
struct MapViewInfo {
    std::string id, title;            // title empty for the one view of a format 1 index
    BBox bounds;                      // Web Mercator metres
    std::vector<std::string> layers;  // layer ids, in the index's order
    bool shows(std::string_view layer_id) const;
};

// What the card under a finger says (docs/map-format.md § 7): a parcel's
// card, a zone's when the finger is on a zone and no parcel (zone_card), or a
// network line's when it is on a pipe or cable (line_card).
struct ParcelCard {
    std::string layer_id;  // the parcel layer's, the zoning layer's for a zone card, the network's for a line card
    std::uint32_t feature = 0;
    bool zone_card = false;  // no parcel: section, number, area and commune are empty
    bool line_card = false;  // a network's line: only layer_title and line_attributes
    std::string layer_title;  // the network layer's title (« Réseau d’eau (exemple fictif) »)
    std::vector<std::pair<std::string, std::string>> line_attributes;  // field, value: the layer's, in its order, empty ones left out
    std::string id;          // "59012000AB0037"
    std::string section;     // "AB"
    std::string number;      // "37"
    std::string area_m2;     // contenance, as the cadastre gives it
    std::string zone;        // libelle of the zone under the tap, if a zoning layer covers it
    std::string zone_title;  // libelong
    std::string rules_page;  // the pack page of the zone's rules
    std::string zone_type;   // typezone (U, AUc, AUs, A, N…)
    std::string zone_url;    // urlfic: the rules document online, when the pack has no page for them
    std::string lieu_dit;    // nom of the lieu-dit under the tap, if a lieux-dits layer covers it
    std::string commune;     // INSEE code of the parcel's commune ("59012"): its `commune`, else its id's first 5
};

class MapCatalog {
public:
    // A pack without maps/index.json gives an empty catalog; a damaged one an error naming the entry.
    static Result<MapCatalog> load(const pack::PackReader& pack);

    const std::vector<LayerInfo>& layers() const { return layers_; }
    // At least one view when there are layers: a format 1 index has one, showing every layer.
    const std::vector<MapViewInfo>& views() const { return views_; }
    const MapViewInfo* view(std::string_view id) const;
    // The INSEE code of the town hall's own commune (the index's "commune"):
    // the card offers its cadastral démarches for that commune's parcels only.
    // Empty: every parcel's (docs/map-format.md § 2).
    const std::string& commune() const { return commune_; }
    // The catalog of VIEW's layers only (sharing their bytes), with VIEW as its one view:
    // what the map screen works on while the resident looks at that view.
    MapCatalog only(const MapViewInfo& view) const;
    // The opened vector layer, or nullptr (unknown id, or a raster layer).
    const MapLayer* layer(std::string_view id) const;
    // Entry path of a raster tile (XYZ numbering), or nothing outside the layer's zooms.
    std::optional<std::string> tile_path(std::string_view id, TileId tile) const;
    // The parcel under P (within TOLERANCE metres), with the zone and the
    // lieu-dit that contain P; only the layers VIEW shows, when given. With no
    // parcel there (or PARCELS false: the cadastre hidden), the card of the
    // zone containing P (zone_card), if ZONES and a zoning layer covers P.
    // With LINES, a network line within TOLERANCE comes first (line_card):
    // drawn over the parcels, it is what the finger was put on.
    std::optional<ParcelCard> card_at(Point p, double tolerance = 0, const MapViewInfo* view = nullptr, bool parcels = true,
                                      bool zones = true, bool lines = false) const;

private:
    struct Opened {
        std::string id;
        std::shared_ptr<const Bytes> bytes;  // the layer views point into these
        MapLayer layer;
    };
    std::vector<LayerInfo> layers_;
    std::vector<MapViewInfo> views_;
    std::string commune_;
    std::vector<Opened> opened_;
};

}  // namespace guichet::geo
