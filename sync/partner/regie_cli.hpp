// `guichet-partner regie …`: the régie's commands over its mandate register
// and its pain.008 files (docs/sepa.md §3–4). Separate from partner_main.cpp,
// which only hands the command over.
#pragma once

namespace guichet::sync::regie {

// ARGV[1] is "regie"; returns the exit status (0 success, 1 failure, 2 usage error).
int run(int argc, char** argv);

// Adds the French texts of the régie's commands and of the SEPA library.
void add_french_texts();

}  // namespace guichet::sync::regie
