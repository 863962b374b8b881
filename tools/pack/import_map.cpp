#include "import_map.hpp"

#include "common/file.hpp"
#include "geo/layer.hpp"
#include "importers.hpp"
#include "pack/manifest.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace guichet::packtool {

namespace {

int cmd_import_map(const cli::Args& args) {
    const std::string& kind_text = args.positional[0];
    const std::string& file = args.positional[1];
    auto kind = geo_import::parse_kind(kind_text);
    if (!kind) {
        std::fprintf(stderr, "error: unknown map kind '%s'; use %s\n", kind_text.c_str(), geo_import::kind_list());
        return kExitUsage;
    }
    geo_import::ImportOptions options;
    options.id = args.value("id").value_or("layer");
    if (!pack::is_valid_pack_id(options.id)) {
        std::fprintf(stderr, "error: --id '%s' must be lowercase letters, digits and '-'\n", options.id.c_str());
        return kExitUsage;
    }
    options.title = args.value("title").value_or("");
    auto started = std::chrono::steady_clock::now();
    auto imported = geo_import::import_layer(*kind, file, options);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!imported) {
        std::fprintf(stderr, "error: %s\n", imported.error().message.c_str());
        return kExitFailed;
    }
    std::uint64_t bytes = 0;
    for (const auto& e : imported->entries) bytes += e.data.size();
    std::printf("%s: %s layer '%s', %zu entr%s, %llu bytes, imported in %.0f ms\n", file.c_str(), kind_text.c_str(),
                options.id.c_str(), imported->entries.size(), imported->entries.size() == 1 ? "y" : "ies",
                static_cast<unsigned long long>(bytes), ms);
    std::printf("%s\n", imported->meta.dump(1).c_str());
    if (*kind != geo_import::LayerKind::raster) {
        auto layer = geo::MapLayer::open(imported->entries.at(0).data);
        if (!layer) {
            std::fprintf(stderr, "error: the layer just written does not read back: %s\n", layer.error().message.c_str());
            return kExitFailed;
        }
        for (std::size_t l = 0; l < layer->level_count(); ++l) {
            std::size_t points = 0;
            for (std::uint32_t f = 0; f < layer->feature_count(); ++f)
                for (const auto& poly : layer->geometry(f, l).polygons)
                    for (const auto& ring : poly.rings) points += ring.size();
            std::printf("level from zoom %d: %zu points\n", layer->level_min_zoom(l), points);
        }
    }
    if (auto out = args.value("output")) {
        for (const auto& e : imported->entries) {
            auto path = std::filesystem::path(*out) / e.path;
            std::error_code ec;
            std::filesystem::create_directories(path.parent_path(), ec);
            if (auto w = write_file_atomic(path, e.data); !w) {
                std::fprintf(stderr, "error: %s\n", w.error().message.c_str());
                return kExitFailed;
            }
        }
        std::printf("wrote %zu file(s) under %s\n", imported->entries.size(), out->c_str());
    }
    return kExitOk;
}

}  // namespace

const Command& import_map_command() {
    static const Command command{
        "import-map", "import one map source and show what the kiosk will get",
        "Usage: guichet-pack import-map KIND FILE [--id ID] [--title TEXT] [-o DIR]\n\n"
        "KIND is parcels (Etalab cadastre GeoJSON), zoning (CNIG zone_urba GeoJSON),\n"
        "addresses (Base Adresse Nationale CSV, ';'-separated), raster (MBTiles),\n"
        "buildings (Etalab cadastre 'batiments' GeoJSON) or lieux-dits (Etalab 'lieux_dits').\n"
        "Checks FILE exactly as `build` does for a pack.yaml 'maps' entry, then prints the\n"
        "layer's description (as in maps/index.json) and, for vector layers, the points\n"
        "kept at each level of detail. With -o, writes the pack entries (maps/ID/…) under DIR.\n"
        "Zone rules pages are only linked through pack.yaml. Errors name the feature\n"
        "(number and id), CSV line or tile. Exit 0 when FILE imports, 1 when not, 2 on a bad\n"
        "command line. Format: docs/map-format.md.\n",
        {{"output", true, 'o'}, {"id", true, 0}, {"title", true, 0}},
        cmd_import_map, 2, 2};
    return command;
}

}  // namespace guichet::packtool
