// guichet-hub's texts for staff in French (common/staff_language.hpp): the
// usage, command output, usage errors and the log lines staff read. JSON
// error bodies, metric names and protocol fields stay as they are.
#pragma once

#include <string_view>

namespace guichet::sync::hub {

// Adds the hub's French catalogue; USAGE is the English usage text (its key).
void add_french_texts(std::string_view usage);

}  // namespace guichet::sync::hub
