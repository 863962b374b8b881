// Field validators: real identifiers from public examples, the same with
// typing errors, and the French messages residents read.
#include "forms/communes.hpp"
#include "forms/validators.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>

using namespace guichet::forms;

namespace {

const std::string kNbsp = "\u00A0";

// French typography of a resident-facing message: ’ not ', « » with
// no-break spaces, a no-break space before : ; ! ?, a capital first and a
// full stop (or question mark) last.
void check_typography(const std::string& m) {
    INFO("message: " << m);
    CHECK_FALSE(m.empty());
    CHECK(m.find('\'') == std::string::npos);
    CHECK(m.find('"') == std::string::npos);
    CHECK(m.find("  ") == std::string::npos);
    for (char mark : {':', ';', '!', '?'}) {
        for (std::size_t p = m.find(mark); p != std::string::npos; p = m.find(mark, p + 1)) {
            REQUIRE(p >= 2);
            CHECK(m.compare(p - 2, 2, kNbsp) == 0);
        }
    }
    for (std::size_t p = m.find("«"); p != std::string::npos; p = m.find("«", p + 1))
        CHECK(m.compare(p + 2, 2, kNbsp) == 0);
    for (std::size_t p = m.find("»"); p != std::string::npos; p = m.find("»", p + 1))
        CHECK(m.compare(p - 2, 2, kNbsp) == 0);
    const bool capital = (m[0] >= 'A' && m[0] <= 'Z') || m.starts_with("É") || m.starts_with("À");
    CHECK(capital);
    CHECK((m.ends_with(".") || m.ends_with("?")));
}

}  // namespace

