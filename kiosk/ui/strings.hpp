// Resident-facing texts (issue #4): they come from the pack's ui/strings.json
// (docs/content-format.md §15), read with the rest of the pack by the core
// content builder into PackContent::strings (content/ui_strings.hpp). Only a
// minimal fallback is compiled in, for what shows with no pack (loading,
// no-pack screen, attract screen, idle warning, footer, status bar). A key that neither the pack nor the fallback
// has shows as a visible marker « ⟦key⟧ » so the gap is noticed, never hidden.
//
// Placeholders are written {name} (lowercase letters, digits and _); braces
// have no other use in a text. UI thread only (tr() caches markers).
#pragma once

#include "content/ui_strings.hpp"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guichet::ui {

struct Ui;

using content::Strings;
using content::kStringsFormat;

// The compiled-in fallback (French).
const Strings& fallback_strings();

// KEY's text from PACK (may be null), else from the fallback, else « ⟦KEY⟧ ».
const std::string& tr(const Strings* pack, std::string_view key);
// The same with the strings of the content in force (Ui::strings).
const std::string& tr(const Ui& ui, std::string_view key);

using Args = std::initializer_list<std::pair<std::string_view, std::string_view>>;
// PATTERN with each {name} replaced by its value in ARGS; an unknown
// placeholder stays as written.
std::string fill(std::string_view pattern, Args args);
std::string trf(const Ui& ui, std::string_view key, Args args);
std::string trf(const Strings* pack, std::string_view key, Args args);

}  // namespace guichet::ui
