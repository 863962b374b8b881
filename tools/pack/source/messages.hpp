// guichet-pack's messages for staff: French by default in the tool, English when
// the locale asks for it. The language and the lookup are the staff-language
// helper every Guichet program shares (common/staff_language.hpp); this adds the
// content checks' French catalogue (messages_fr.cpp), registered on first use.
//
//   diags.error(file, line, col, msg("unknown key '{1}'", {key}));
#pragma once

#include "common/staff_language.hpp"

namespace guichet::packsrc {

using staff::FrenchTable;
using staff::Language;
using staff::language;
using staff::language_from_environment;
using staff::set_language;

// ENGLISH translated to the current language, with {1}, {2}… replaced by ARGS.
std::string msg(std::string_view english, std::initializer_list<std::string_view> args = {});

// The French text for ENGLISH, or null (messages_fr.cpp, then the tables added).
const char* french_for(std::string_view english);

// Adds a catalogue (the tool's help texts).
void add_french(FrenchTable table);
// The built-in catalogue (messages_fr.cpp), for its consistency test.
FrenchTable french_catalogue();
// The expression language's messages (messages_expr_fr.cpp).
FrenchTable expression_catalogue();

}  // namespace guichet::packsrc
