// The SEPA identifiers (kiosk/core/sepa/sepa.hpp): creditor identifier (ICS)
// and mandate reference (RUM).
#include "sepa/sepa.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace guichet;
using namespace guichet::sepa;

TEST_CASE("ICS: published creditor identifiers are accepted") {
    // FR46ZZZ005002: the DGFiP's (French tax administration) creditor identifier, as printed on
    // taxpayers' bank statements (https://casa-infos.fr/prelevement-fr46zzz005002/).
    CHECK(check_ics("FR46ZZZ005002").value() == "FR46ZZZ005002");
    // DE98ZZZ09999999999: the Deutsche Bundesbank's published test creditor identifier, the example of
    // the npm package creditor-id (https://npmjs.com/package/creditor-id).
    CHECK(check_ics("DE98ZZZ09999999999").value() == "DE98ZZZ09999999999");
    // Spaces and lower case as staff may type them; the business code is free ("FR12 PAR 123456" style).
    CHECK(check_ics("fr46 zzz 005002").value() == "FR46ZZZ005002");
    CHECK(check_ics("FR46ABC005002").value() == "FR46ABC005002");  // the business code is not checked
    CHECK(ics_check_digits("FR", "005002") == "46");
    CHECK(ics_check_digits("DE", "09999999999") == "98");
}

TEST_CASE("ICS: wrong check digits, length or characters are refused with the reason") {
    auto r = check_ics("FR47ZZZ005002");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("wrong check digits (47 instead of 46)") != std::string::npos);
    CHECK_FALSE(check_ics("FR46ZZZ005003"));          // one digit of the national identifier changed
    CHECK_FALSE(check_ics("FR00ZZZ000000"));          // a placeholder seen on sample forms
    CHECK_FALSE(check_ics("FR46ZZZ00500"));           // 12 characters: a French ICS has 13
    CHECK_FALSE(check_ics("FR46ZZZ0050022"));
    CHECK_FALSE(check_ics("FR4XZZZ005002"));          // check digits must be digits
    CHECK_FALSE(check_ics("46FRZZZ005002"));          // country first
    CHECK_FALSE(check_ics("FR46-ZZZ-005002"));        // only letters and digits
    CHECK_FALSE(check_ics(""));
    CHECK_FALSE(check_ics("FR46ZZZ"));
    CHECK(check_ics("FR46ZZZ00500").error().message.find("13") != std::string::npos);
}

TEST_CASE("RUM: the SEPA character set, at most 35, no space, no leading, trailing or double slash") {
    CHECK(check_rum("ANR1-7K3Q-1N2P3Q4-ABCDEFGH"));
    CHECK(check_rum("a-z/A?Z:(0).9,'+"));
    CHECK(check_rum(std::string(35, 'A')));
    CHECK_FALSE(check_rum(std::string(36, 'A')));
    CHECK_FALSE(check_rum(""));
    CHECK_FALSE(check_rum("ANR 123"));
    CHECK_FALSE(check_rum("ANR-é"));
    CHECK_FALSE(check_rum("ANR_123"));
    CHECK_FALSE(check_rum("/ANR123"));
    CHECK_FALSE(check_rum("ANR123/"));
    CHECK_FALSE(check_rum("ANR//123"));
    CHECK(check_rum("ANR 1").error().message.find("space") != std::string::npos);
}

TEST_CASE("RUM format 1: made from prefix, kiosk, time and randomness, valid and read back") {
    const std::array<std::uint8_t, 5> rnd{0x01, 0x23, 0x45, 0x67, 0x89};
    auto rum = make_rum("ANR", "borne-mairie-1", 1'800'000'000, rnd);
    REQUIRE(rum);
    CHECK(rum->size() == kRumLength);
    CHECK(rum->starts_with("ANR1-"));
    CHECK(check_rum(*rum));
    CHECK(rum->substr(18) == base32_crockford(0x0123456789, 8));
    auto parts = parse_kiosk_rum(*rum);
    REQUIRE(parts);
    CHECK(parts->prefix == "ANR");
    CHECK(parts->unix_time == 1'800'000'000);
    // The kiosk part depends on the kiosk id only.
    auto other = make_rum("ANR", "borne-mediatheque", 1'800'000'000, rnd);
    REQUIRE(other);
    CHECK(other->substr(5, 4) != rum->substr(5, 4));
    CHECK(make_rum("ANR", "borne-mairie-1", 1'900'000'000, rnd)->substr(5, 4) == rum->substr(5, 4));
    // Same kiosk, same second, other random bits: another RUM.
    std::set<std::string> seen;
    for (std::uint8_t i = 0; i < 50; ++i) seen.insert(*make_rum("ANR", "k", 1'800'000'000, {i, 0, 0, 0, 1}));
    CHECK(seen.size() == 50);
}

TEST_CASE("RUM format 1: bad inputs and foreign references") {
    const std::array<std::uint8_t, 5> rnd{};
    CHECK_FALSE(make_rum("AN", "k", 1, rnd));
    CHECK_FALSE(make_rum("anr", "k", 1, rnd));
    CHECK_FALSE(make_rum("ANR", "", 1, rnd));
    CHECK_FALSE(make_rum("ANR", "k", -1, rnd));
    CHECK_FALSE(parse_kiosk_rum("ANR-2026-000123"));             // a régie's own numbering: valid RUM, not a kiosk's
    CHECK(check_rum("ANR-2026-000123"));
    CHECK_FALSE(parse_kiosk_rum("ANR2-7K3Q-1N2P3Q4-ABCDEFGH"));  // another format version
    CHECK_FALSE(parse_kiosk_rum("ANR1-7K3Q-1N2P3Q4-ABCDEFGI"));  // I is not Crockford base 32
}
