// IBAN and BIC (see validators.hpp).
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

namespace {

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

}  // namespace guichet::forms
