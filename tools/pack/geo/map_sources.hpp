// The 'maps' list of pack.yaml (docs/content-format.md § 14): each map
// source is imported and becomes pack entries under maps/, with maps/index.json
// describing every layer. Compiled into guichet_packsrc.
#pragma once

#include "diagnostics.hpp"
#include "pack_writer.hpp"
#include "yaml_util.hpp"

#include <filesystem>
#include <functional>
#include <vector>

namespace guichet::packsrc {

struct MapSourceContext {
    std::filesystem::path root;  // the content folder
    std::string shown;           // the folder as messages show it
    std::function<bool(const std::string&)> file_exists;  // pack-relative
    std::function<bool(const std::string&)> page_exists;  // pack-relative page path
};

// What the maps need of the kiosk that installs the pack (its min_kiosk_version).
struct MapsNeeds {
    std::uint32_t min_kiosk_version = 1;
    std::string layer;  // the first layer that needs more than 1 (a network: line layers, layer format 2)
};

// Appends the entries of every map layer to ENTRIES; reports problems at the
// line of pack.yaml or in the source file. MAPS may be a null node (no maps).
MapsNeeds compile_maps(const YAML::Node& maps, const YamlContext& ctx, const MapSourceContext& source,
                       std::vector<pack::SourceEntry>& entries);

}  // namespace guichet::packsrc
