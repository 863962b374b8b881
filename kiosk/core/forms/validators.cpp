// Field validators (see validators.hpp). Sections:
// [SECTION] Text helpers: spaces, separators, French wording
// [SECTION] IBAN and BIC
// [SECTION] NIR
// [SECTION] SIREN and SIRET
// [SECTION] E-mail
// [SECTION] Phone
// [SECTION] Postal code and commune
// [SECTION] Date
// [SECTION] Numbers
#include "forms/validators.hpp"

#include "forms/communes.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <system_error>
#include <utility>
#include <vector>

namespace guichet::forms {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Text helpers: spaces, separators, French wording
//-----------------------------------------------------------------------------

#define NBSP "\u00A0"

// Spaces a touch keyboard or a copy-paste may produce besides ASCII ones:
// no-break, narrow no-break, thin, figure space (UTF-8).
constexpr std::array<std::string_view, 4> kWideSpaces = {"\u00A0", "\u202F", "\u2009", "\u2007"};
// Dashes an on-screen keyboard may substitute for '-': hyphen, non-breaking
// hyphen, en dash, minus sign.
constexpr std::array<std::string_view, 4> kWideDashes = {"\u2010", "\u2011", "\u2013", "\u2212"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!is_digit(c)) return false;
    return !s.empty();
}

// Byte length of the space S starts with, 0 if it starts with none.
std::size_t space_at(std::string_view s) {
    if (s.empty()) return 0;
    switch (s[0]) {
        case ' ': case '\t': case '\n': case '\r': case '\v': case '\f': return 1;
        default: break;
    }
    for (auto w : kWideSpaces)
        if (s.starts_with(w)) return w.size();
    return 0;
}

std::size_t dash_at(std::string_view s) {
    if (!s.empty() && s[0] == '-') return 1;
    for (auto w : kWideDashes)
        if (s.starts_with(w)) return w.size();
    return 0;
}

std::string_view trim(std::string_view s) {
    while (std::size_t n = space_at(s)) s.remove_prefix(n);
    for (bool removed = true; removed && !s.empty();) {
        removed = false;
        for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n)
            if (space_at(s.substr(s.size() - n)) == n) {
                s.remove_suffix(n);
                removed = true;
                break;
            }
    }
    return s;
}

// S without its spaces and the ASCII characters of SEPARATORS (any dash when
// SEPARATORS holds '-'); ASCII letters upper-cased when UPPER.
std::string compact(std::string_view s, std::string_view separators, bool upper) {
    const bool dashes = separators.find('-') != std::string_view::npos;
    std::string out;
    while (!s.empty()) {
        std::size_t n = space_at(s);
        if (n == 0 && dashes) n = dash_at(s);
        if (n == 0 && separators.find(s[0]) != std::string_view::npos) n = 1;
        if (n > 0) {
            s.remove_prefix(n);
            continue;
        }
        out += upper ? to_upper(s[0]) : s[0];
        s.remove_prefix(1);
    }
    return out;
}

// "1er", "2e", "12e": French ordinal, for "le 12e caractère".
std::string ordinal(std::size_t n) { return n == 1 ? "1er" : std::to_string(n) + "e"; }

// Digits grouped by 3 with no-break spaces from 5 digits on ("12 500",
// but "2100", as French typography allows for 4-digit numbers).
std::string group_thousands(std::string_view digits) {
    if (digits.size() < 5) return std::string(digits);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += NBSP;
        out += digits[i];
    }
    return out;
}

std::string format_integer(long long v) {
    std::string digits = std::to_string(v);
    if (v < 0) return "-" + group_thousands(std::string_view(digits).substr(1));
    return group_thousands(digits);
}

// Groups of SIZES separated by single spaces: "FR76 3000 …", "03 27 59 51 11".
std::string grouped(std::string_view s, std::initializer_list<std::size_t> sizes) {
    std::string out;
    for (std::size_t size : sizes) {
        if (s.empty()) break;
        if (!out.empty()) out += ' ';
        out += s.substr(0, size);
        s.remove_prefix(std::min(size, s.size()));
    }
    return out;
}

std::string quoted(std::string_view s) { return "«" NBSP + std::string(s) + NBSP "»"; }

Checked refuse(std::string message) { return Checked::invalid(std::move(message)); }

//-----------------------------------------------------------------------------
// [SECTION] IBAN and BIC
//-----------------------------------------------------------------------------