#define CHECK_ACCEPTS(expr, expected)                  \
    do {                                               \
        const Checked c_ = (expr);                     \
        INFO(#expr << " → " << c_.message);            \
        CHECK(c_.ok);                                  \
        CHECK(c_.value == std::string(expected));      \
        CHECK(c_.message.empty());                     \
    } while (false)

// Refused, with a message containing FRAGMENT, in good French typography.
#define CHECK_REFUSES(expr, fragment)                                   \
    do {                                                                \
        const Checked c_ = (expr);                                      \
        INFO(#expr << " → " << c_.message);                             \
        CHECK_FALSE(c_.ok);                                             \
        CHECK(c_.value.empty());                                        \
        CHECK(c_.message.find(fragment) != std::string::npos);          \
        check_typography(c_.message);                                   \
    } while (false)

namespace {

// Independent references, written from the published definitions.

bool luhn(std::string_view digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

int digit_sum(std::string_view digits) {
    int sum = 0;
    for (char c : digits) sum += c - '0';
    return sum;
}

// NIR key: 97 − (13 digits mod 97), Corsica's 2A read as 19 and 2B as 18.
std::string nir_key(std::string body) {
    if (body.substr(5, 2) == "2A") body.replace(5, 2, "19");
    if (body.substr(5, 2) == "2B") body.replace(5, 2, "18");
    const auto key = 97 - std::stoull(body) % 97;
    return (key < 10 ? "0" : "") + std::to_string(key);
}

// IBAN check digits (ISO 13616): 98 − (BBAN, country, "00" mod 97), letters as 10…35.
std::string iban_check_digits(const std::string& country, const std::string& bban) {
    std::string digits;
    for (char c : bban + country + "00")
        digits += (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
    int rem = 0;
    for (char c : digits) rem = (rem * 10 + (c - '0')) % 97;
    const int check = 98 - rem;
    return (check < 10 ? "0" : "") + std::to_string(check);
}

std::string grouped4(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 4) out += (i ? " " : "") + s.substr(i, 4);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------

TEST_CASE("IBAN: published examples of SEPA countries are accepted and grouped by 4") {
    CHECK_ACCEPTS(check_iban("FR14 2004 1010 0505 0001 3M02 606"), "FR14 2004 1010 0505 0001 3M02 606");
    CHECK_ACCEPTS(check_iban("FR76 3000 6000 0112 3456 7890 189"), "FR76 3000 6000 0112 3456 7890 189");
    CHECK_ACCEPTS(check_iban("DE89 3704 0044 0532 0130 00"), "DE89 3704 0044 0532 0130 00");
    CHECK_ACCEPTS(check_iban("GB82 WEST 1234 5698 7654 32"), "GB82 WEST 1234 5698 7654 32");
    CHECK_ACCEPTS(check_iban("BE68 5390 0754 7034"), "BE68 5390 0754 7034");
    CHECK_ACCEPTS(check_iban("NL91ABNA0417164300"), "NL91 ABNA 0417 1643 00");
    CHECK_ACCEPTS(check_iban("CH9300762011623852957"), "CH93 0076 2011 6238 5295 7");
    CHECK_ACCEPTS(check_iban("LU280019400644750000"), "LU28 0019 4006 4475 0000");
    CHECK_ACCEPTS(check_iban("ES9121000418450200051332"), "ES91 2100 0418 4502 0005 1332");
    CHECK_ACCEPTS(check_iban("IT60X0542811101000000123456"), "IT60 X054 2811 1010 0000 0123 456");
    CHECK_ACCEPTS(check_iban("PT50000201231234567890154"), "PT50 0002 0123 1234 5678 9015 4");
    CHECK_ACCEPTS(check_iban("MC5811222000010123456789030"), "MC58 1122 2000 0101 2345 6789 030");
}

TEST_CASE("IBAN: lower case, spaces, dashes, dots and an IBAN label are accepted") {
    CHECK_ACCEPTS(check_iban("fr14 2004 1010 0505 0001 3m02 606"), "FR14 2004 1010 0505 0001 3M02 606");
    CHECK_ACCEPTS(check_iban("  de89-3704-0044-0532-0130-00 "), "DE89 3704 0044 0532 0130 00");
    CHECK_ACCEPTS(check_iban("BE68.5390.0754.7034"), "BE68 5390 0754 7034");
    CHECK_ACCEPTS(check_iban("IBAN\u00A0: FR76\u00A03000\u202F6000 0112 3456 7890 189"),
                  "FR76 3000 6000 0112 3456 7890 189");
}

TEST_CASE("IBAN: every single changed digit and every swap of adjacent digits is refused") {
    const std::string good = "DE89370400440532013000";
    REQUIRE(check_iban(good).ok);
    for (std::size_t i = 2; i < good.size(); ++i) {
        std::string typo = good;
        typo[i] = static_cast<char>('0' + (typo[i] - '0' + 1) % 10);
        CAPTURE(typo);
        CHECK_REFUSES(check_iban(typo), "L’IBAN n’est pas valide");
    }
    const std::string fr = "FR1420041010050500013M02606";
    for (std::size_t i = 2; i + 1 < fr.size(); ++i) {
        if (fr[i] == fr[i + 1] || fr[i] == 'M' || fr[i + 1] == 'M') continue;
        std::string swapped = fr;
        std::swap(swapped[i], swapped[i + 1]);
        CAPTURE(swapped);
        CHECK_REFUSES(check_iban(swapped), "L’IBAN n’est pas valide");
    }
    const Checked c = check_iban("FR14 2004 1010 0505 0001 3M02 607");
    CHECK(c.message == "L’IBAN n’est pas valide\u00A0: vérifiez les chiffres, une erreur de frappe est probable.");
}

TEST_CASE("IBAN: wrong length for the country is refused with both lengths") {
    CHECK_REFUSES(check_iban("DE89 3704 0044 0532 0130 0"), "Un IBAN DE comporte 22 caractères et vous en avez saisi 21");
    CHECK_REFUSES(check_iban("DE89 3704 0044 0532 0130 0"), "n’en manque aucun");
    CHECK_REFUSES(check_iban("FR14 2004 1010 0505 0001 3M02 6066"), "comporte 27 caractères et vous en avez saisi 28");
    CHECK_REFUSES(check_iban("FR14 2004 1010 0505 0001 3M02 6066"), "en trop");
    // Belgium's 16 put into a French-looking number.
    CHECK_REFUSES(check_iban("FR68 5390 0754 7034"), "Un IBAN FR comporte 27 caractères");
}

TEST_CASE("IBAN: country code, check digits, characters and BBAN layout") {
    CHECK_REFUSES(check_iban("ZZ68 5390 0754 7034"), "«\u00A0ZZ\u00A0»");
    CHECK_REFUSES(check_iban("US12 3456 7890 1234"), "«\u00A0US\u00A0»");  // a country, but no IBAN
    CHECK_REFUSES(check_iban("7614 2004 1010 0505 0001 3M02 606"), "deux lettres");
    CHECK_REFUSES(check_iban("FRA4 2004 1010 0505 0001 3M02 606"), "deux chiffres");
    CHECK_REFUSES(check_iban("FR14 2004 1010 0505 0001 3M02 60*"), "lettres et des chiffres");
    CHECK_REFUSES(check_iban("FR14 2004 1O10 0505 0001 3M02 606"),
                  "Le 10e caractère de l’IBAN doit être un chiffre\u00A0: avez-vous tapé la lettre O au lieu du chiffre 0\u00A0?");
    CHECK_REFUSES(check_iban("GB82 WE5T 1234 5698 7654 32"), "Le 7e caractère de l’IBAN doit être une lettre");
    CHECK_REFUSES(check_iban(""), "Saisissez votre IBAN");
    CHECK_REFUSES(check_iban("   "), "Saisissez votre IBAN");
}

TEST_CASE("IBAN: check digits 00, 01 and 99 are refused although they pass mod 97") {
    // Find French BBANs whose real check digits are 02, 97 and 98: 99, 00 and
    // 01 are congruent to them and never issued.
    std::string for02, for97, for98;
    for (int account = 0; account < 100000 && (for02.empty() || for97.empty() || for98.empty()); ++account) {
        std::string acc = std::to_string(account);
        const std::string bban = "3000600001" + std::string(11 - acc.size(), '0') + acc + "89";
        const std::string check = iban_check_digits("FR", bban);
        if (check == "02" && for02.empty()) for02 = bban;
        if (check == "97" && for97.empty()) for97 = bban;
        if (check == "98" && for98.empty()) for98 = bban;
    }
    REQUIRE_FALSE(for02.empty());
    REQUIRE_FALSE(for97.empty());
    REQUIRE_FALSE(for98.empty());
    CHECK_ACCEPTS(check_iban("FR02" + for02), grouped4("FR02" + for02));
    CHECK_ACCEPTS(check_iban("FR97" + for97), grouped4("FR97" + for97));
    CHECK_ACCEPTS(check_iban("FR98" + for98), grouped4("FR98" + for98));
    CHECK_REFUSES(check_iban("FR99" + for02), "L’IBAN n’est pas valide");
    CHECK_REFUSES(check_iban("FR00" + for97), "L’IBAN n’est pas valide");
    CHECK_REFUSES(check_iban("FR01" + for98), "L’IBAN n’est pas valide");
}

// ---------------------------------------------------------------------------
// BIC
// ---------------------------------------------------------------------------

TEST_CASE("BIC: 8 or 11 characters, bank letters, a real country") {
    CHECK_ACCEPTS(check_bic("BNPAFRPPXXX"), "BNPAFRPPXXX");
    CHECK_ACCEPTS(check_bic("AGRIFRPP"), "AGRIFRPP");
    CHECK_ACCEPTS(check_bic(" bnpa fr pp xxx "), "BNPAFRPPXXX");
    CHECK_ACCEPTS(check_bic("DEUTDEFF500"), "DEUTDEFF500");
    CHECK_ACCEPTS(check_bic("CCBPFRPPLIL"), "CCBPFRPPLIL");
    CHECK_REFUSES(check_bic("BNPAZZPP"), "«\u00A0ZZ\u00A0»");
    CHECK_REFUSES(check_bic("BNPAFRP"), "8 ou 11 caractères et vous en avez saisi 7");
    CHECK_REFUSES(check_bic("BNPAFRPPXX"), "8 ou 11 caractères et vous en avez saisi 10");
    CHECK_REFUSES(check_bic("BNP1FRPP"), "4 lettres");
    CHECK_REFUSES(check_bic("BNPA1RPP"), "code du pays");
    CHECK_REFUSES(check_bic("BNPA/FRPP"), "lettres et des chiffres");
    CHECK_REFUSES(check_bic(""), "Saisissez le BIC");
}

TEST_CASE("BIC: its country must agree with the IBAN's") {
    const char* fr_iban = "FR76 3000 6000 0112 3456 7890 189";
    CHECK_ACCEPTS(check_bic_for_iban("BNPAFRPPXXX", fr_iban), "BNPAFRPPXXX");
    CHECK_ACCEPTS(check_bic_for_iban("bfcorerx", fr_iban), "BFCORERX");  // La Réunion uses FR IBANs
    CHECK_ACCEPTS(check_bic_for_iban("BARCGB22", "GB82 WEST 1234 5698 7654 32"), "BARCGB22");
    CHECK_ACCEPTS(check_bic_for_iban("BARCJESH", "GB82 WEST 1234 5698 7654 32"), "BARCJESH");  // Jersey
    CHECK_REFUSES(check_bic_for_iban("DEUTDEFF", fr_iban), "Le BIC (pays DE) ne correspond pas à l’IBAN (pays FR)");
    CHECK_REFUSES(check_bic_for_iban("BNPAFRPP", "BE68 5390 0754 7034"), "(pays BE)");
    // An unreadable IBAN is the IBAN field's error: the BIC alone is judged.
    CHECK_ACCEPTS(check_bic_for_iban("BNPAFRPP", "n’importe quoi"), "BNPAFRPP");
    CHECK_REFUSES(check_bic_for_iban("BNPAZZPP", fr_iban), "«\u00A0ZZ\u00A0»");
}

// ---------------------------------------------------------------------------
// NIR
// ---------------------------------------------------------------------------

TEST_CASE("NIR: published examples") {
    // INSEE's example: 1841276451089 = 97 × 18982231454 + 51, key 97 − 51 = 46.
    CHECK(1841276451089ULL % 97 == 51);
    CHECK_ACCEPTS(check_nir("1 84 12 76 451 089 46"), "1 84 12 76 451 089 46");
    // French Wikipedia's example (woman born in August 1955 in Calvados).
    CHECK_ACCEPTS(check_nir("2 55 08 14 168 025 38"), "2 55 08 14 168 025 38");
    // python-stdnum's examples: born abroad (99), and born in Corsica.
    CHECK_ACCEPTS(check_nir("295109912611193"), "2 95 10 99 126 111 93");
    CHECK_ACCEPTS(check_nir("253072B07300470"), "2 53 07 2B 073 004 70");
    CHECK_ACCEPTS(check_nir("253072A07300443"), "2 53 07 2A 073 004 43");
    CHECK(nir_key("253072B073004") == "70");
    CHECK(nir_key("253072A073004") == "43");
}

TEST_CASE("NIR: keys computed from the formula, separators and lower case") {
    for (std::string body : {"1850759350123", "2991162041007", "1600520350001", "2010799135042", "1781197411023"}) {
        const std::string nir = body + nir_key(body);
        CAPTURE(nir);
        CHECK(check_nir(nir).ok);
        CHECK(check_nir(nir.substr(0, 1) + "." + nir.substr(1, 2) + "." + nir.substr(3, 2) + "-" + nir.substr(5)).ok);
    }
    const std::string lille = "1850759350123" + nir_key("1850759350123");
    CHECK_ACCEPTS(check_nir(lille), "1 85 07 59 350 123 " + lille.substr(13));
    // Key 97 (the 13 digits a multiple of 97) is a valid key; 00 never is.
    const std::uint64_t multiple = 1850759350000ULL + (97 - 1850759350000ULL % 97) % 97;
    REQUIRE(multiple % 97 == 0);
    const std::string m = std::to_string(multiple);
    REQUIRE(nir_key(m) == "97");
    CHECK_ACCEPTS(check_nir(m + "97"), "1 85 07 59 350 " + m.substr(10, 3) + " 97");
    CHECK_REFUSES(check_nir(m + "00"), "n’est pas valide");
}

TEST_CASE("NIR: Corsica 2A and 2B") {
    const std::string a = "190052A004012", b13 = "288112B033045";
    CHECK_ACCEPTS(check_nir(a + nir_key(a)), "1 90 05 2A 004 012 " + nir_key(a));
    CHECK_ACCEPTS(check_nir("1 90 05 2a 004 012 " + nir_key(a)), "1 90 05 2A 004 012 " + nir_key(a));
    CHECK_ACCEPTS(check_nir(b13 + nir_key(b13)), "2 88 11 2B 033 045 " + nir_key(b13));
    // The key of the same number read with 20 (the pre-1976 code) or with 2A
    // and 2B swapped is wrong.
    std::string as20 = a;
    as20.replace(5, 2, "20");
    REQUIRE(nir_key(as20) != nir_key(a));
    CHECK_REFUSES(check_nir(a + nir_key(as20)), "n’est pas valide");
    std::string swapped = b13;
    swapped[6] = 'A';
    REQUIRE(nir_key(swapped) != nir_key(b13));
    CHECK_REFUSES(check_nir(b13 + nir_key(swapped)), "n’est pas valide");
    // 20 itself (born in Corsica before 1976) is a plain number.
    CHECK(check_nir(as20 + nir_key(as20)).ok);
    // Letters elsewhere, or another letter, are refused.
    CHECK_REFUSES(check_nir("190052C00401200"), "A ou B");
    CHECK_REFUSES(check_nir("19005A2004012" + nir_key(a)), "A ou B");
}

TEST_CASE("NIR: wrong key, length, sex and month") {
    CHECK_REFUSES(check_nir("1 84 12 76 451 089 47"), "Le numéro de sécurité sociale n’est pas valide");
    CHECK_REFUSES(check_nir("1 84 12 76 451 098 46"), "n’est pas valide");  // swapped order digits
    CHECK_REFUSES(check_nir("1 84 12 76 451 089"), "ajoutez la clé");
    CHECK_REFUSES(check_nir("1 84 12 76 451 089 4"),
                  "Le numéro de sécurité sociale doit comporter 15 chiffres (13 chiffres et une clé de 2 chiffres)");
    CHECK_REFUSES(check_nir("1 84 12 76 451 089 4"), "vous en avez saisi 14");
    CHECK_REFUSES(check_nir("1 84 12 76 451 089 466"), "vous en avez saisi 16");
    CHECK_REFUSES(check_nir(""), "Saisissez votre numéro de sécurité sociale");
    for (std::string body : {"5841276451089", "0841276451089", "9841276451089"}) {
        CAPTURE(body);
        CHECK_REFUSES(check_nir(body + nir_key(body)), "commence par 1 ou 2");
    }
    for (std::string body : {"1841376451089", "1840076451089", "1841976451089", "1844376451089", "1844976451089"}) {
        CAPTURE(body);
        CHECK_REFUSES(check_nir(body + nir_key(body)), "mois de naissance");
    }
    // Pseudo-months for an unknown month, and temporary numbers (7, 8; 3, 4).
    for (std::string body : {"1842076451089", "1843576451089", "1844276451089", "1845076451089", "1849976451089",
                             "7841299123001", "8841299123001", "3841299123001", "4841299123001"}) {
        CAPTURE(body);
        CHECK(check_nir(body + nir_key(body)).ok);
    }
}

// ---------------------------------------------------------------------------
// SIREN, SIRET
// ---------------------------------------------------------------------------

TEST_CASE("SIREN: 9 digits and Luhn") {
    CHECK_ACCEPTS(check_siren("732829320"), "732 829 320");
    CHECK_ACCEPTS(check_siren("732 829 320"), "732 829 320");
    CHECK_ACCEPTS(check_siren("443.061.841"), "443 061 841");
    CHECK_ACCEPTS(check_siren("356000000"), "356 000 000");  // La Poste
    REQUIRE_FALSE(luhn("732829321"));
    CHECK_REFUSES(check_siren("732829321"), "Le numéro SIREN n’est pas valide");
    CHECK_REFUSES(check_siren("738229320"), "n’est pas valide");
    CHECK_REFUSES(check_siren("000000000"), "n’est pas valide");
    CHECK_REFUSES(check_siren("73282932"), "9 chiffres et vous en avez saisi 8");
    CHECK_REFUSES(check_siren("73282932000074"), "c’est un numéro SIRET");
    CHECK_REFUSES(check_siren("73282932O"), "que des chiffres");
}

TEST_CASE("SIRET: 14 digits, Luhn, and La Poste's exception") {
    CHECK_ACCEPTS(check_siret("73282932000074"), "732 829 320 00074");
    CHECK_ACCEPTS(check_siret("732 829 320 00074"), "732 829 320 00074");
    CHECK_ACCEPTS(check_siret("44306184100047"), "443 061 841 00047");
    CHECK_REFUSES(check_siret("73282932000075"), "Le numéro SIRET n’est pas valide");
    CHECK_REFUSES(check_siret("7328293200007"), "14 chiffres et vous en avez saisi 13");
    CHECK_REFUSES(check_siret("732829320"), "c’est un numéro SIREN");

    // La Poste's head office passes Luhn (its digit sum, 26, is no multiple of 5).
    REQUIRE(luhn("35600000000048"));
    REQUIRE(digit_sum("35600000000048") % 5 != 0);
    CHECK_ACCEPTS(check_siret("35600000000048"), "356 000 000 00048");
    // A La Poste establishment: digit sum a multiple of 5, Luhn fails.
    REQUIRE_FALSE(luhn("35600000049837"));
    REQUIRE(digit_sum("35600000049837") % 5 == 0);
    CHECK_ACCEPTS(check_siret("356 000 000 49837"), "356 000 000 49837");
    // Neither rule.
    REQUIRE_FALSE(luhn("35600000049838"));
    REQUIRE(digit_sum("35600000049838") % 5 != 0);
    CHECK_REFUSES(check_siret("35600000049838"), "n’est pas valide");
    // The digit-sum rule is La Poste's alone.
    REQUIRE_FALSE(luhn("73282932000004"));
    REQUIRE(digit_sum("73282932000004") % 5 == 0);
    CHECK_REFUSES(check_siret("73282932000004"), "n’est pas valide");
    // 14 digits passing Luhn on an invalid SIREN.
    REQUIRE(luhn("73282932100007"));
    REQUIRE_FALSE(luhn("732829321"));
    CHECK_REFUSES(check_siret("73282932100007"), "n’est pas valide");
    CHECK_REFUSES(check_siret("00000000000000"), "n’est pas valide");
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

TEST_CASE("E-mail: accepted addresses, domain in lower case") {
    CHECK_ACCEPTS(check_email("Jean.Dupont@Orange.FR"), "Jean.Dupont@orange.fr");
    CHECK_ACCEPTS(check_email("  accueil@mairie-anor.fr \u00A0"), "accueil@mairie-anor.fr");
    CHECK_ACCEPTS(check_email("marie-claire+cantine@laposte.net"), "marie-claire+cantine@laposte.net");
    CHECK_ACCEPTS(check_email("o'brien@exemple.co.uk"), "o'brien@exemple.co.uk");
    CHECK_ACCEPTS(check_email("contact@exemple.xn--p1ai"), "contact@exemple.xn--p1ai");
}

TEST_CASE("E-mail: refused addresses say what to fix") {
    CHECK_REFUSES(check_email("jean.dupont"), "Il manque le «\u00A0@\u00A0»");
    CHECK_REFUSES(check_email("jean.dupont.orange.fr"), "Il manque le");
    CHECK_REFUSES(check_email("jean@dupont@orange.fr"), "qu’un seul");
    CHECK_REFUSES(check_email("@orange.fr"), "précède");
    CHECK_REFUSES(check_email("jean@"), "suit");
    CHECK_REFUSES(check_email("jean@orange"), "domaine complet");
    CHECK_REFUSES(check_email("jean@orange,fr"), "virgule");
    CHECK_REFUSES(check_email("jean dupont@orange.fr"), "espace");
    CHECK_REFUSES(check_email("jean@orange .fr"), "espace");
    CHECK_REFUSES(check_email("jérôme@orange.fr"), "accent");
    CHECK_REFUSES(check_email("jean..dupont@orange.fr"), "point mal placé");
    CHECK_REFUSES(check_email(".jean@orange.fr"), "point mal placé");
    CHECK_REFUSES(check_email("jean.@orange.fr"), "point mal placé");
    CHECK_REFUSES(check_email("jean(dupont)@orange.fr"), "caractère non autorisé");
    CHECK_REFUSES(check_email("jean@-orange.fr"), "Le domaine");
    CHECK_REFUSES(check_email("jean@orange..fr"), "Le domaine");
    CHECK_REFUSES(check_email("jean@orange.fr."), "Le domaine");
    CHECK_REFUSES(check_email("jean@orange_sa.fr"), "Le domaine");
    CHECK_REFUSES(check_email("jean@orange.f"), "extension");
    CHECK_REFUSES(check_email("jean@10.0.0.1"), "extension");
    CHECK_REFUSES(check_email(std::string(65, 'a') + "@orange.fr"), "trop longue (64 caractères au plus)");
    CHECK_ACCEPTS(check_email(std::string(64, 'a') + "@orange.fr"), std::string(64, 'a') + "@orange.fr");
    CHECK_REFUSES(check_email(""), "Saisissez votre adresse électronique");
}

// ---------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------

TEST_CASE("Phone: national and +33 forms, normalised by pairs") {
    CHECK_ACCEPTS(check_french_phone("03 27 59 51 11"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("0327595111"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("+33 3 27 59 51 11"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("0033327595111"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("00 33 3 27 59 51 11"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("+33 (0)3 27 59 51 11"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("03.27.59.51.11"), "03 27 59 51 11");
    CHECK_ACCEPTS(check_french_phone("06-12-34-56-78"), "06 12 34 56 78");
    CHECK_ACCEPTS(check_french_phone("09\u00A087\u00A065\u00A043\u00A021"), "09 87 65 43 21");
}

TEST_CASE("Phone: refused numbers") {
    CHECK_REFUSES(check_french_phone("00 00 00 00 00"), "commence par 0 suivi d’un chiffre de 1 à 9");
    CHECK_REFUSES(check_french_phone("3 27 59 51 11 0"), "commence par 0");
    CHECK_REFUSES(check_french_phone("03 27 59 51"), "10 chiffres et vous en avez saisi 8");
    CHECK_REFUSES(check_french_phone("03 27 59 51 11 1"), "vous en avez saisi 11");
    CHECK_REFUSES(check_french_phone("+33 3 27 59"), "Après +33, un numéro comporte 9 chiffres");
    CHECK_REFUSES(check_french_phone("+44 20 7946 0000"), "numéro de téléphone français");
    CHECK_REFUSES(check_french_phone("0044 20 7946 0000"), "numéro de téléphone français");
    CHECK_REFUSES(check_french_phone("03 27 AB 51 11"), "que des chiffres");
    CHECK_REFUSES(check_french_phone(""), "Saisissez votre numéro de téléphone");
}

// ---------------------------------------------------------------------------
// Postal code and commune
// ---------------------------------------------------------------------------

TEST_CASE("Postal code: 5 digits of a French département") {
    CHECK_ACCEPTS(check_postal_code("59186"), "59186");
    CHECK_ACCEPTS(check_postal_code(" 59 186 "), "59186");
    CHECK_ACCEPTS(check_postal_code("20000"), "20000");
    CHECK_ACCEPTS(check_postal_code("97411"), "97411");
    CHECK_ACCEPTS(check_postal_code("98000"), "98000");
    CHECK_REFUSES(check_postal_code("5918"), "5 chiffres et vous en avez saisi 4");
    CHECK_REFUSES(check_postal_code("591860"), "vous en avez saisi 6");
    CHECK_REFUSES(check_postal_code("59l86"), "que des chiffres");
    CHECK_REFUSES(check_postal_code("00186"), "Le code postal 00186 n’existe pas");
    CHECK_REFUSES(check_postal_code("96000"), "n’existe pas");
    CHECK_REFUSES(check_postal_code(""), "Saisissez le code postal");
}

TEST_CASE("Postal code: must be one of the commune's") {
    // Real entries of the La Poste / Etalab postcode list.
    auto dir = CommuneDirectory::from_json(R"([
        {"insee":"59012","nom":"Anor","cp":["59186"]},
        {"insee":"2A004","nom":"Ajaccio","cp":["20000","20090","20129","20166","20167"]},
        {"insee":"59350","nom":"Lille","cp":["59000","59160","59260","59777","59800"]},
        {"insee":"59136","nom":"Le Cateau-Cambrésis","cp":["59360"]},
        {"insee":"93045","nom":"Les Lilas","cp":["93260"]},
        {"insee":"59368","nom":"La Madeleine","cp":["59110"]},
        {"insee":"76758","nom":"Yvetot","cp":["76190"]},
        {"insee":"31555","nom":"Toulouse","cp":["31000","31100","31200","31300","31400","31500","31998"]}
    ])");
    REQUIRE(dir.ok());
    const CommuneDirectory& d = dir.value();

    CHECK_ACCEPTS(check_postal_code_for_commune("59186", "59012", d), "59186");
    CHECK_ACCEPTS(check_postal_code_for_commune("20090", "2A004", d), "20090");
    CHECK_ACCEPTS(check_postal_code_for_commune(" 20 090", "2a004", d), "20090");
    CHECK_ACCEPTS(check_postal_code_for_commune("59777", "59350", d), "59777");

    const Checked anor = check_postal_code_for_commune("59000", "59012", d);
    CHECK_FALSE(anor.ok);
    CHECK(anor.message == "Le code postal 59000 ne correspond pas à la commune d’Anor\u00A0: son code postal est 59186.");
    check_typography(anor.message);
    CHECK_REFUSES(check_postal_code_for_commune("59186", "2A004", d),
                  "la commune d’Ajaccio\u00A0: ses codes postaux sont 20000, 20090, 20129, 20166 et 20167.");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "59350", d), "la commune de Lille");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "59136", d), "la commune du Cateau-Cambrésis");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "93045", d), "la commune des Lilas");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "59368", d), "la commune de La Madeleine");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "76758", d), "la commune d’Yvetot");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "31555", d), "vérifiez le code postal ou la commune");
    CHECK_REFUSES(check_postal_code_for_commune("59186", "99999", d), "la commune choisie");
    // The postal code's own error comes first.
    CHECK_REFUSES(check_postal_code_for_commune("5918", "59012", d), "5 chiffres");
}

