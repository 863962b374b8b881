#include "map_sources.hpp"

#include "importers.hpp"
#include "pack/format.hpp"
#include "pack/manifest.hpp"

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

void compile_maps(const YAML::Node& maps, const YamlContext& ctx, const MapSourceContext& source,
                  std::vector<pack::SourceEntry>& entries) {
    if (!maps) return;
    if (!maps.IsSequence()) {
        ctx.error(maps, "'maps' must be a list of { id, title, kind, source, attribution }");
        return;
    }
    json layers = json::array();
    std::set<std::string> ids;
    for (const auto& m : maps) {
        int errors_before = ctx.diags->error_count();
        auto id = get_string(m, "id", ctx);
        auto title = get_string(m, "title", ctx);
        auto kind_text = get_string(m, "kind", ctx);
        auto file = get_string(m, "source", ctx);
        auto attribution = get_string(m, "attribution", ctx);
        if (!id || !title || !kind_text || !file || !attribution) continue;
        if (!pack::is_valid_pack_id(*id)) ctx.error(m["id"], "map id '" + *id + "' must be lowercase letters, digits and '-'");
        else if (!ids.insert(*id).second) ctx.error(m["id"], "map id '" + *id + "' is used twice");
        auto kind = geo_import::parse_kind(*kind_text);
        if (!kind) {
            ctx.error(m["kind"], "unknown map kind '" + *kind_text + "'; use parcels, zoning, addresses or raster");
            continue;
        }
        if (!source.file_exists(*file)) {
            ctx.error(m["source"], "map source '" + *file + "' does not exist: check the path (relative to the pack folder)");
            continue;
        }
        geo_import::ImportOptions options{*id, *title, *attribution, {}, *kind == geo_import::LayerKind::zoning};
        if (YAML::Node rules = m["rules"]) {
            if (*kind != geo_import::LayerKind::zoning) ctx.error(rules, "'rules' only applies to a map of kind zoning");
            else if (!rules.IsMap()) ctx.error(rules, "'rules' maps each zone type (typezone) or label (libelle) to the page of its rules");
            else
                for (const auto& rule : rules) {
                    std::string zone = rule.first.as<std::string>(), page = rule.second.IsScalar() ? rule.second.Scalar() : "";
                    if (!source.page_exists(page)) ctx.error(rule.second, "rules page '" + page + "' for zone '" + zone + "' does not exist");
                    options.rules[zone] = page;
                }
        } else if (*kind == geo_import::LayerKind::zoning) {
            ctx.error(m, "map '" + *id + "': a zoning map needs 'rules', the page of each zone type's rules");
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
    }
    if (layers.empty()) return;
    json index = {{"format", 1}, {"layers", std::move(layers)}};
    std::string text = index.dump(1);
    pack::SourceEntry e;
    e.path = "maps/index.json";
    e.data.assign(text.begin(), text.end());
    e.media_type = pack::MediaType::json;
    entries.push_back(std::move(e));
}

}  // namespace guichet::packsrc
