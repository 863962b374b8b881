// The SEPA library's messages in French (common/staff_language.hpp), for the
// programs that report them to staff: guichet-pack (the pack's ICS) and
// guichet-partner (the régie's register and pain.008 files).
#pragma once

namespace guichet::sepa {

void add_french_texts();

}  // namespace guichet::sepa