// BBAN layouts of the SWIFT IBAN registry (ISO 13616): a count, then n
// (digits), a (upper-case letters) or c (letters and digits). The IBAN is
// the country code, 2 check digits and the BBAN. French overseas departments
// and territories use FR; Jersey, Guernsey and Man use GB; Åland uses FI.
struct IbanCountry {
    std::string_view code;
    std::string_view bban;
};
constexpr IbanCountry kIbanCountries[] = {
    {"AD", "4n4n12c"},      {"AE", "3n16n"},        {"AL", "8n16c"},        {"AT", "5n11n"},
    {"AZ", "4a20c"},        {"BA", "3n3n8n2n"},     {"BE", "3n7n2n"},       {"BG", "4a4n2n8c"},
    {"BH", "4a14c"},        {"BI", "5n5n11n2n"},    {"BR", "8n5n10n1a1c"},  {"BY", "4c4n16c"},
    {"CH", "5n12c"},        {"CR", "4n14n"},        {"CY", "3n5n16c"},      {"CZ", "4n6n10n"},
    {"DE", "8n10n"},        {"DJ", "5n5n11n2n"},    {"DK", "4n9n1n"},       {"DO", "4c20n"},
    {"EE", "2n14n"},        {"EG", "4n4n17n"},      {"ES", "4n4n1n1n10n"},  {"FI", "3n11n"},
    {"FK", "2a12n"},        {"FO", "4n9n1n"},       {"FR", "5n5n11c2n"},    {"GB", "4a6n8n"},
    {"GE", "2a16n"},        {"GI", "4a15c"},        {"GL", "4n9n1n"},       {"GR", "3n4n16c"},
    {"GT", "4c20c"},        {"HN", "4a20n"},        {"HR", "7n10n"},        {"HU", "3n4n1n15n1n"},
    {"IE", "4a6n8n"},       {"IL", "3n3n13n"},      {"IQ", "4a3n12n"},      {"IS", "4n2n6n10n"},
    {"IT", "1a5n5n12c"},    {"JO", "4a4n18c"},      {"KW", "4a22c"},        {"KZ", "3n13c"},
    {"LB", "4n20c"},        {"LC", "4a24c"},        {"LI", "5n12c"},        {"LT", "5n11n"},
    {"LU", "3n13c"},        {"LV", "4a13c"},        {"LY", "3n3n15n"},      {"MC", "5n5n11c2n"},
    {"MD", "2c18c"},        {"ME", "3n13n2n"},      {"MK", "3n10c2n"},      {"MN", "4n12n"},
    {"MR", "5n5n11n2n"},    {"MT", "4a5n18c"},      {"MU", "4a2n2n12n3n3a"}, {"NI", "4a20n"},
    {"NL", "4a10n"},        {"NO", "4n6n1n"},       {"OM", "3n16c"},        {"PK", "4a16c"},
    {"PL", "8n16n"},        {"PS", "4a21c"},        {"PT", "4n4n11n2n"},    {"QA", "4a21c"},
    {"RO", "4a16c"},        {"RS", "3n13n2n"},      {"RU", "9n5n15c"},      {"SA", "2n18c"},
    {"SC", "4a2n2n16n3a"},  {"SD", "2n12n"},        {"SE", "3n16n1n"},      {"SI", "5n8n2n"},
    {"SK", "4n6n10n"},      {"SM", "1a5n5n12c"},    {"SO", "4n3n12n"},      {"ST", "8n11n2n"},
    {"SV", "4a20n"},        {"TL", "3n14n2n"},      {"TN", "2n3n13n2n"},    {"TR", "5n1n16c"},
    {"UA", "6n19c"},        {"VA", "3n15n"},        {"VG", "4a16n"},        {"XK", "4n10n2n"},
    {"YE", "4a4n18c"},
};

const IbanCountry* iban_country(std::string_view code) {
    for (const auto& c : kIbanCountries)
        if (c.code == code) return &c;
    return nullptr;
}

// Calls F(count, class) for each element of a BBAN layout.
template <class F>
void for_each_layout_part(std::string_view layout, F f) {
    std::size_t count = 0;
    for (char ch : layout) {
        if (is_digit(ch)) {
            count = count * 10 + static_cast<std::size_t>(ch - '0');
        } else {
            f(count, ch);
            count = 0;
        }
    }
}

std::size_t iban_length(const IbanCountry& country) {
    std::size_t length = 4;
    for_each_layout_part(country.bban, [&](std::size_t count, char) { length += count; });
    return length;
}

