// YAML helpers that report problems with file and line instead of throwing.
#pragma once

#include "diagnostics.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <yaml-cpp/yaml.h>

namespace guichet::packsrc {

// Where a YAML node came from, for messages.
struct YamlContext {
    std::string file;
    int line_offset = 0;  // lines before the YAML text (front matter)
    Diagnostics* diags;

    int line(const YAML::Node& n) const { return n.Mark().line < 0 ? 0 : n.Mark().line + 1 + line_offset; }
    int column(const YAML::Node& n) const { return n.Mark().column < 0 ? 0 : n.Mark().column + 1; }
    void error(const YAML::Node& at, std::string message) const { diags->error(file, line(at), column(at), std::move(message)); }
    void warning(const YAML::Node& at, std::string message) const {
        diags->warning(file, line(at), column(at), std::move(message));
    }
};

std::optional<YAML::Node> parse_yaml(const std::string& text, const YamlContext& ctx);

// Look-ups that report a precise error (and return nullopt) when the key is
// missing or has the wrong shape.
std::optional<std::string> get_string(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required = true);
std::optional<long long> get_integer(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required = true);
std::optional<bool> get_bool(const YAML::Node& map, const char* key, const YamlContext& ctx);
// A YYYY-MM-DD date, returned as written.
std::optional<std::string> get_date(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required = true);
bool is_iso_date(const std::string& s);

// Plain YAML to JSON: unquoted scalars become numbers, booleans or null where they read as such.
nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace guichet::packsrc
