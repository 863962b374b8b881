#include "geojson_import.hpp"

#include "common/file.hpp"
#include "geo/polygon.hpp"

#include <cmath>

namespace guichet::geo_import {

using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxGeoJson = 512ull * 1024 * 1024;

// Converts one GeoJSON ring; returns why it is unusable, or nothing.
std::optional<std::string> to_ring(const json& coords, geo::Ring& ring) {
    if (!coords.is_array()) return "is not a list of positions";
    for (std::size_t i = 0; i < coords.size(); ++i) {
        const json& pos = coords[i];
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
            return "position " + std::to_string(i + 1) + " is not [longitude, latitude]";
        double lon = pos[0].get<double>(), lat = pos[1].get<double>();
        if (!std::isfinite(lon) || !std::isfinite(lat)) return "position " + std::to_string(i + 1) + " is not a finite number";
        if (std::abs(lon) > 180 || std::abs(lat) > 90)
            return "position " + std::to_string(i + 1) + " (" + std::to_string(lon) + ", " + std::to_string(lat) +
                   ") is not a WGS 84 longitude/latitude: convert the file to EPSG:4326 (it may be in Lambert-93)";
        ring.push_back({lon, lat});
    }
    geo::drop_repeated_points(ring);
    return geo::ring_problem(ring);
}

std::optional<std::string> to_polygon(const json& rings, geo::Polygon& polygon) {
    if (!rings.is_array() || rings.empty()) return "has no rings";
    for (std::size_t r = 0; r < rings.size(); ++r) {
        geo::Ring ring;
        if (auto problem = to_ring(rings[r], ring))
            return "ring " + std::to_string(r + 1) + (r == 0 ? " (outer): " : " (hole): ") + *problem;
        polygon.rings.push_back(std::move(ring));
    }
    return std::nullopt;
}

}  // namespace

std::string property_text(const json& properties, const char* key) {
    if (!properties.is_object()) return {};
    auto it = properties.find(key);
    if (it == properties.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    return it->dump();
}

Result<std::vector<PolygonFeature>> parse_polygon_features(std::string_view text, const std::string& name) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return fail(name + ": not valid JSON (GeoJSON expected)");
    if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features") || !doc["features"].is_array())
        return fail(name + ": not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})");
    std::vector<PolygonFeature> out;
    const json& features = doc["features"];
    out.reserve(features.size());
    for (std::size_t i = 0; i < features.size(); ++i) {
        const json& f = features[i];
        PolygonFeature feature;
        if (f.is_object() && f.contains("properties") && f["properties"].is_object()) feature.properties = f["properties"];
        else feature.properties = json::object();
        if (f.is_object() && f.contains("id") && (f["id"].is_string() || f["id"].is_number()))
            feature.id = f["id"].is_string() ? f["id"].get<std::string>() : f["id"].dump();
        else
            feature.id = property_text(feature.properties, "id");
        std::string where = name + ": feature " + std::to_string(i + 1) + (feature.id.empty() ? "" : " (id " + feature.id + ")");
        if (!f.is_object() || f.value("type", "") != "Feature") return fail(where + ": not a GeoJSON Feature");
        if (!f.contains("geometry") || !f["geometry"].is_object()) return fail(where + ": has no geometry");
        const json& g = f["geometry"];
        std::string type = g.value("type", "");
        if (!g.contains("coordinates")) return fail(where + ": geometry has no coordinates");
        const json& coords = g["coordinates"];
        if (type == "Polygon") {
            geo::Polygon polygon;
            if (auto problem = to_polygon(coords, polygon)) return fail(where + ": " + *problem);
            feature.lonlat.polygons.push_back(std::move(polygon));
        } else if (type == "MultiPolygon") {
            if (!coords.is_array() || coords.empty()) return fail(where + ": MultiPolygon has no polygons");
            for (std::size_t p = 0; p < coords.size(); ++p) {
                geo::Polygon polygon;
                if (auto problem = to_polygon(coords[p], polygon)) return fail(where + ": polygon " + std::to_string(p + 1) + ", " + *problem);
                feature.lonlat.polygons.push_back(std::move(polygon));
            }
        } else {
            return fail(where + ": geometry type '" + type + "' is not a Polygon or MultiPolygon");
        }
        out.push_back(std::move(feature));
    }
    return out;
}

Result<std::vector<PolygonFeature>> read_polygon_features(const std::string& path) {
    auto text = read_text_file(path, kMaxGeoJson);
    if (!text) return text.error();
    return parse_polygon_features(*text, path);
}

}  // namespace guichet::geo_import