// Position (0-based in BBAN) of the first character that breaks the layout and
// the class it should have had, or npos.
std::pair<std::size_t, char> bban_mismatch(std::string_view layout, std::string_view bban) {
    std::size_t pos = 0;
    std::pair<std::size_t, char> bad{std::string_view::npos, 'c'};
    for_each_layout_part(layout, [&](std::size_t count, char cls) {
        for (std::size_t i = 0; i < count; ++i, ++pos) {
            if (bad.first != std::string_view::npos || pos >= bban.size()) continue;
            const char c = bban[pos];
            const bool fits = cls == 'n' ? is_digit(c) : cls == 'a' ? is_upper(c) : is_alnum(c);
            if (!fits) bad = {pos, cls};
        }
    });
    return bad;
}

// ISO 7064 MOD 97-10 over an upper-case IBAN: BBAN, then country and check
// digits, letters as 10…35.
int iban_mod97(std::string_view iban) {
    int rem = 0;
    auto feed = [&](char c) {
        if (is_digit(c)) rem = (rem * 10 + (c - '0')) % 97;
        else rem = (rem * 100 + (c - 'A' + 10)) % 97;
    };
    for (char c : iban.substr(4)) feed(c);
    for (char c : iban.substr(0, 4)) feed(c);
    return rem;
}

// Upper-case compact IBAN, "IBAN" or "IBAN :" before it ignored.
std::string compact_iban(std::string_view text) {
    std::string s = compact(text, "-.", true);
    if (s.starts_with("IBAN")) {
        s.erase(0, 4);
        if (s.starts_with(':')) s.erase(0, 1);
    }
    return s;
}

// ISO 3166-1 alpha-2 codes (249, as in tzdata's iso3166.tab) and XK, which
// SWIFT uses for Kosovo.
constexpr std::string_view kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW "
    "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI "
    "FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN "
    "IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF "
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE "
    "YT ZA ZM ZW XK";

bool is_country_code(std::string_view code) {
    if (code.size() != 2) return false;
    for (std::size_t i = 0; i + 2 <= kCountryCodes.size(); i += 3)
        if (kCountryCodes.substr(i, 2) == code) return true;
    return false;
}

// BIC countries an IBAN country's accounts may legitimately carry.
bool bic_country_fits_iban(std::string_view bic_country, std::string_view iban_country_code) {
    if (bic_country == iban_country_code) return true;
    struct Shared {
        std::string_view iban;
        std::string_view bic_countries;
    };
    constexpr Shared kShared[] = {
        {"FR", "GF GP MQ RE YT PM BL MF NC PF WF TF"},
        {"GB", "GG JE IM"},
        {"FI", "AX"},
    };
    for (const auto& s : kShared)
        if (s.iban == iban_country_code)
            for (std::size_t i = 0; i + 2 <= s.bic_countries.size(); i += 3)
                if (s.bic_countries.substr(i, 2) == bic_country) return true;
    return false;
}

}  // namespace

Checked check_iban(std::string_view text) {
    const std::string s = compact_iban(text);
    if (s.empty()) return refuse("Saisissez votre IBAN" NBSP ": il figure sur votre RIB.");
    for (char c : s)
        if (!is_alnum(c))
            return refuse("L’IBAN ne contient que des lettres et des chiffres" NBSP ": vérifiez votre saisie.");
    if (s.size() < 2 || !is_upper(s[0]) || !is_upper(s[1]))
        return refuse("L’IBAN commence par deux lettres, le code du pays (FR pour la France)" NBSP
                      ": vérifiez votre saisie.");
    const IbanCountry* country = iban_country(s.substr(0, 2));
    if (!country)
        return refuse("L’IBAN commence par " + quoted(s.substr(0, 2)) +
                      ", qui n’est pas un code de pays utilisé pour les IBAN" NBSP
                      ": vérifiez les deux premières lettres.");
    if (s.size() < 4 || !is_digit(s[2]) || !is_digit(s[3]))
        return refuse("Après le code du pays, l’IBAN comporte deux chiffres (par exemple FR76)" NBSP
                      ": vérifiez les quatre premiers caractères.");
    const std::size_t expected = iban_length(*country);
    if (s.size() != expected)
        return refuse("Un IBAN " + std::string(country->code) + " comporte " + std::to_string(expected) +
                      " caractères et vous en avez saisi " + std::to_string(s.size()) + NBSP ": " +
                      (s.size() < expected ? "vérifiez qu’il n’en manque aucun." : "vérifiez qu’il n’y en a pas en trop."));
    if (auto [pos, cls] = bban_mismatch(country->bban, std::string_view(s).substr(4)); pos != std::string_view::npos) {
        const char got = s[4 + pos];
        std::string msg = "Le " + ordinal(pos + 5) + " caractère de l’IBAN doit être " +
                          (cls == 'n' ? "un chiffre" : "une lettre");
        if (cls == 'n' && (got == 'O' || got == 'I'))
            msg += NBSP ": avez-vous tapé la lettre " + std::string(1, got) + " au lieu du chiffre " +
                   (got == 'O' ? "0" : "1") + NBSP "?";
        else
            msg += NBSP ": vérifiez votre saisie.";
        return refuse(std::move(msg));
    }
    // Check digits 00, 01 and 99 are never issued (98 − n mod 97 is 2…98),
    // though 99 ≡ 02 and 00 ≡ 97, 01 ≡ 98 would pass the mod-97 test.
    const std::string_view check = std::string_view(s).substr(2, 2);
    if (check == "00" || check == "01" || check == "99" || iban_mod97(s) != 1)
        return refuse("L’IBAN n’est pas valide" NBSP ": vérifiez les chiffres, une erreur de frappe est probable.");
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 4) {
        if (i > 0) out += ' ';
        out += s.substr(i, 4);
    }
    return Checked::valid(std::move(out));
}

