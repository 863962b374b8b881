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

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

const json* find_property(const json& properties, const char* key) {
    if (!properties.is_object()) return nullptr;
    if (auto it = properties.find(key); it != properties.end()) return &*it;
    // CNIG shapefiles and their GeoJSON exports write LIBELLE, TYPEZONE…
    for (auto it = properties.begin(); it != properties.end(); ++it)
        if (same_ignoring_case(it.key(), key)) return &*it;
    return nullptr;
}

std::string property_text(const json& properties, const char* key) {
    const json* v = find_property(properties, key);
    if (v == nullptr || v->is_null()) return {};
    if (v->is_string()) return v->get<std::string>();
    if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
    if (v->is_number_integer()) return std::to_string(v->get<long long>());
    return v->dump();
}

std::string property_names(const json& properties) {
    if (!properties.is_object() || properties.empty()) return "none";
    std::string out;
    for (auto it = properties.begin(); it != properties.end(); ++it) out += (out.empty() ? "" : ", ") + it.key();
    return out;
}

namespace {

// Walks a FeatureCollection: for each feature, its id, properties and
// geometry go to GEOMETRY(where, type, coordinates, id, properties), which
// returns an error message (already prefixed with WHERE) or nothing.
template <class F>
std::optional<Error> walk_features(std::string_view text, const std::string& name, F&& geometry) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Error{name + ": not valid JSON (GeoJSON expected)"};
    if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features") || !doc["features"].is_array())
        return Error{name + ": not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})"};
    const json& features = doc["features"];
    for (std::size_t i = 0; i < features.size(); ++i) {
        const json& f = features[i];
        json properties = f.is_object() && f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
        std::string id;
        if (f.is_object() && f.contains("id") && (f["id"].is_string() || f["id"].is_number()))
            id = f["id"].is_string() ? f["id"].get<std::string>() : f["id"].dump();
        else
            id = property_text(properties, "id");
        std::string where = name + ": feature " + std::to_string(i + 1) + (id.empty() ? "" : " (id " + id + ")");
        if (!f.is_object() || f.value("type", "") != "Feature") return Error{where + ": not a GeoJSON Feature"};
        if (!f.contains("geometry") || !f["geometry"].is_object()) return Error{where + ": has no geometry"};
        const json& g = f["geometry"];
        if (!g.contains("coordinates")) return Error{where + ": geometry has no coordinates"};
        if (auto problem = geometry(where, g.value("type", ""), g["coordinates"], std::move(id), std::move(properties))) return Error{*problem};
    }
    return std::nullopt;
}

// One GeoJSON LineString: positions in degrees, repeated points dropped, at least 2 left.
std::optional<std::string> to_line(const json& coords, geo::LineString& line) {
    if (!coords.is_array()) return "is not a list of positions";
    for (std::size_t i = 0; i < coords.size(); ++i) {
        const json& pos = coords[i];
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
            return "position " + std::to_string(i + 1) + " is not [longitude, latitude]";
        const double lon = pos[0].get<double>(), lat = pos[1].get<double>();
        if (!std::isfinite(lon) || !std::isfinite(lat)) return "position " + std::to_string(i + 1) + " is not a finite number";
        if (std::abs(lon) > 180 || std::abs(lat) > 90)
            return "position " + std::to_string(i + 1) + " (" + std::to_string(lon) + ", " + std::to_string(lat) +
                   ") is not a WGS 84 longitude/latitude: convert the file to EPSG:4326 (it may be in Lambert-93)";
        if (line.empty() || !(line.back() == geo::Point{lon, lat})) line.push_back({lon, lat});
    }
    if (line.size() < 2) return "has " + std::to_string(line.size()) + " distinct point(s); a line needs at least 2";
    return std::nullopt;
}

}  // namespace

Result<std::vector<PolygonFeature>> parse_polygon_features(std::string_view text, const std::string& name) {
    std::vector<PolygonFeature> out;
    auto error = walk_features(text, name, [&](const std::string& where, const std::string& type, const json& coords, std::string id,
                                               json properties) -> std::optional<std::string> {
        PolygonFeature feature{std::move(id), std::move(properties), {}};
        if (type == "Polygon") {
            geo::Polygon polygon;
            if (auto problem = to_polygon(coords, polygon)) return where + ": " + *problem;
            feature.lonlat.polygons.push_back(std::move(polygon));
        } else if (type == "MultiPolygon") {
            if (!coords.is_array() || coords.empty()) return where + ": MultiPolygon has no polygons";
            for (std::size_t p = 0; p < coords.size(); ++p) {
                geo::Polygon polygon;
                if (auto problem = to_polygon(coords[p], polygon)) return where + ": polygon " + std::to_string(p + 1) + ", " + *problem;
                feature.lonlat.polygons.push_back(std::move(polygon));
            }
        } else {
            return where + ": geometry type '" + type + "' is not a Polygon or MultiPolygon";
        }
        out.push_back(std::move(feature));
        return std::nullopt;
    });
    if (error) return *error;
    return out;
}

Result<std::vector<LineFeature>> parse_line_features(std::string_view text, const std::string& name) {
    std::vector<LineFeature> out;
    auto error = walk_features(text, name, [&](const std::string& where, const std::string& type, const json& coords, std::string id,
                                               json properties) -> std::optional<std::string> {
        LineFeature feature{std::move(id), std::move(properties), {}};
        if (type == "LineString") {
            geo::LineString line;
            if (auto problem = to_line(coords, line)) return where + ": line " + *problem;
            feature.lonlat.lines.push_back(std::move(line));
        } else if (type == "MultiLineString") {
            if (!coords.is_array() || coords.empty()) return where + ": MultiLineString has no lines";
            for (std::size_t l = 0; l < coords.size(); ++l) {
                geo::LineString line;
                if (auto problem = to_line(coords[l], line)) return where + ": line " + std::to_string(l + 1) + " " + *problem;
                feature.lonlat.lines.push_back(std::move(line));
            }
        } else {
            return where + ": geometry type '" + type + "' is not a LineString or MultiLineString (a network layer holds lines)";
        }
        out.push_back(std::move(feature));
        return std::nullopt;
    });
    if (error) return *error;
    return out;
}

Result<std::vector<LineFeature>> read_line_features(const std::string& path) {
    auto text = read_text_file(path, kMaxGeoJson);
    if (!text) return text.error();
    return parse_line_features(*text, path);
}

Result<std::vector<PolygonFeature>> read_polygon_features(const std::string& path) {
    auto text = read_text_file(path, kMaxGeoJson);
    if (!text) return text.error();
    return parse_polygon_features(*text, path);
}

}  // namespace guichet::geo_import
