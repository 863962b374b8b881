// Reads polygon (and line) features from GeoJSON (RFC 7946, WGS 84 longitude/latitude),
// as the Etalab cadastre and the CNIG zone_urba files are published, checking
// every ring. Errors name the file and the feature (number and id):
//   "parcelles.json: feature 12 (id 91216000AB0037): polygon 1, ring 1 (outer): is not closed: …"
#pragma once

#include "common/result.hpp"
#include "geo/geometry.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::geo_import {

struct PolygonFeature {
    std::string id;               // the feature's "id", else properties.id, else empty
    nlohmann::json properties;    // as in the file (an object, possibly empty)
    geo::MultiPolygon lonlat;     // degrees; repeated consecutive points removed
};

// A network's feature (water, sewer, electricity): LineString or MultiLineString.
struct LineFeature {
    std::string id;
    nlohmann::json properties;
    geo::MultiLine lonlat;  // degrees; repeated consecutive points removed, 2 points at least per line
};

// TEXT is the file's content; NAME is how messages call the file.
Result<std::vector<PolygonFeature>> parse_polygon_features(std::string_view text, const std::string& name);
Result<std::vector<PolygonFeature>> read_polygon_features(const std::string& path);
// The same for line features; errors as above ("feature 3 (id c1): line 2 has 1 distinct point(s)…").
Result<std::vector<LineFeature>> parse_line_features(std::string_view text, const std::string& name);
Result<std::vector<LineFeature>> read_line_features(const std::string& path);

// The property KEY (lower case), else the one whose name differs only in case
// (the CNIG standard writes LIBELLE, TYPEZONE…); null when absent.
const nlohmann::json* find_property(const nlohmann::json& properties, const char* key);
// A property as text (found as find_property does): strings as they are,
// numbers and booleans written out, null or missing as "".
std::string property_text(const nlohmann::json& properties, const char* key);
// The feature's property names as in the file (in alphabetical order), for messages: "LIBELLE, TYPEZONE" ("none" when it has none).
std::string property_names(const nlohmann::json& properties);

}  // namespace guichet::geo_import