Checked check_bic(std::string_view text) {
    const std::string s = compact(text, "-.", true);
    if (s.empty()) return refuse("Saisissez le BIC" NBSP ": il figure sur votre RIB, à côté de l’IBAN.");
    for (char c : s)
        if (!is_alnum(c))
            return refuse("Le BIC ne contient que des lettres et des chiffres" NBSP ": vérifiez votre saisie.");
    if (s.size() != 8 && s.size() != 11)
        return refuse("Le BIC comporte 8 ou 11 caractères et vous en avez saisi " + std::to_string(s.size()) +
                      NBSP ": vérifiez votre saisie.");
    for (std::size_t i = 0; i < 4; ++i)
        if (!is_upper(s[i]))
            return refuse("Le BIC commence par 4 lettres, le code de la banque (par exemple BNPA)" NBSP
                          ": vérifiez votre saisie.");
    const std::string_view country = std::string_view(s).substr(4, 2);
    if (!is_upper(country[0]) || !is_upper(country[1]) || !is_country_code(country))
        return refuse("Les 5e et 6e caractères du BIC sont le code du pays (FR pour la France), et " + quoted(country) +
                      " n’en est pas un" NBSP ": vérifiez votre saisie.");
    return Checked::valid(s);
}

Checked check_bic_for_iban(std::string_view bic, std::string_view iban) {
    Checked checked = check_bic(bic);
    if (!checked.ok) return checked;
    const std::string i = compact_iban(iban);
    if (i.size() < 2 || !is_upper(i[0]) || !is_upper(i[1]) || !iban_country(i.substr(0, 2))) return checked;
    const std::string_view bic_country = std::string_view(checked.value).substr(4, 2);
    const std::string_view iban_country_code = std::string_view(i).substr(0, 2);
    if (bic_country_fits_iban(bic_country, iban_country_code)) return checked;
    return refuse("Le BIC (pays " + std::string(bic_country) + ") ne correspond pas à l’IBAN (pays " +
                  std::string(iban_country_code) + ")" NBSP ": vérifiez-les sur votre RIB.");
}

//-----------------------------------------------------------------------------
// [SECTION] NIR
//-----------------------------------------------------------------------------
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

//-----------------------------------------------------------------------------
// [SECTION] SIREN and SIRET
//-----------------------------------------------------------------------------

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

//-----------------------------------------------------------------------------
// [SECTION] E-mail
//-----------------------------------------------------------------------------

namespace {

// RFC 5322 atext, the characters of an unquoted local part besides dots.
bool is_atext(char c) {
    return is_alnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool valid_local_part(std::string_view local) {
    if (local.front() == '.' || local.back() == '.') return false;
    for (std::size_t i = 0; i < local.size(); ++i) {
        if (local[i] == '.') {
            if (local[i - 1] == '.') return false;
        } else if (!is_atext(local[i])) {
            return false;
        }
    }
    return true;
}

bool valid_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
        if (!is_alnum(c) && c != '-') return false;
    return true;
}

}  // namespace

