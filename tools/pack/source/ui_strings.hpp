// The kiosk's resident-facing texts (docs/content-format.md §15): the default
// French file shipped with the tool (tools/pack/strings/fr.yaml, compiled in
// at build time) merged with a pack's own strings.yaml, checked key by key,
// and written as the pack entry ui/strings.json.
#pragma once

#include "diagnostics.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::packsrc {

inline constexpr int kUiStringsFormat = 1;  // ui/strings.json "format"

// The text of tools/pack/strings/fr.yaml as built into this tool.
std::string_view default_strings_yaml();

// A strings file read: key → text, and each key's line (1-based).
struct StringsFile {
    std::map<std::string, std::string> texts;
    std::map<std::string, int> lines;
};

// Reads a strings file (`key: "text"` lines). Problems go to DIAGS under FILE;
// returns nothing when the file is not a mapping of texts.
std::optional<StringsFile> read_strings_file(const std::string& text, const std::string& file, Diagnostics& diags);

// The entry ui/strings.json: the defaults, with the pack's OVERRIDES (the text
// of its strings.yaml, shown as FILE) applied. Each override must name a known
// key and use exactly its default's placeholders; otherwise an error at its
// line, and nothing is returned.
std::optional<std::string> compile_ui_strings(const std::optional<std::string>& overrides, const std::string& file,
                                              Diagnostics& diags);

}  // namespace guichet::packsrc
