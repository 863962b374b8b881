// Tracking codes: the short code a resident writes down to follow a démarche
// ("Suivre ma demande"), e.g. ANR-7K3Q-9P.
//
//   ANR  -  7 K 3 Q  -  9     P
//   prefix  s1 s2 s3 s4  s5  check
//
// - prefix: three letters A–Z set per kiosk (the commune, "ANR" for Anor);
// - s1…s5: random symbols from kAlphabet (29^5 ≈ 20.5 million codes per prefix);
// - check: chosen so that  6·v1 + 5·v2 + 4·v3 + 3·v4 + 2·v5 + 1·check ≡ 0 (mod 29),
//   where v is a symbol's position in kAlphabet.
// Because 29 is prime and every weight (1…6) and every difference of two
// weights of neighbours (1) is nonzero mod 29, the check catches every single
// wrong symbol and every swap of two neighbours (tests/store/tracking_code_test.cpp
// proves both exhaustively). docs/store.md §5 has the reasoning.
#pragma once

#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace guichet::store::tracking {

// 29 symbols (a prime number): digits 2–9 and the letters without I, L, O, S, U.
// Left out: 0 and O, 1 and I and L (read alike), S (read as 5), U (read as V).
inline constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRTVWXYZ";
inline constexpr int kBase = 29;
inline constexpr int kRandomSymbols = 5;
inline constexpr int kSymbols = kRandomSymbols + 1;  // with the check symbol
inline constexpr std::array<int, kSymbols> kWeights = {6, 5, 4, 3, 2, 1};
static_assert(kAlphabet.size() == kBase);

// Position of C in kAlphabet, or -1.
int symbol_value(char c);

// The check symbol for five symbols of kAlphabet (asserts they are).
char check_symbol(std::string_view five);

// True when SIX symbols (five + check) satisfy the weighted sum.
bool check_ok(std::string_view six);

// Three letters A–Z.
bool valid_prefix(std::string_view prefix);

// "ANR" + "7K3Q9P" → "ANR-7K3Q-9P".
std::string format(std::string_view prefix, std::string_view six);

// A new code with uniformly random symbols (rejection sampling on bytes from
// RANDOM, which fills a buffer: libsodium's randombytes_buf in production).
std::string generate(std::string_view prefix, const std::function<void(std::span<std::uint8_t>)>& random);

// What a resident typed → the canonical code. Accepts lower case, spaces,
// dashes and dots anywhere; refuses a wrong length, a wrong prefix shape, a
// character outside the alphabet (naming it) and a failed check ("a character
// was mistyped").
Result<std::string> normalize(std::string_view typed);

// True for a canonical code (PPP-XXXX-XX) whose check symbol matches.
bool valid(std::string_view code);

}  // namespace guichet::store::tracking
