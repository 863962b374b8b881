#include "map_sources.hpp"

#include "geo/geometry.hpp"
#include "geo/layer_format.hpp"
#include "importers.hpp"
#include "messages.hpp"
#include "pack/format.hpp"
#include "pack/manifest.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace guichet::packsrc {

using nlohmann::json;

namespace {

// Importers start messages with the file's full path (and ":LINE" for CSV);
// staff see the file as in the content folder, with the line apart.
std::pair<int, std::string> split_location(std::string message, const std::string& path) {
    int line = 0;
    if (!message.starts_with(path)) return {line, message};
    message.erase(0, path.size());
    if (message.starts_with(":")) {
        std::size_t digits = 1;
        while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') ++digits;
        if (digits > 1) line = std::stoi(message.substr(1, digits - 1)), message.erase(0, digits);
    }
    while (message.starts_with(":") || message.starts_with(" ")) message.erase(0, 1);
    return {line, message};
}

}  // namespace

namespace {

struct DeclaredView {
    YAML::Node node;
    std::string id, title;
    std::vector<std::string> layers;
    std::optional<geo::BBox> bounds;  // degrees, when pack.yaml gives them
};

// The layers' bounds in degrees, as importers wrote them (raster layers cover
// the world and do not count).
geo::BBox bounds_of(const json& layer) {
    geo::BBox b;
    const json& v = layer.contains("bounds") ? layer["bounds"] : json();
    if (v.is_array() && v.size() == 4) {
        b.extend(geo::Point{v[0].get<double>(), v[1].get<double>()});
        b.extend(geo::Point{v[2].get<double>(), v[3].get<double>()});
    }
    return b;
}

std::vector<DeclaredView> read_views(const YAML::Node& views, const YamlContext& ctx) {
    std::vector<DeclaredView> out;
    if (!views.IsSequence() || views.size() == 0) {
        ctx.error(views, msg("'views' must be a list of { id, title, layers } (docs/content-format.md § 14)"));
        return out;
    }
    std::set<std::string> ids;
    for (const YAML::Node& v : views) {
        DeclaredView d{v, {}, {}, {}, {}};
        auto id = get_string(v, "id", ctx);
        auto title = get_string(v, "title", ctx);
        if (!id || !title) continue;
        if (!pack::is_valid_pack_id(*id)) ctx.error(v["id"], msg("view id '{1}' must be lowercase letters, digits and '-'", {*id}));
        else if (!ids.insert(*id).second) ctx.error(v["id"], msg("view id '{1}' is used twice", {*id}));
        d.id = *id, d.title = *title;
        YAML::Node layers = v["layers"];
        if (!layers || !layers.IsSequence() || layers.size() == 0) {
            ctx.error(layers ? layers : v, msg("view '{1}': 'layers' must list the ids of the layers it shows", {*id}));
            continue;
        }
        for (const auto& l : layers) d.layers.push_back(l.IsScalar() ? l.Scalar() : std::string());
        if (YAML::Node b = v["bounds"]) {
            bool good = b.IsSequence() && b.size() == 4;
            double w = 0, s = 0, e = 0, n = 0;
            if (good) {
                try {
                    w = b[0].as<double>(), s = b[1].as<double>(), e = b[2].as<double>(), n = b[3].as<double>();
                } catch (const YAML::Exception&) {
                    good = false;
                }
            }
            if (!good || !(w < e && s < n && w >= -180 && e <= 180 && s >= -85 && n <= 85)) {
                ctx.error(b, msg("view '{1}': 'bounds' must be [west, south, east, north] in WGS 84 degrees, west < east, south < north", {*id}));
                continue;
            }
            geo::BBox box;
            box.extend(geo::Point{w, s});
            box.extend(geo::Point{e, n});
            d.bounds = box;
        }
        out.push_back(std::move(d));
    }
    return out;
}

// INSEE commune code: département (2 digits, or 2A / 2B for Corsica) then 3 digits.
bool is_insee_code(const std::string& s) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (s.size() != 5 || !std::all_of(s.begin() + 2, s.end(), digit)) return false;
    return (digit(s[0]) && digit(s[1])) || (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'));
}

}  // namespace

