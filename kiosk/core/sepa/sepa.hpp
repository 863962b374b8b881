// SEPA identifiers for the régie's direct debits (issue #17, docs/sepa.md):
// the SEPA character set, the creditor identifier (ICS) and the unique
// mandate reference (RUM). Pure functions, no I/O (randomness and time are
// passed in). Messages are English keys for staff::msg (docs: the French
// catalogue is sepa_text_fr.cpp, added by the programs that use this).
#pragma once

#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace guichet::sepa {

// The EPC's restricted Latin character set for identifiers (EPC217-08 §1.4):
// a–z A–Z 0–9 / - ? : ( ) . , ' + and space.
bool is_sepa_char(char c);

// ICS, SEPA creditor identifier (EPC262-08): country code (2 letters), check
// digits (2), creditor business code (3 characters of the set, "ZZZ" by
// default, not covered by the check digits), national identifier (France: 6
// characters, so 13 in all; elsewhere 1 to 28). Check digits: ISO 7064
// MOD 97-10 as for an IBAN over the national identifier followed by the
// country code and "00". Spaces are ignored, letters upper-cased. Returns
// the compact upper-case ICS, or why it is refused (English key).
Result<std::string> check_ics(std::string_view text);

// The check digits an ICS with this COUNTRY and NATIONAL_ID must carry
// ("FR", "005002" → "46"); empty when the input is not alphanumeric.
std::string ics_check_digits(std::string_view country, std::string_view national_id);

// RUM, unique mandate reference (EPC SDD Core rulebook AT-01): 1 to 35
// characters of the SEPA set; French banks refuse spaces in it (as do the
// payment providers' guides), so no space; no leading or trailing '/' and no
// "//" (the EPC's rule for identifiers). Returns the RUM as given, or why not.
Result<std::string> check_rum(std::string_view text);

// RUM format 1, made by the kiosk when a mandate démarche is sent
// (docs/sepa.md §2): PPP1-KKKK-TTTTTTT-RRRRRRRR, 26 characters.
//   PPP       the pack's tracking prefix (3 capital letters: the commune)
//   1         the RUM format version
//   KKKK      the kiosk: first 20 bits of BLAKE2b-256(kiosk id), Crockford base 32
//   TTTTTTT   the Unix time in seconds, base 32 (7 digits: until year 36812)
//   RRRRRRRR  40 random bits, base 32
// Unique because two RUMs can only be equal when made by kiosks with the same
// 20-bit code in the same second with the same 40 random bits: 1 in 2^40 for
// two mandates of one kiosk in one second. The régie's register refuses a
// RUM it already holds, so a collision could never merge two mandates.
inline constexpr int kRumFormat = 1;
inline constexpr std::size_t kRumLength = 26;
struct RumParts {
    std::string prefix;      // "ANR"
    std::string kiosk_code;  // "7K3Q"
    std::int64_t unix_time = 0;
};
// PREFIX must be 3 letters A–Z; RANDOM is 5 bytes (40 bits).
Result<std::string> make_rum(std::string_view prefix, std::string_view kiosk_id, std::int64_t unix_time,
                             const std::array<std::uint8_t, 5>& random);
// Reads a format 1 RUM (what the kiosk made); fails for any other RUM.
Result<RumParts> parse_kiosk_rum(std::string_view rum);

// Crockford base 32 of the low BITS bits of VALUE, most significant first,
// DIGITS characters (0–9 A–Z without I L O U: all in the SEPA set, none
// confusable when read aloud or typed back).
std::string base32_crockford(std::uint64_t value, int digits);

}  // namespace guichet::sepa