Checked check_email(std::string_view text) {
    const std::string_view s = trim(text);
    constexpr const char* kExample = "prenom.nom@exemple.fr";
    if (s.empty()) return refuse(std::string("Saisissez votre adresse électronique, par exemple ") + kExample + ".");
    for (std::size_t i = 0; i < s.size(); ++i)
        if (space_at(s.substr(i)) > 0) return refuse("L’adresse électronique ne doit pas contenir d’espace.");
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return refuse("L’adresse électronique ne doit contenir ni accent ni caractère spécial" NBSP
                          ": vérifiez votre saisie.");
    if (s.find(',') != std::string_view::npos)
        return refuse("L’adresse électronique contient une virgule" NBSP ": remplacez-la par un point.");
    const std::size_t at = s.find('@');
    if (at == std::string_view::npos)
        return refuse("Il manque le " + quoted("@") + " dans l’adresse électronique, par exemple " + kExample + ".");
    if (s.find('@', at + 1) != std::string_view::npos)
        return refuse("L’adresse électronique ne doit contenir qu’un seul " + quoted("@") + ".");
    const std::string_view local = s.substr(0, at);
    const std::string_view domain = s.substr(at + 1);
    if (local.empty())
        return refuse("Saisissez la partie qui précède le " + quoted("@") + ", par exemple " + kExample + ".");
    if (domain.empty())
        return refuse("Saisissez la partie qui suit le " + quoted("@") + ", par exemple orange.fr ou gmail.com.");
    if (local.size() > 64)
        return refuse("La partie qui précède le " + quoted("@") + " est trop longue (64 caractères au plus)" NBSP
                      ": vérifiez votre saisie.");
    if (!valid_local_part(local))
        return refuse("La partie qui précède le " + quoted("@") +
                      " contient un caractère non autorisé ou un point mal placé" NBSP ": vérifiez votre saisie.");
    if (domain.find('.') == std::string_view::npos)
        return refuse("Après le " + quoted("@") +
                      ", indiquez le domaine complet avec son extension, par exemple orange.fr ou gmail.com.");
    std::vector<std::string_view> labels;
    for (std::size_t start = 0;;) {
        const std::size_t dot = domain.find('.', start);
        labels.push_back(domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    for (auto label : labels)
        if (!valid_label(label))
            return refuse("Le domaine qui suit le " + quoted("@") +
                          " n’est pas valide" NBSP ": vérifiez les points et les caractères saisis.");
    const std::string_view tld = labels.back();
    bool tld_ok = tld.size() >= 2;
    if (tld_ok && !(tld.size() > 4 && (tld.substr(0, 4) == "xn--" || tld.substr(0, 4) == "XN--")))
        for (char c : tld)
            if (!is_alpha(c)) tld_ok = false;
    if (!tld_ok)
        return refuse("L’extension du domaine (après le dernier point) n’est pas valide, par exemple .fr ou .com.");
    if (s.size() > 254) return refuse("L’adresse électronique est trop longue" NBSP ": vérifiez votre saisie.");
    std::string out(local);
    out += '@';
    for (char c : domain) out += to_lower(c);
    return Checked::valid(std::move(out));
}

//-----------------------------------------------------------------------------
// [SECTION] Phone
//-----------------------------------------------------------------------------

Checked check_french_phone(std::string_view text) {
    const std::string s = compact(text, "-./()", false);
    if (s.empty()) return refuse("Saisissez votre numéro de téléphone, par exemple 03 27 59 51 11.");
    constexpr const char* kForeign =
        "Saisissez un numéro de téléphone français" NBSP
        ": 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres.";
    std::string national = s;
    bool international = false;
    if (s.starts_with('+')) {
        if (!s.starts_with("+33")) return refuse(all_digits(std::string_view(s).substr(1)) ? kForeign :
            "Le numéro de téléphone ne contient que des chiffres, et éventuellement +33 au début.");
        national = s.substr(3);
        international = true;
    } else if (s.starts_with("00") && s.size() > 10) {
        if (!s.starts_with("0033")) return refuse(kForeign);
        national = s.substr(4);
        international = true;
    }
    if (!all_digits(national))
        return refuse("Le numéro de téléphone ne contient que des chiffres, et éventuellement +33 au début.");
    if (international) {
        // "+33 (0)3 27 …" and "+33 03 27 …": the national 0 is tolerated.
        if (national.size() == 10 && national[0] == '0') national.erase(0, 1);
        if (national.size() != 9)
            return refuse("Après +33, un numéro comporte 9 chiffres (par exemple +33 3 27 59 51 11) et vous en avez "
                          "saisi " + std::to_string(national.size()) + NBSP ": vérifiez votre saisie.");
        national.insert(0, "0");
    } else if (national.size() != 10) {
        return refuse("Un numéro de téléphone français comporte 10 chiffres et vous en avez saisi " +
                      std::to_string(national.size()) + NBSP ": vérifiez votre saisie.");
    }
    if (national[0] != '0' || national[1] == '0')
        return refuse("Un numéro de téléphone français commence par 0 suivi d’un chiffre de 1 à 9, par exemple 03 ou "
                      "06" NBSP ": vérifiez votre saisie.");
    return Checked::valid(grouped(national, {2, 2, 2, 2, 2}));
}

//-----------------------------------------------------------------------------
// [SECTION] Postal code and commune
//-----------------------------------------------------------------------------

namespace {

// "d’Anor", "du Cateau-Cambrésis", "des Lilas", "de La Madeleine", "de Lille".
// Only vowels elide (and Y before a consonant: "d’Yvetot", "de Yainville");
// before h, usage varies from commune to commune.
std::string of_commune(std::string_view name) {
    if (name.starts_with("Le ")) return "du " + std::string(name.substr(3));
    if (name.starts_with("Les ")) return "des " + std::string(name.substr(4));
    constexpr std::array<std::string_view, 16> kVowels = {"A", "E", "I", "O", "U", "À", "Â", "Ä",
                                                          "É", "È", "Ê", "Ë", "Î", "Ï", "Ô", "Œ"};
    bool elide = name.starts_with('Y') && name.size() > 1 &&
                 std::string_view("aeiouy").find(name[1]) == std::string_view::npos;
    for (auto v : kVowels) elide = elide || name.starts_with(v);
    return (elide ? "d’" : "de ") + std::string(name);
}

}  // namespace

Checked check_postal_code(std::string_view text) {
    const std::string s = compact(text, "", false);
    if (s.empty()) return refuse("Saisissez le code postal (5 chiffres).");
    if (!all_digits(s))
        return refuse("Le code postal ne contient que des chiffres, par exemple 59186" NBSP ": vérifiez votre saisie.");
    if (s.size() != 5)
        return refuse("Le code postal comporte 5 chiffres et vous en avez saisi " + std::to_string(s.size()) +
                      NBSP ": vérifiez votre saisie.");
    const int department = (s[0] - '0') * 10 + (s[1] - '0');
    if (department == 0 || department == 96 || department == 99)
        return refuse("Le code postal " + s + " n’existe pas" NBSP
                      ": il commence par le numéro du département (01 à 95, 97 ou 98).");
    return Checked::valid(s);
}

Checked check_postal_code_for_commune(std::string_view postal_code, std::string_view insee,
                                      const CommuneDirectory& communes) {
    Checked checked = check_postal_code(postal_code);
    if (!checked.ok) return checked;
    const std::string code = compact(insee, "", true);
    const Commune* commune = communes.by_insee(code);
    if (!commune)
        return refuse("Nous ne trouvons pas la commune choisie" NBSP ": choisissez-la de nouveau dans la liste.");
    if (communes.postal_code_matches(checked.value, code)) return checked;
    std::string msg = "Le code postal " + checked.value + " ne correspond pas à la commune " + of_commune(commune->name);
    const auto& codes = commune->postal_codes;
    if (codes.size() == 1) {
        msg += NBSP ": son code postal est " + codes[0] + ".";
    } else if (codes.size() >= 2 && codes.size() <= 5) {
        msg += NBSP ": ses codes postaux sont ";
        for (std::size_t i = 0; i < codes.size(); ++i) {
            if (i > 0) msg += i + 1 == codes.size() ? " et " : ", ";
            msg += codes[i];
        }
        msg += ".";
    } else {
        msg += NBSP ": vérifiez le code postal ou la commune.";
    }
    return refuse(std::move(msg));
}

//-----------------------------------------------------------------------------
// [SECTION] Date
//-----------------------------------------------------------------------------

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

std::string two_digits(int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

// Digit groups of S separated by runs of spaces holding at most one of / - .;
// empty when S holds anything else.
std::vector<std::string_view> date_groups(std::string_view s) {
    std::vector<std::string_view> groups;
    while (!s.empty()) {
        std::size_t n = 0;
        while (n < s.size() && is_digit(s[n])) ++n;
        if (n == 0) return {};
        groups.push_back(s.substr(0, n));
        s.remove_prefix(n);
        if (s.empty()) break;
        int symbols = 0;
        while (!s.empty() && !is_digit(s[0])) {
            std::size_t k = space_at(s);
            if (k == 0) {
                k = dash_at(s);
                if (k == 0 && (s[0] == '/' || s[0] == '.')) k = 1;
                if (k == 0 || ++symbols > 1) return {};
            }
            s.remove_prefix(k);
        }
        if (s.empty()) return {};
    }
    return groups;
}

}  // namespace

Checked check_date_fr(std::string_view text) {
    const std::string_view s = trim(text);
    constexpr const char* kFormat = "Saisissez la date sous la forme JJ/MM/AAAA, par exemple 05/03/1984.";
    if (s.empty()) return refuse(kFormat);
    std::vector<std::string_view> g = date_groups(s);
    if (g.size() == 1 && g[0].size() == 8) g = {g[0].substr(0, 2), g[0].substr(2, 2), g[0].substr(4)};  // JJMMAAAA
    if (g.size() != 3) return refuse(kFormat);
    if (g[0].size() == 4) std::swap(g[0], g[2]);  // AAAA-MM-JJ
    if (g[0].size() > 2 || g[1].size() > 2) return refuse(kFormat);
    if (g[2].size() == 2) return refuse("Saisissez l’année avec ses 4 chiffres, par exemple 1984.");
    if (g[2].size() != 4) return refuse(kFormat);
    const int day = to_int(g[0]);
    const int month = to_int(g[1]);
    const int year = to_int(g[2]);
    if (month < 1 || month > 12)
        return refuse("Le mois " + std::string(g[1]) + " n’existe pas" NBSP ": saisissez un mois de 01 à 12.");
    if (day < 1 || day > 31)
        return refuse("Le jour " + std::string(g[0]) + " n’existe pas" NBSP ": saisissez un jour de 01 à 31.");
    if (year < 1900 || year > 2100) return refuse("L’année doit être comprise entre 1900 et 2100.");
    const std::string shown = two_digits(day) + "/" + two_digits(month) + "/" + std::string(g[2]);
    if (day > days_in_month(year, month)) {
        constexpr std::array<std::string_view, 12> kMonths = {"janvier", "février", "mars",      "avril",
                                                              "mai",     "juin",    "juillet",   "août",
                                                              "septembre", "octobre", "novembre", "décembre"};
        std::string msg = "Le " + shown + " n’existe pas" NBSP ": il n’y a que " +
                          std::to_string(days_in_month(year, month)) + " jours en " +
                          std::string(kMonths[static_cast<std::size_t>(month - 1)]);
        if (month == 2) msg += " " + std::string(g[2]);
        return refuse(msg + ".");
    }
    return Checked::valid(std::string(g[2]) + "-" + two_digits(month) + "-" + two_digits(day));
}

//-----------------------------------------------------------------------------
// [SECTION] Numbers
//-----------------------------------------------------------------------------

namespace {

struct Number {
    bool negative = false;
    std::string whole;     // digits, leading zeros removed ("" for 0)
    std::string fraction;  // digits after the separator, as typed
    bool separator = false;
    std::string error;     // French message when the text is not a number
};

constexpr std::size_t kMaxDigits = 30;

// [sign] digits, optionally grouped by 3 with spaces, [, or . digits].
Number parse_number(std::string_view text, std::string_view example) {
    Number n;
    std::string_view s = trim(text);
    const std::string not_a_number = "Saisissez un nombre en chiffres, par exemple " + std::string(example) + ".";
    if (s.empty()) {
        n.error = "Saisissez un nombre, par exemple " + std::string(example) + ".";
        return n;
    }
    if (s[0] == '+') {
        s.remove_prefix(1);
    } else if (std::size_t k = dash_at(s)) {
        n.negative = true;
        s.remove_prefix(k);
    }
    std::vector<std::string> groups(1);
    bool last_was_space = false;
    while (!s.empty()) {
        if (std::size_t k = space_at(s)) {
            if (n.separator || groups.back().empty()) break;  // caught below as an error
            if (!last_was_space) groups.emplace_back();
            last_was_space = true;
            s.remove_prefix(k);
            continue;
        }
        last_was_space = false;
        const char c = s[0];
        if (is_digit(c)) {
            (n.separator ? n.fraction : groups.back()) += c;
        } else if (c == ',' || c == '.') {
            if (n.separator) {
                n.error = "Saisissez un nombre avec une seule virgule, par exemple " + std::string(example) + ".";
                return n;
            }
            n.separator = true;
        } else {
            n.error = not_a_number;
            return n;
        }
        s.remove_prefix(1);
    }
    if (!s.empty() || last_was_space) {
        n.error = not_a_number;
        return n;
    }
    if (groups.size() > 1) {
        bool ok = !groups[0].empty() && groups[0].size() <= 3;
        for (std::size_t i = 1; i < groups.size(); ++i) ok = ok && groups[i].size() == 3;
        if (!ok) {
            n.error = "Saisissez le nombre sans espace au milieu, par exemple " + std::string(example) + ".";
            return n;
        }
    }
    for (const auto& g : groups) n.whole += g;
    if (n.whole.empty() && n.fraction.empty()) {
        n.error = not_a_number;
        return n;
    }
    n.whole.erase(0, std::min(n.whole.find_first_not_of('0'), n.whole.size()));
    if (n.whole.size() + n.fraction.size() > kMaxDigits) n.error = "Ce nombre est trop long" NBSP ": vérifiez votre saisie.";
    return n;
}

template <class T>
std::string range_message(std::optional<T> min, std::optional<T> max, std::string (*format)(T)) {
    if (min && max) return "Saisissez un nombre compris entre " + format(*min) + " et " + format(*max) + ".";
    if (min) return "Saisissez un nombre supérieur ou égal à " + format(*min) + ".";
    return "Saisissez un nombre inférieur ou égal à " + format(*max) + ".";
}

std::string format_ll(long long v) { return format_integer(v); }

// Shortest decimal form, French style: 0.5 → "0,5", 12500 → "12 500".
std::string format_double(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (ec != std::errc()) return "?";
    std::string_view text(buf, static_cast<std::size_t>(end - buf));
    std::string out;
    if (text.starts_with('-')) {
        out = "-";
        text.remove_prefix(1);
    }
    const std::size_t dot = text.find('.');
    out += group_thousands(text.substr(0, dot));
    if (dot != std::string_view::npos) out += "," + std::string(text.substr(dot + 1));
    return out;
}

}  // namespace

Checked check_integer(std::string_view text, std::optional<long long> min, std::optional<long long> max) {
    const Number n = parse_number(text, "12");
    if (!n.error.empty()) return refuse(n.error);
    if (n.separator) return refuse("Saisissez un nombre entier, sans virgule ni point.");
    const bool bounded = min || max;
    long long value = 0;
    if (!n.whole.empty()) {
        const std::string signed_digits = (n.negative ? "-" : "") + n.whole;
        auto [ptr, ec] = std::from_chars(signed_digits.data(), signed_digits.data() + signed_digits.size(), value);
        if (ec != std::errc() || ptr != signed_digits.data() + signed_digits.size()) {
            if (bounded) return refuse(range_message(min, max, format_ll));
            return refuse("Ce nombre est trop grand" NBSP ": vérifiez votre saisie.");
        }
    }
    if ((min && value < *min) || (max && value > *max)) return refuse(range_message(min, max, format_ll));
    return Checked::valid(std::to_string(value));
}

Checked check_decimal(std::string_view text, std::optional<double> min, std::optional<double> max,
                      std::optional<int> max_decimals) {
    const Number n = parse_number(text, "12,50");
    if (!n.error.empty()) return refuse(n.error);
    if (max_decimals && n.fraction.size() > static_cast<std::size_t>(std::max(*max_decimals, 0))) {
        if (*max_decimals <= 0) return refuse("Saisissez un nombre entier, sans virgule.");
        return refuse("Saisissez au plus " + std::to_string(*max_decimals) + " chiffre" +
                      (*max_decimals > 1 ? "s" : "") + " après la virgule.");
    }
    std::string unsigned_value = n.whole.empty() ? "0" : n.whole;
    if (!n.fraction.empty()) unsigned_value += "." + n.fraction;
    const bool zero = n.whole.empty() && n.fraction.find_first_not_of('0') == std::string::npos;
    const std::string out = (n.negative && !zero ? "-" : "") + unsigned_value;
    if (min || max) {
        double value = 0;
        auto [ptr, ec] = std::from_chars(out.data(), out.data() + out.size(), value);
        if (ec != std::errc() || ptr != out.data() + out.size() || (min && value < *min) || (max && value > *max))
            return refuse(range_message(min, max, format_double));
    }
    return Checked::valid(out);
}

#undef NBSP

}  // namespace guichet::forms
