// The resident-facing texts of a pack: its ui/strings.json entry
// (docs/content-format.md §15), as data. The kiosk's look-up with its
// compiled-in fallback (tr, fill) is UI code: ui/strings.hpp.
#pragma once

#include "common/result.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace guichet::content {

struct Strings {
    std::map<std::string, std::string, std::less<>> texts;  // key → text

    const std::string* find(std::string_view key) const;
    // Parses the pack entry ui/strings.json: {"format": 1, "language": "fr", "strings": {key: text}}.
    static Result<Strings> from_json(std::string_view json_text);
};

inline constexpr int kStringsFormat = 1;  // ui/strings.json "format"

}  // namespace guichet::content
