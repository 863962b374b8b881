// Placeholders in the texts staff write for the kiosk ("Étape {n} sur {total}"):
// one scanner for the kiosk, which fills them (ui/strings.cpp), and the pack
// tool, which checks that a pack's text has the placeholders the kiosk fills.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet {

// The placeholder names of TEXT, in order of appearance, each once
// ("{n} sur {total} ({n})" → n, total). Sets MALFORMED (when given) if a brace
// does not open or close a placeholder of lowercase letters, digits and '_'.
std::vector<std::string> text_placeholders(std::string_view text, bool* malformed = nullptr);

}  // namespace guichet
