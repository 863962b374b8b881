#include "common/csv.hpp"
#include "geo/projection.hpp"
#include "geojson_import.hpp"
#include "importers.hpp"
#include "layer_writer.hpp"

#include "common/file.hpp"
#include "geo/polygon.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <span>

namespace guichet::geo_import {

using nlohmann::json;

namespace {

const char* const kParcelFields[] = {"id", "commune", "prefixe", "section", "numero", "contenance", "arpente", "created", "updated"};
const char* const kZoneFields[] = {"libelle", "libelong", "typezone", "destdomi", "nomfic", "urlfic", "insee", "datappro", "datvalid"};
const char* const kAddressFields[] = {"id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune"};
// Etalab cadastre layers 'batiments' and 'lieux_dits' (docs/map-format.md § 2).
const char* const kBuildingFields[] = {"type", "nom", "commune", "created", "updated"};
const char* const kLieuDitFields[] = {"nom", "commune", "created", "updated"};
// Network layers (docs/map-format.md § 2): what a pipe or cable may say; none is required.
const char* const kNetworkFields[] = {"id", "nom", "nature", "diametre", "materiau"};

geo::MultiLine to_mercator(const geo::MultiLine& lonlat) {
    geo::MultiLine out = lonlat;
    for (auto& line : out.lines)
        for (auto& p : line) p = geo::to_mercator({p.x, p.y});
    return out;
}

geo::MultiPolygon to_mercator(const geo::MultiPolygon& lonlat) {
    geo::MultiPolygon out = lonlat;
    for (auto& poly : out.polygons)
        for (auto& ring : poly.rings)
            for (auto& p : ring) p = geo::to_mercator({p.x, p.y});
    return out;
}

json meta_for(const ImportOptions& o, LayerKind kind, const geo::BBox& lonlat_bounds, std::size_t features) {
    json m = {{"id", o.id}, {"title", o.title}, {"kind", kind_name(kind)}, {"attribution", o.attribution}, {"features", features}};
    if (!lonlat_bounds.empty())
        m["bounds"] = {lonlat_bounds.min_x, lonlat_bounds.min_y, lonlat_bounds.max_x, lonlat_bounds.max_y};
    return m;
}

Result<ImportedLayer> finish(const ImportOptions& o, LayerKind kind, const LayerContent& content, const geo::BBox& lonlat_bounds) {
    auto bytes = write_layer(content);
    if (!bytes) return bytes.error();
    ImportedLayer layer;
    layer.meta = meta_for(o, kind, lonlat_bounds, content.values.size());
    layer.meta["fields"] = content.fields;
    layer.meta["data"] = "maps/" + o.id + "/layer.bin";
    if (content.kind != geo::format::Kind::points) layer.meta["levels"] = content.level_zooms;
    layer.entries.push_back({"maps/" + o.id + "/layer.bin", std::move(*bytes), false});
    return layer;
}

bool parse_double(const std::string& s, double& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size() && std::isfinite(v);
}

}  // namespace

const char* kind_name(LayerKind kind) {
    switch (kind) {
    case LayerKind::parcels: return "parcels";
    case LayerKind::zoning: return "zoning";
    case LayerKind::addresses: return "addresses";
    case LayerKind::raster: return "raster";
    case LayerKind::buildings: return "buildings";
    case LayerKind::lieux_dits: return "lieux-dits";
    case LayerKind::water: return "water";
    case LayerKind::sewer: return "sewer";
    case LayerKind::electricity: return "electricity";
    }
    return "?";
}

std::optional<LayerKind> parse_kind(std::string_view name) {
    for (auto k : {LayerKind::parcels, LayerKind::zoning, LayerKind::addresses, LayerKind::raster, LayerKind::buildings,
                   LayerKind::lieux_dits, LayerKind::water, LayerKind::sewer, LayerKind::electricity})
        if (name == kind_name(k)) return k;
    return std::nullopt;
}

const char* kind_list() { return "parcels, zoning, addresses, raster, buildings, lieux-dits, water, sewer or electricity"; }

bool is_network(LayerKind kind) { return kind == LayerKind::water || kind == LayerKind::sewer || kind == LayerKind::electricity; }

Result<ImportedLayer> import_parcels(const std::string& file, const ImportOptions& o) {
    auto features = read_polygon_features(file);
    if (!features) return features.error();
    return parcels_layer(*features, file, o);
}

Result<ImportedLayer> parcels_layer(const std::vector<PolygonFeature>& features, const std::string& file, const ImportOptions& o) {
    LayerContent content;
    content.fields.assign(std::begin(kParcelFields), std::end(kParcelFields));
    geo::BBox bounds;
    for (std::size_t i = 0; i < features.size(); ++i) {
        const PolygonFeature& f = features[i];
        std::vector<std::string> row;
        for (const char* field : kParcelFields) row.push_back(std::string(field) == "id" ? f.id : property_text(f.properties, field));
        if (row[3].empty() || row[4].empty())
            return fail(file + ": feature " + std::to_string(i + 1) + (f.id.empty() ? "" : " (id " + f.id + ")") +
                        ": a parcel needs 'section' and 'numero' properties");
        bounds.extend(geo::bbox_of(f.lonlat));
        content.values.push_back(std::move(row));
        content.shapes.push_back(to_mercator(f.lonlat));
    }
    return finish(o, LayerKind::parcels, content, bounds);
}

Result<ImportedLayer> import_zoning(const std::string& file, const ImportOptions& o) {
    auto features = read_polygon_features(file);
    if (!features) return features.error();
    LayerContent content;
    content.fields.assign(std::begin(kZoneFields), std::end(kZoneFields));
    content.fields.push_back("page");
    content.level_zooms = {10, 13, 16};
    geo::BBox bounds;
    std::set<std::string> without_rules;
    for (std::size_t i = 0; i < features->size(); ++i) {
        const PolygonFeature& f = (*features)[i];
        std::vector<std::string> row;
        for (const char* field : kZoneFields) row.push_back(property_text(f.properties, field));
        const std::string &libelle = row[0], &typezone = row[2];
        for (const char* required : {"libelle", "typezone"}) {
            if (!property_text(f.properties, required).empty()) continue;
            const bool absent = find_property(f.properties, required) == nullptr;
            return fail(file + ": feature " + std::to_string(i + 1) + (f.id.empty() ? "" : " (id " + f.id + ")") + ": a zone needs '" +
                        required + "' (CNIG zone_urba, lower or upper case), " + (absent ? "absent" : "empty") +
                        " here; its properties: " + property_names(f.properties));
        }
        auto rule = o.rules.find(libelle);
        if (rule == o.rules.end()) rule = o.rules.find(typezone);
        if (rule == o.rules.end()) without_rules.insert(typezone);
        row.push_back(rule == o.rules.end() ? std::string() : rule->second);
        bounds.extend(geo::bbox_of(f.lonlat));
        content.values.push_back(std::move(row));
        content.shapes.push_back(to_mercator(f.lonlat));
    }
    if (o.require_rules && !without_rules.empty()) {
        std::string list;
        for (const auto& t : without_rules) list += (list.empty() ? "" : ", ") + t;
        return fail(file + ": zone types without a rules page: " + list + " (add them under 'rules')");
    }
    return finish(o, LayerKind::zoning, content, bounds);
}

namespace {

// A polygon layer of one of the Etalab cadastre's other layers: FIELDS copied
// from the properties; REQUIRED (if any) must not be empty.
Result<ImportedLayer> cadastre_polygons(const std::string& file, const ImportOptions& o, LayerKind kind,
                                        std::span<const char* const> fields, const char* required, std::vector<int> levels) {
    auto features = read_polygon_features(file);
    if (!features) return features.error();
    LayerContent content;
    content.fields.assign(fields.begin(), fields.end());
    content.level_zooms = std::move(levels);
    geo::BBox bounds;
    for (std::size_t i = 0; i < features->size(); ++i) {
        const PolygonFeature& f = (*features)[i];
        std::vector<std::string> row;
        for (const char* field : fields) row.push_back(property_text(f.properties, field));
        if (required != nullptr && property_text(f.properties, required).empty())
            return fail(file + ": feature " + std::to_string(i + 1) + (f.id.empty() ? "" : " (id " + f.id + ")") + ": a " +
                        (kind == LayerKind::lieux_dits ? "lieu-dit" : "feature") + " needs a '" + required + "' property");
        bounds.extend(geo::bbox_of(f.lonlat));
        content.values.push_back(std::move(row));
        content.shapes.push_back(to_mercator(f.lonlat));
    }
    return finish(o, kind, content, bounds);
}

}  // namespace

Result<ImportedLayer> import_buildings(const std::string& file, const ImportOptions& o) {
    // Buildings are small: drawn from zoom 15, the full geometry from 17.
    return cadastre_polygons(file, o, LayerKind::buildings, kBuildingFields, nullptr, {15, 17});
}

Result<ImportedLayer> import_lieux_dits(const std::string& file, const ImportOptions& o) {
    return cadastre_polygons(file, o, LayerKind::lieux_dits, kLieuDitFields, "nom", {11, 14, 17});
}

Result<ImportedLayer> import_network(const std::string& file, const ImportOptions& o, LayerKind kind) {
    if (!is_network(kind)) return fail(std::string("not a network kind: ") + kind_name(kind));
    auto features = read_line_features(file);
    if (!features) return features.error();
    LayerContent content;
    content.kind = geo::format::Kind::lines;
    content.fields.assign(std::begin(kNetworkFields), std::end(kNetworkFields));
    // Pipes and cables are drawn from zoom 13 (the whole commune), the full geometry from 17.
    content.level_zooms = {13, 15, 17};
    geo::BBox bounds;
    for (const LineFeature& f : *features) {
        std::vector<std::string> row;
        for (const char* field : kNetworkFields) row.push_back(std::string(field) == "id" ? f.id : property_text(f.properties, field));
        bounds.extend(geo::bbox_of(f.lonlat));
        content.values.push_back(std::move(row));
        content.lines.push_back(to_mercator(f.lonlat));
    }
    return finish(o, kind, content, bounds);
}

Result<ImportedLayer> import_addresses(const std::string& file, const ImportOptions& o) {
    auto text = read_text_file(file, 2048ull * 1024 * 1024);
    if (!text) return text.error();
    std::string_view rest = *text;
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);  // UTF-8 byte order mark
    auto next_line = [&](std::string_view& line) {
        if (rest.empty()) return false;
        auto nl = rest.find('\n');
        line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        return true;
    };
    std::string_view line;
    if (!next_line(line)) return fail(file + ": empty file (a BAN CSV starts with its header row)");
    auto header = split_csv_line(line, ';');
    auto column = [&](const char* name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        return std::nullopt;
    };
    std::vector<std::size_t> field_columns;
    for (const char* f : kAddressFields) {
        auto c = column(f);
        if (!c) return fail(file + ":1: the header has no column '" + f + "' (expected the BAN CSV: id;id_fantoir;numero;rep;nom_voie;…;lon;lat;…)");
        field_columns.push_back(*c);
    }
    auto lon_col = column("lon"), lat_col = column("lat");
    if (!lon_col || !lat_col) return fail(file + ":1: the header has no 'lon' and 'lat' columns");

