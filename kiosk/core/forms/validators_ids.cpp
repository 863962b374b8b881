// NIR, SIREN and SIRET (see validators.hpp).
#include "forms/validators_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <system_error>
#include <utility>
#include <vector>

namespace guichet::forms {

using namespace detail;

// Layout (décret n° 82-103 du 22 janvier 1982, art. 4; service-public.fr
// F33078): sex (1), year (2), month (2), place of birth (5: département and
// commune, or 99 and the INSEE country code, or a 3-digit overseas
// département and 2 digits; 91–96 for Algeria, Morocco and Tunisia before
// independence), order number (3); then the key (2).
//
// Key: 97 − (the 13 digits mod 97). Corsica (2A, 2B since 1976; 20 before)
// counts 2A as 19 and 2B as 18 in the key: the rule of the CNAM's own
// validator (assurance-maladie-digital/nir-validation, NirKey) and of
// python-stdnum (fr.nir), whose published examples 2 53 07 2B 073 004 70 and
// 2 53 07 2A 073 004 43 only check under it.
//
// What is accepted beyond the key:
// - sex 1 (man) or 2 (woman); also 7 and 8, the provisional numbers (the
//   CNAM's validator: "7 pour un homme et 8 pour une femme"), and 3 and 4,
//   numbers of people born abroad being registered, which only secondary
//   sources document. Refusing a number a resident really holds costs more
//   than accepting an unusual one: the key still catches typing errors.
// - month 01–12, or a pseudo-month given when the civil-status document lacks
//   the month. Sources disagree on their range: 20, 30–42 and 50–99
//   (django-localflavor after INSEE's "Guide de l'identification"), 20–42 or
//   "20 à 30 ou 50" elsewhere; we accept 20–42 and 50–99, and refuse 00,
//   13–19 and 43–49, which no source allows.
// - the place is not checked beyond the 2A/2B shape: the key covers it.

namespace {

std::uint64_t nir_body_value(std::string_view s) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        int d = 0;
        if (i == 6 && (s[i] == 'A' || s[i] == 'B')) {
            // 2A → 19, 2B → 18: replace the '2' already counted by '1'.
            v = v - 2 + 1;
            d = s[i] == 'A' ? 9 : 8;
        } else {
            d = s[i] - '0';
        }
        v = v * 10 + static_cast<std::uint64_t>(d);
    }
    return v;
}

}  // namespace

Checked check_nir(std::string_view text) {
    const std::string s = compact(text, ".-", true);
    if (s.empty()) return refuse("Saisissez votre numéro de sécurité sociale (15 chiffres).");
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool corsica = i == 6 && s.size() > 6 && s[5] == '2' && (s[6] == 'A' || s[6] == 'B');
        if (!is_digit(s[i]) && !corsica)
            return refuse("Le numéro de sécurité sociale ne contient que des chiffres (et la lettre A ou B pour "
                          "une naissance en Corse)" NBSP ": vérifiez votre saisie.");
    }
    if (s.size() == 13)
        return refuse("Le numéro de sécurité sociale doit comporter 15 chiffres (13 chiffres et une clé de 2 "
                      "chiffres)" NBSP ": ajoutez la clé, les 2 derniers chiffres de votre carte Vitale.");
    if (s.size() != 15)
        return refuse("Le numéro de sécurité sociale doit comporter 15 chiffres (13 chiffres et une clé de 2 "
                      "chiffres)" NBSP ": vous en avez saisi " + std::to_string(s.size()) + ".");
    if (std::string_view("123478").find(s[0]) == std::string_view::npos)
        return refuse("Le numéro de sécurité sociale commence par 1 ou 2" NBSP ": vérifiez le premier chiffre.");
    const int month = (s[3] - '0') * 10 + (s[4] - '0');
    if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50))
        return refuse("Les 4e et 5e chiffres du numéro de sécurité sociale sont votre mois de naissance (01 à 12)" NBSP
                      ": vérifiez-les.");
    const int key = (s[13] - '0') * 10 + (s[14] - '0');
    if (key != static_cast<int>(97 - nir_body_value(s) % 97))
        return refuse("Le numéro de sécurité sociale n’est pas valide" NBSP
                      ": vérifiez les chiffres et la clé (les 2 derniers), une erreur de frappe est probable.");
    return Checked::valid(grouped(s, {1, 2, 2, 2, 3, 3, 2}));
}

namespace {

bool luhn_ok(std::string_view digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool all_zeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// La Poste (SIREN 356000000) has too many establishments for Luhn: INSEE
// gives them SIRETs whose digit sum is a multiple of 5 instead. Its head
// office, 356 000 000 00048, passes Luhn as usual.
constexpr std::string_view kLaPosteSiren = "356000000";

bool la_poste_siret_ok(std::string_view siret) {
    int sum = 0;
    for (char c : siret) sum += c - '0';
    return sum % 5 == 0;
}

}  // namespace

Checked check_siren(std::string_view text) {
    const std::string s = compact(text, ".-", false);
    if (s.empty()) return refuse("Saisissez le numéro SIREN (9 chiffres).");
    if (!all_digits(s)) return refuse("Le numéro SIREN ne contient que des chiffres" NBSP ": vérifiez votre saisie.");
    if (s.size() == 14)
        return refuse("Vous avez saisi 14 chiffres, c’est un numéro SIRET" NBSP
                      ": le numéro SIREN est formé de ses 9 premiers chiffres.");
    if (s.size() != 9)
        return refuse("Le numéro SIREN comporte 9 chiffres et vous en avez saisi " + std::to_string(s.size()) +
                      NBSP ": vérifiez votre saisie.");
    if (all_zeros(s) || !luhn_ok(s))
        return refuse("Le numéro SIREN n’est pas valide" NBSP ": vérifiez les chiffres, une erreur de frappe est probable.");
    return Checked::valid(grouped(s, {3, 3, 3}));
}

Checked check_siret(std::string_view text) {
    const std::string s = compact(text, ".-", false);
    if (s.empty()) return refuse("Saisissez le numéro SIRET (14 chiffres).");
    if (!all_digits(s)) return refuse("Le numéro SIRET ne contient que des chiffres" NBSP ": vérifiez votre saisie.");
    if (s.size() == 9)
        return refuse("Vous avez saisi 9 chiffres, c’est un numéro SIREN" NBSP
                      ": le numéro SIRET en comporte 14 (le SIREN suivi de 5 chiffres).");
    if (s.size() != 14)
        return refuse("Le numéro SIRET comporte 14 chiffres et vous en avez saisi " + std::to_string(s.size()) +
                      NBSP ": vérifiez votre saisie.");
    const std::string_view siren = std::string_view(s).substr(0, 9);
    const bool ok = siren == kLaPosteSiren ? luhn_ok(s) || la_poste_siret_ok(s)
                                           : !all_zeros(siren) && luhn_ok(siren) && luhn_ok(s);
    if (!ok)
        return refuse("Le numéro SIRET n’est pas valide" NBSP ": vérifiez les chiffres, une erreur de frappe est probable.");
    return Checked::valid(grouped(s, {3, 3, 3, 5}));
}

}  // namespace guichet::forms
