// guichet-pack's messages for staff: French by default in the tool, English when the
// locale asks for it (LC_ALL, LC_MESSAGES or LANG starting with "en").
// Each message is written once in the code, in English, as its key; the
// French catalogue (messages_fr.cpp) maps it. A message missing from the
// catalogue is shown in English rather than not at all.
//
//   diags.error(file, line, col, msg("unknown key '{1}'", {key}));
#pragma once

#include <initializer_list>
#include <span>
#include <utility>
#include <string>
#include <string_view>

namespace guichet::packsrc {

enum class Language { fr, en };

void set_language(Language language);
Language language();
// From the environment as staff set it: English when the first of GUICHET_LANG
// (the tool's own override: the test suite sets GUICHET_LANG=en), LC_ALL,
// LC_MESSAGES, LANG that is set and not empty starts with "en"; else French.
Language language_from_environment();

// ENGLISH translated to the current language, with {1}, {2}… ({N}: one or two digits) replaced by ARGS.
std::string msg(std::string_view english, std::initializer_list<std::string_view> args = {});

// The French text for ENGLISH, or null (messages_fr.cpp, then the tables added).
const char* french_for(std::string_view english);

// Adds a catalogue (the tool's help texts): call at start, before any msg().
using FrenchTable = std::span<const std::pair<std::string_view, std::string_view>>;
void add_french(FrenchTable table);
// The built-in catalogue (messages_fr.cpp), for its consistency test.
FrenchTable french_catalogue();

}  // namespace guichet::packsrc
