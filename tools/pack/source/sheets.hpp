// Printed sheets' layouts (docs/print.md §2): each sheets/<id>.yaml of a
// content folder, checked key by key with file:line:col, compiled to the pack
// entry sheets/<id>.json (format 1) that the kiosk and render-sheet read.
#pragma once

#include "yaml_util.hpp"

#include <optional>
#include <string>

namespace guichet::packsrc {

// The JSON of sheets/<id>.json for the YAML TEXT of sheets/<id>.yaml (shown as
// FILE), or nothing after reporting every problem to DIAGS.
std::optional<std::string> compile_sheet(const std::string& id, const std::string& text, const std::string& file,
                                         Diagnostics& diags);

}  // namespace guichet::packsrc
