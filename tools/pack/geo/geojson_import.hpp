// Reads polygon features from GeoJSON (RFC 7946, WGS 84 longitude/latitude),
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

// TEXT is the file's content; NAME is how messages call the file.
Result<std::vector<PolygonFeature>> parse_polygon_features(std::string_view text, const std::string& name);
Result<std::vector<PolygonFeature>> read_polygon_features(const std::string& path);

// A property as text: strings as they are, numbers and booleans written out, null or missing as "".
std::string property_text(const nlohmann::json& properties, const char* key);

}  // namespace guichet::geo_import