    LayerContent content;
    content.kind = geo::format::Kind::points;
    content.fields.assign(std::begin(kAddressFields), std::end(kAddressFields));
    geo::BBox bounds;
    for (std::size_t number = 2; next_line(line); ++number) {
        if (line.empty()) continue;
        auto cells = split_csv_line(line, ';');
        std::string where = file + ":" + std::to_string(number);
        if (cells.size() != header.size())
            return fail(where + ": " + std::to_string(cells.size()) + " columns where the header has " + std::to_string(header.size()));
        double lon = 0, lat = 0;
        if (!parse_double(cells[*lon_col], lon) || !parse_double(cells[*lat_col], lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
            return fail(where + " (id " + cells[field_columns[0]] + "): lon/lat '" + cells[*lon_col] + "', '" + cells[*lat_col] +
                        "' are not WGS 84 degrees");
        std::vector<std::string> row;
        for (auto c : field_columns) row.push_back(cells[c]);
        if (row[3].empty()) return fail(where + " (id " + row[0] + "): the address has no street name (nom_voie)");
        bounds.extend(geo::Point{lon, lat});
        content.values.push_back(std::move(row));
        content.points.push_back(geo::to_mercator({lon, lat}));
    }
    return finish(o, LayerKind::addresses, content, bounds);
}

Result<ImportedLayer> import_layer(LayerKind kind, const std::string& file, const ImportOptions& options) {
    switch (kind) {
    case LayerKind::parcels: return import_parcels(file, options);
    case LayerKind::zoning: return import_zoning(file, options);
    case LayerKind::addresses: return import_addresses(file, options);
    case LayerKind::raster: return import_raster(file, options);
    case LayerKind::buildings: return import_buildings(file, options);
    case LayerKind::lieux_dits: return import_lieux_dits(file, options);
    case LayerKind::water:
    case LayerKind::sewer:
    case LayerKind::electricity: return import_network(file, options, kind);
    }
    return fail("unknown layer kind");
}

}  // namespace guichet::geo_import
