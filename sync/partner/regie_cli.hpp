// `guichet-partner regie …`: the régie's commands over its mandate register
// and its pain.008 files (docs/sepa.md §3–4). Separate from partner_main.cpp,
// which only hands the command over.
#pragma once

#include <string_view>

namespace guichet::sync::regie {

// ARGV[1] is "regie"; returns the exit status (0 success, 1 failure, 2 usage error).
int run(int argc, char** argv);

// Adds the French texts of the régie's commands and of the SEPA library.
void add_french_texts();
// The English usage of `guichet-partner regie` (the French table's key for it).
std::string_view usage_text();

}  // namespace guichet::sync::regie