// ---------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------

TEST_CASE("Date: French forms, ISO value") {
    CHECK_ACCEPTS(check_date_fr("29/02/2024"), "2024-02-29");
    CHECK_ACCEPTS(check_date_fr("1/2/2026"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("01-02-2026"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("01.02.2026"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr(" 01 02 2026 "), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("01 / 02 / 2026"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("01022026"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("2026-02-01"), "2026-02-01");
    CHECK_ACCEPTS(check_date_fr("29/02/2000"), "2000-02-29");  // divisible by 400
    CHECK_ACCEPTS(check_date_fr("01/01/1900"), "1900-01-01");
    CHECK_ACCEPTS(check_date_fr("31/12/2100"), "2100-12-31");
}

TEST_CASE("Date: impossible dates and wrong forms") {
    CHECK_REFUSES(check_date_fr("29/02/2026"), "Le 29/02/2026 n’existe pas\u00A0: il n’y a que 28 jours en février 2026.");
    CHECK_REFUSES(check_date_fr("29/02/1900"), "Le 29/02/1900 n’existe pas");  // divisible by 100
    CHECK_REFUSES(check_date_fr("31/04/2026"), "Le 31/04/2026 n’existe pas\u00A0: il n’y a que 30 jours en avril.");
    CHECK_REFUSES(check_date_fr("31/6/2026"), "Le 31/06/2026 n’existe pas");
    CHECK_REFUSES(check_date_fr("13/13/2026"), "Le mois 13 n’existe pas");
    CHECK_REFUSES(check_date_fr("01/00/2026"), "Le mois 00 n’existe pas");
    CHECK_REFUSES(check_date_fr("32/01/2026"), "Le jour 32 n’existe pas");
    CHECK_REFUSES(check_date_fr("00/01/2026"), "Le jour 00 n’existe pas");
    CHECK_REFUSES(check_date_fr("01/01/1899"), "entre 1900 et 2100");
    CHECK_REFUSES(check_date_fr("01/01/2101"), "entre 1900 et 2100");
    CHECK_REFUSES(check_date_fr("1/2/26"), "4 chiffres");
    CHECK_REFUSES(check_date_fr("01//02/2026"), "JJ/MM/AAAA");
    CHECK_REFUSES(check_date_fr("01/02/2026/"), "JJ/MM/AAAA");
    CHECK_REFUSES(check_date_fr("01/02"), "JJ/MM/AAAA");
    CHECK_REFUSES(check_date_fr("le 1er février"), "JJ/MM/AAAA");
    CHECK_REFUSES(check_date_fr("001/02/2026"), "JJ/MM/AAAA");
    CHECK_REFUSES(check_date_fr(""), "JJ/MM/AAAA");
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

TEST_CASE("Integer: forms, bounds and messages") {
    CHECK_ACCEPTS(check_integer("12"), "12");
    CHECK_ACCEPTS(check_integer(" 1 000 "), "1000");
    CHECK_ACCEPTS(check_integer("1\u00A0250\u202F000"), "1250000");
    CHECK_ACCEPTS(check_integer("-5"), "-5");
    CHECK_ACCEPTS(check_integer("\u22123"), "-3");
    CHECK_ACCEPTS(check_integer("+7"), "7");
    CHECK_ACCEPTS(check_integer("007"), "7");
    CHECK_ACCEPTS(check_integer("-0"), "0");
    CHECK_ACCEPTS(check_integer("1", 1, 10), "1");
    CHECK_ACCEPTS(check_integer("10", 1, 10), "10");
    CHECK_ACCEPTS(check_integer("-9223372036854775808"), "-9223372036854775808");
    CHECK_REFUSES(check_integer("0", 1, 10), "Saisissez un nombre compris entre 1 et 10.");
    CHECK_REFUSES(check_integer("11", 1, 10), "compris entre 1 et 10");
    CHECK_REFUSES(check_integer("0", 1, std::nullopt), "Saisissez un nombre supérieur ou égal à 1.");
    CHECK_REFUSES(check_integer("25000", std::nullopt, 20000), "inférieur ou égal à 20\u00A0000.");
    CHECK_REFUSES(check_integer("2101", 1900, 2100), "entre 1900 et 2100");
    CHECK_REFUSES(check_integer("12,5"), "entier, sans virgule");
    CHECK_REFUSES(check_integer("1.000"), "entier, sans virgule");
    CHECK_REFUSES(check_integer("12a"), "en chiffres");
    CHECK_REFUSES(check_integer("1 00"), "sans espace");
    CHECK_REFUSES(check_integer("- 3"), "en chiffres");
    CHECK_REFUSES(check_integer("99999999999999999999"), "trop grand");
    CHECK_REFUSES(check_integer("99999999999999999999", 0, 100), "compris entre 0 et 100");
    CHECK_REFUSES(check_integer(""), "Saisissez un nombre");
}

TEST_CASE("Decimal: comma or dot, normalised with a dot") {
    CHECK_ACCEPTS(check_decimal("12,50"), "12.50");
    CHECK_ACCEPTS(check_decimal("12.5"), "12.5");
    CHECK_ACCEPTS(check_decimal("1 234,56"), "1234.56");
    CHECK_ACCEPTS(check_decimal(",5"), "0.5");
    CHECK_ACCEPTS(check_decimal("12,"), "12");
    CHECK_ACCEPTS(check_decimal("-3,25"), "-3.25");
    CHECK_ACCEPTS(check_decimal("-0,00"), "0.00");
    CHECK_ACCEPTS(check_decimal("0012,50"), "12.50");
    CHECK_ACCEPTS(check_decimal("10,00", 0.0, 10.0), "10.00");
    CHECK_ACCEPTS(check_decimal("0,5", 0.5, std::nullopt), "0.5");
    CHECK_ACCEPTS(check_decimal("12,50", std::nullopt, std::nullopt, 2), "12.50");
    CHECK_REFUSES(check_decimal("12,505", std::nullopt, std::nullopt, 2), "au plus 2 chiffres après la virgule");
    CHECK_REFUSES(check_decimal("12,5", std::nullopt, std::nullopt, 0), "sans virgule");
    CHECK_REFUSES(check_decimal("10,01", 0.0, 10.0), "compris entre 0 et 10.");
    CHECK_REFUSES(check_decimal("0,25", 0.5, std::nullopt), "supérieur ou égal à 0,5.");
    CHECK_REFUSES(check_decimal("15000", std::nullopt, 12500.5), "inférieur ou égal à 12\u00A0500,5.");
    CHECK_REFUSES(check_decimal("1.234,56"), "une seule virgule");
    CHECK_REFUSES(check_decimal("12,5,0"), "une seule virgule");
    CHECK_REFUSES(check_decimal("12 50"), "sans espace");
    CHECK_REFUSES(check_decimal("12, 50"), "en chiffres");
    CHECK_REFUSES(check_decimal("douze"), "en chiffres");
    CHECK_REFUSES(check_decimal(","), "en chiffres");
    CHECK_REFUSES(check_decimal("12€"), "en chiffres");
    CHECK_REFUSES(check_decimal(std::string(31, '1')), "trop long");
}