MapsNeeds compile_maps(const YAML::Node& maps_node, const YamlContext& ctx, const MapSourceContext& source,
                       std::vector<pack::SourceEntry>& entries) {
    MapsNeeds needs;
    if (!maps_node) return needs;
    // 'maps' is either the list of layers (one view shows them all) or
    // { views: [...], layers: [...] }.
    // (A YAML::Node copy refers to the same node: assigning to it would change pack.yaml's tree.)
    const YAML::Node maps = maps_node.IsMap() ? maps_node["layers"] : maps_node;
    std::vector<DeclaredView> views;
    bool with_views = false;
    std::string commune;  // the town hall's INSEE code: its parcels' cards offer the démarches
    if (maps_node.IsMap()) {
        if (!maps) {
            ctx.error(maps_node, msg("'maps' needs 'layers', the list of { id, title, kind, source, attribution }"));
            return needs;
        }
        if (YAML::Node v = maps_node["views"]) views = read_views(v, ctx), with_views = true;
        if (YAML::Node c = maps_node["commune"]) {
            commune = c.IsScalar() ? c.Scalar() : "";
            if (!is_insee_code(commune))
                ctx.error(c, msg("'commune' must be the town's INSEE code, 5 characters such as \"59012\" or \"2A004\" (quote it in YAML)"));
        }
        for (const auto& key : maps_node) {
            const std::string k = key.first.IsScalar() ? key.first.Scalar() : "";
            if (k != "layers" && k != "views" && k != "commune")
                ctx.error(key.first, msg("unknown key '{1}' under 'maps'; use 'commune', 'views' and 'layers'", {k}));
        }
    }
    if (!maps.IsSequence()) {
        ctx.error(maps, msg("'maps' must be a list of { id, title, kind, source, attribution }"));
        return needs;
    }
    json layers = json::array();
    std::set<std::string> ids;
    std::map<std::string, YAML::Node> layer_nodes;
    for (const YAML::Node& m : maps) {
        int errors_before = ctx.diags->error_count();
        auto id = get_string(m, "id", ctx);
        auto title = get_string(m, "title", ctx);
        auto kind_text = get_string(m, "kind", ctx);
        auto file = get_string(m, "source", ctx);
        auto attribution = get_string(m, "attribution", ctx);
        if (!id || !title || !kind_text || !file || !attribution) continue;
        if (!pack::is_valid_pack_id(*id)) ctx.error(m["id"], msg("map id '{1}' must be lowercase letters, digits and '-'", {*id}));
        else if (!ids.insert(*id).second) ctx.error(m["id"], msg("map id '{1}' is used twice", {*id}));
        else layer_nodes.emplace(*id, m);
        auto kind = geo_import::parse_kind(*kind_text);
        if (!kind) {
            ctx.error(m["kind"], msg("unknown map kind '{1}'; use {2}", {*kind_text, geo_import::kind_list()}));
            continue;
        }
        if (!source.file_exists(*file)) {
            ctx.error(m["source"], msg("map source '{1}' does not exist: check the path (relative to the pack folder)", {*file}));
            continue;
        }
        geo_import::ImportOptions options{*id, *title, *attribution, {}, *kind == geo_import::LayerKind::zoning};
        if (YAML::Node rules = m["rules"]) {
            if (*kind != geo_import::LayerKind::zoning) ctx.error(rules, msg("'rules' only applies to a map of kind zoning"));
            else if (!rules.IsMap()) ctx.error(rules, msg("'rules' maps each zone type (typezone) or label (libelle) to the page of its rules"));
            else
                for (const auto& rule : rules) {
                    std::string zone = rule.first.as<std::string>(), page = rule.second.IsScalar() ? rule.second.Scalar() : "";
                    if (!source.page_exists(page)) ctx.error(rule.second, msg("rules page '{1}' for zone '{2}' does not exist", {page, zone}));
                    options.rules[zone] = page;
                }
        } else if (*kind == geo_import::LayerKind::zoning) {
            ctx.error(m, msg("map '{1}': a zoning map needs 'rules', the page of each zone type's rules", {*id}));
            continue;
        }
        if (ctx.diags->error_count() > errors_before) continue;  // import only what is well declared

        auto imported = geo_import::import_layer(*kind, (source.root / *file).string(), options);
        if (!imported) {
            auto [line, message] = split_location(imported.error().message, (source.root / *file).string());
            ctx.diags->error(source.shown + "/" + *file, line, 0, message);
            continue;
        }
        for (auto& e : imported->entries) {
            pack::SourceEntry entry;
            entry.path = std::move(e.path);
            entry.data = std::move(e.data);
            entry.media_type = e.already_compressed ? pack::MediaType::image : pack::MediaType::other;
            entry.already_compressed = e.already_compressed;
            entries.push_back(std::move(entry));
        }
        imported->meta["source"] = *file;
        layers.push_back(std::move(imported->meta));
        if (geo_import::is_network(*kind) && needs.min_kiosk_version < geo::format::kLinesKioskVersion)
            needs = {geo::format::kLinesKioskVersion, *id};
    }
    if (layers.empty() || ctx.diags->has_errors()) return needs;

    // Views (docs/map-format.md § 2): as declared, else one showing every layer.
    if (!with_views) views.push_back({maps_node, "plan", "Plan", {}, {}});
    json view_list = json::array();
    std::set<std::string> shown;
    for (DeclaredView& v : views) {
        if (!with_views)
            for (const auto& l : layers) v.layers.push_back(l["id"].get<std::string>());
        geo::BBox box = v.bounds.value_or(geo::BBox{}), parcels_box;
        bool known = true;
        for (std::size_t i = 0; i < v.layers.size(); ++i) {
            auto it = std::find_if(layers.begin(), layers.end(), [&](const json& l) { return l["id"] == v.layers[i]; });
            if (it == layers.end()) {
                ctx.error(with_views ? v.node["layers"][i] : v.node,
                          msg("view '{1}' shows layer '{2}', which 'layers' does not declare", {v.id, v.layers[i]}));
                known = false;
                continue;
            }
            shown.insert(v.layers[i]);
            if (!v.bounds && (*it)["kind"] != "raster") box.extend(bounds_of(*it));
            if (!v.bounds && (*it)["kind"] == "parcels") parcels_box.extend(bounds_of(*it));
        }
        if (!known) continue;
        if (!parcels_box.empty()) box = parcels_box;  // the cadastre frames the commune
        if (box.empty() && !with_views) {  // rasters only: their own bounds, else the world
            for (const auto& l : layers) box.extend(bounds_of(l));
            if (box.empty()) box.extend(geo::Point{-180, -85}), box.extend(geo::Point{180, 85});
        }
        if (box.empty()) {
            ctx.error(with_views ? v.node : maps_node, msg("view '{1}' has no vector layer to frame it: give it 'bounds'", {v.id}));
            continue;
        }
        view_list.push_back({{"id", v.id}, {"title", v.title}, {"bounds", {box.min_x, box.min_y, box.max_x, box.max_y}}, {"layers", v.layers}});
    }
    for (const auto& l : layers)
        if (!shown.count(l["id"].get<std::string>()))
            ctx.warning(layer_nodes[l["id"].get<std::string>()], msg("map layer '{1}' is in no view: residents will never see it", {l["id"].get<std::string>()}));
    if (ctx.diags->has_errors()) return needs;
    json index = {{"format", 2}, {"layers", std::move(layers)}, {"views", std::move(view_list)}};
    if (!commune.empty()) index["commune"] = commune;
    std::string text = index.dump(1);
    pack::SourceEntry e;
    e.path = "maps/index.json";
    e.data.assign(text.begin(), text.end());
    e.media_type = pack::MediaType::json;
    entries.push_back(std::move(e));
    return needs;
}

}  // namespace guichet::packsrc
