// The map importers of guichet-pack: real open-data files in, map layer
// entries out (docs/map-format.md). Each takes the published file unchanged
// and fails with a message naming the file and the feature, row or tile.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "geojson_import.hpp"

#include <map>
#include <optional>
#include <string_view>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace guichet::geo_import {

// water, sewer, electricity: network layers (lines), docs/map-format.md § 2.
enum class LayerKind { parcels, zoning, addresses, raster, buildings, lieux_dits, water, sewer, electricity };
const char* kind_name(LayerKind kind);  // as in pack.yaml and maps/index.json: "lieux-dits" for lieux_dits
std::optional<LayerKind> parse_kind(std::string_view name);
// "parcels, zoning, addresses, raster, buildings, lieux-dits, water, sewer or electricity", for messages.
const char* kind_list();
bool is_network(LayerKind kind);

struct LayerEntry {
    std::string path;  // inside the pack, under maps/<id>/
    Bytes data;
    bool already_compressed = false;  // raster tiles
};

struct ImportedLayer {
    nlohmann::json meta;  // this layer's object in maps/index.json
    std::vector<LayerEntry> entries;
};

struct ImportOptions {
    std::string id;     // layer id: lowercase letters, digits, '-'
    std::string title;  // shown in the layer list
    std::string attribution;
    // Zoning: zone label (libelle) or type (typezone) -> rules page path.
    std::map<std::string, std::string> rules;
    bool require_rules = false;  // every zone must find its rules page
};

// Etalab cadastre parcels (GeoJSON; id, commune, prefixe, section, numero, contenance…).
Result<ImportedLayer> import_parcels(const std::string& file, const ImportOptions& options);
// The same from features already read (NAME is the file, for messages).
Result<ImportedLayer> parcels_layer(const std::vector<PolygonFeature>& features, const std::string& name,
                                    const ImportOptions& options);
// CNIG zone_urba zoning areas (GeoJSON; libelle, libelong, typezone…).
Result<ImportedLayer> import_zoning(const std::string& file, const ImportOptions& options);
// Etalab cadastre buildings, layer 'batiments' (GeoJSON; type "01" bâti dur / "02" bâti léger, nom, commune…).
Result<ImportedLayer> import_buildings(const std::string& file, const ImportOptions& options);
// Etalab cadastre lieux-dits, layer 'lieux_dits' (GeoJSON; nom, commune…): every one needs its 'nom'.
Result<ImportedLayer> import_lieux_dits(const std::string& file, const ImportOptions& options);
// A network's pipes or cables (GeoJSON LineString / MultiLineString; properties
// id, nom, nature, diametre, materiau copied when present, in either case).
Result<ImportedLayer> import_network(const std::string& file, const ImportOptions& options, LayerKind kind);
// Base Adresse Nationale CSV (';'-separated with a header row).
Result<ImportedLayer> import_addresses(const std::string& file, const ImportOptions& options);
// MBTiles raster tiles (PNG, JPEG or WebP), rows flipped from TMS to XYZ.
Result<ImportedLayer> import_raster(const std::string& file, const ImportOptions& options);

Result<ImportedLayer> import_layer(LayerKind kind, const std::string& file, const ImportOptions& options);

}  // namespace guichet::geo_import
