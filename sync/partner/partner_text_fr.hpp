// guichet-partner's texts for the partner service's staff in French
// (common/staff_language.hpp): usage, usage errors, output, and the errors of
// fetching and opening démarches (partner.cpp). info.json stays as it is.
#pragma once

#include <string_view>

namespace guichet::sync::partner {

// Adds the partner's French catalogue; USAGE is the English usage text (its key).
void add_french_texts(std::string_view usage);

}  // namespace guichet::sync::partner
