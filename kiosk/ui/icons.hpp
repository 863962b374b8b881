// The pictograms of the menu's rubriques (pack.yaml `icon`, docs/content-format.md
// § 3): a picture next to each word helps residents who read little. Drawn
// from Font Awesome 4.7 (Debian's fonts-font-awesome, SIL OFL), loaded as
// Fonts::icons by FontFiles.
#pragma once

#include <string_view>

namespace guichet::ui {

// The UTF-8 of NAME's glyph in Font Awesome 4.7, or nullptr for a name the
// pack format does not define (guichet-pack refuses those).
const char* icon_glyph(std::string_view name);

}  // namespace guichet::ui
