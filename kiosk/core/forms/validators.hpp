// Field validators for démarches: pure functions, no I/O. Each reads what a
// resident typed on the touch keyboard (spaces, dots, dashes, lower case, a
// comma for decimals), and returns either the normalised value or a short
// French message that tells the resident what to fix.
//
// - Empty input (after trimming) is refused with a message asking for the
//   value: whether an empty field is acceptable is the form model's decision,
//   taken before calling a validator.
// - Messages follow French typography: apostrophe ’, « » and a non-breaking
//   space (U+00A0) before : ; ! ? and inside « ».
// - Values use plain ASCII spaces, never U+00A0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace guichet::forms {

class CommuneDirectory;

struct Checked {
    bool ok = false;
    std::string value;    // normalised value when ok, empty otherwise
    std::string message;  // French, for the resident, when !ok; empty otherwise

    static Checked valid(std::string value) { return {true, std::move(value), {}}; }
    static Checked invalid(std::string message) { return {false, {}, std::move(message)}; }
    explicit operator bool() const { return ok; }
};

// IBAN (ISO 13616): country code with the length and BBAN layout of the SWIFT
// IBAN registry, check digits 02–98, mod 97 == 1. A leading "IBAN" is ignored.
// Value grouped by 4: "FR76 3000 6000 0112 3456 7890 189".
Checked check_iban(std::string_view text);

// BIC (ISO 9362): 4 letters (institution), 2 letters (ISO 3166-1 country, or
// XK), 2 letters or digits (location), optionally 3 (branch). Value compact,
// upper case, 8 or 11 characters as typed: "BNPAFRPPXXX".
Checked check_bic(std::string_view text);

// check_bic, then that the BIC's country agrees with the IBAN's (a French
// IBAN also fits a BIC of the French overseas territories, a British one a
// BIC of Jersey, Guernsey or Man, a Finnish one Åland). When the IBAN itself
// is unreadable only the BIC is judged: the IBAN field reports its own error.
Checked check_bic_for_iban(std::string_view bic, std::string_view iban);

// NIR, the French social security number: 13 characters and a 2-digit key
// (see validators_ids.cpp for the rules). Value "1 84 12 76 451 089 46".
Checked check_nir(std::string_view text);

// SIREN: 9 digits, Luhn. Value "732 829 320".
Checked check_siren(std::string_view text);

// SIRET: 14 digits, Luhn (La Poste's establishments, SIREN 356000000: digit
// sum a multiple of 5). Value "732 829 320 00074".
Checked check_siret(std::string_view text);

// E-mail, pragmatic: one @, a local part of RFC 5322 "atext" and single dots,
// a domain of at least two valid labels and an alphabetic top level (or
// xn--). Value: local part as typed, domain in lower case.
Checked check_email(std::string_view text);

// French phone number: 10 digits "0[1-9]…", or +33 / 0033 then 9 digits (a
// "(0)" or 0 after +33 is tolerated). Value "03 27 59 51 11".
Checked check_french_phone(std::string_view text);

// French postal code: 5 digits whose first two are 01–95, 97 or 98.
// Value: the 5 digits.
Checked check_postal_code(std::string_view text);

// check_postal_code, then that the code is one of the commune's (INSEE code,
// e.g. "59012"): "Le code postal 59000 ne correspond pas à la commune d’Anor…"
Checked check_postal_code_for_commune(std::string_view postal_code, std::string_view insee,
                                      const CommuneDirectory& communes);

// Date JJ/MM/AAAA (also J/M/AAAA, with '-', '.' or spaces; AAAA-MM-JJ too),
// a real calendar date between 1900 and 2100. Value ISO "2026-02-01".
Checked check_date_fr(std::string_view text);

// Whole number, optional sign, spaces between groups of 3 digits ("1 000");
// MIN and MAX inclusive. Value canonical: "-12", "1000".
Checked check_integer(std::string_view text, std::optional<long long> min = std::nullopt,
                      std::optional<long long> max = std::nullopt);

// Decimal number with a comma (or a dot) as decimal separator: "12,50";
// MIN and MAX inclusive; MAX_DECIMALS limits the digits after the comma.
// Value with a dot, decimals as typed: "12.50".
Checked check_decimal(std::string_view text, std::optional<double> min = std::nullopt,
                      std::optional<double> max = std::nullopt, std::optional<int> max_decimals = std::nullopt);

}  // namespace guichet::forms
