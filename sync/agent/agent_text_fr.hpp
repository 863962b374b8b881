// guichet-sync's texts in French (common/staff_language.hpp): usage, usage
// errors, command output and the cycle's log lines, which staff read when a
// kiosk does not sync. What goes to the hub stays as it is.
#pragma once

#include <string_view>

namespace guichet::sync::agent {

// Adds the agent's French catalogue; USAGE is the English usage text (its key).
void add_french_texts(std::string_view usage);

}  // namespace guichet::sync::agent
