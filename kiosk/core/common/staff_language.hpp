// The language of messages meant for staff (town-hall staff, partner services,
// whoever runs guichet-pack, guichet-hub, guichet-partner, guichet-sync): French
// by default, English when the environment asks for it. Machine-read text (JSON
// bodies on the wire, metric names, protocol fields) never goes through here.
//
// Each message is written once in the code, in English, as its key; French
// catalogues (a table per program, added at start) map it. A message missing
// from every catalogue is shown in English rather than not at all.
//
//   std::fprintf(stderr, "%s", staff::msg("cannot open {1}: {2}\n", {path, why}).c_str());
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace guichet::staff {

enum class Language { fr, en };

// The language msg() speaks. Libraries speak English until a program sets it
// (engine tests read one stable language); programs call set_language at start.
void set_language(Language language);
Language language();

// English when the first of GUICHET_LANG (Guichet's own override: the test
// suite sets GUICHET_LANG=en), LC_ALL, LC_MESSAGES, LANG that is set and not
// empty starts with "en"; else French.
Language language_from_environment();

// ENGLISH translated to the current language, with {1}, {2}… ({N}: one or two
// digits) replaced by ARGS; a {N} without an argument is dropped.
std::string msg(std::string_view english, std::initializer_list<std::string_view> args = {});

// ENGLISH translated as it is, braces untouched (a finished message that may
// quote what staff wrote).
std::string translate(std::string_view english);

// TEMPLATE with {N} replaced by ARGS, not translated.
std::string fill(std::string_view text, std::initializer_list<std::string_view> args);

// English key → French text; the texts must outlive the program (literals).
using FrenchTable = std::span<const std::pair<std::string_view, std::string_view>>;
// Adds a catalogue; the first text given for a key wins. Thread-safe.
void add_french(FrenchTable table);
// The French text for ENGLISH, or null.
const char* french_for(std::string_view english);

}  // namespace guichet::staff
