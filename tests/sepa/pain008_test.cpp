// pain.008.001.02 and .08 (kiosk/core/sepa/pain008.hpp): schema-valid files,
// sequence types, control sums, amendments, bad input.
#include "pain008_support.hpp"
#include "sepa/pain008.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::sepa;

namespace {

// Test accounts with valid check digits (RIB key and IBAN), not real accounts.
constexpr const char* kIbanA = "FR76 3000 6000 0112 3456 7890 189";
constexpr const char* kIbanA2 = "FR7630006000019876543210076";  // same bank (30006), another account
constexpr const char* kIbanB = "FR1420041010050500013M02606";   // another bank (20041)

Batch sample_batch() {
    Batch b;
    b.message_id = "REGIE-20261207-0001";
    b.created_at = "2026-12-07T20:00:00";
    b.collection_date = "2026-12-15";
    b.creditor = {"Régie municipale de la Ville d’Anor", "FR46ZZZ005002", "FR7610278060000002011420114", "CMCIFR2A"};
    b.debits.push_back({"F2026-0001", 4250, "ANR1-7K3Q-1N2P3Q4-ABCDEFGH", "2026-11-02", "Hélène Lefèvre", kIbanA,
                        "AGRIFRPPXXX", Sequence::frst, "Cantine novembre 2026", false, "", false});
    b.debits.push_back({"F2026-0002", 1999, "ANR1-7K3Q-1N2P3Q5-ABCDEFGJ", "2026-09-01", "Jean Dupont", kIbanB,
                        "PSSTFRPPLIL", Sequence::rcur, "Accueil de loisirs", false, "", false});
    b.debits.push_back({"F2026-0003", 1001, "ANR1-7K3Q-1N2P3Q6-ABCDEFGK", "2026-09-01", "Œdipe Müller", kIbanA,
                        "AGRIFRPP", Sequence::rcur, "", false, "", false});
    b.debits.push_back({"F2026-0004", 700, "ANR1-7K3Q-1N2P3Q7-ABCDEFGM", "2026-12-01", "Zoé Martin", kIbanB,
                        "PSSTFRPPLIL", Sequence::ooff, "Sortie", false, "", false});
    b.debits.push_back({"F2026-0005", 1234, "ANR1-7K3Q-1N2P3Q8-ABCDEFGN", "2025-01-10", "Paul Roy", kIbanA,
                        "AGRIFRPP", Sequence::fnal, "Dernière facture", false, "", false});
    return b;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

// The document without its line breaks and indentation, for checks that span elements.
std::string flat(const std::string& xml) {
    std::string out;
    for (std::size_t i = 0; i < xml.size(); ++i) {
        if (xml[i] != '\n') {
            out += xml[i];
            continue;
        }
        while (i + 1 < xml.size() && xml[i + 1] == ' ') ++i;
    }
    return out;
}

void check_valid(const std::string& xml, PainVersion v) {
    test::TempDir dir;
    test::write_all(dir / "out.xml", as_bytes(xml));
    std::string out;
    int rc = test::xmllint_validate(dir / "out.xml", v, &out);
    INFO(out);
    CHECK(rc == 0);
}

}  // namespace

TEST_CASE("pain.008.001.02 and .08: one block per sequence type, valid against the ISO 20022 schema") {
    for (PainVersion v : {PainVersion::v02, PainVersion::v08}) {
        auto xml = write_pain008(sample_batch(), v);
        REQUIRE(xml);
        check_valid(*xml, v);
        CHECK(count(*xml, "<PmtInf>") == 4);
        CHECK(count(*xml, "<SeqTp>FRST</SeqTp>") == 1);
        CHECK(count(*xml, "<SeqTp>RCUR</SeqTp>") == 1);
        CHECK(count(*xml, "<SeqTp>OOFF</SeqTp>") == 1);
        CHECK(count(*xml, "<SeqTp>FNAL</SeqTp>") == 1);
        CHECK(count(*xml, "<DrctDbtTxInf>") == 5);
        // Group control sum and per-block sums (RCUR: 19.99 + 10.01).
        CHECK(flat(*xml).find("<NbOfTxs>5</NbOfTxs><CtrlSum>91.84</CtrlSum>") != std::string::npos);
        CHECK(flat(*xml).find("<NbOfTxs>2</NbOfTxs><CtrlSum>30.00</CtrlSum>") != std::string::npos);
        CHECK(xml->find("<PmtInfId>REGIE-20261207-0001-RCUR</PmtInfId>") != std::string::npos);
        CHECK(xml->find("<InstdAmt Ccy=\"EUR\">7.00</InstdAmt>") != std::string::npos);
        CHECK(xml->find("<Id>FR46ZZZ005002</Id>") != std::string::npos);
        // Names reduced to the SEPA set.
        CHECK(xml->find("<Nm>Helene Lefevre</Nm>") != std::string::npos);
        CHECK(xml->find("<Nm>OEdipe Muller</Nm>") != std::string::npos);
        CHECK(xml->find("<Nm>Regie municipale de la Ville d'Anor</Nm>") != std::string::npos);
        CHECK(xml->find(v == PainVersion::v08 ? "<BICFI>AGRIFRPPXXX</BICFI>" : "<BIC>AGRIFRPPXXX</BIC>") != std::string::npos);
        CHECK(xml->find(v == PainVersion::v08 ? "pain.008.001.08" : "pain.008.001.02") != std::string::npos);
        CHECK(count(*xml, "<AmdmntInd>false</AmdmntInd>") == 5);
    }
}

TEST_CASE("pain.008 amendments: same bank sends the original IBAN, another bank SMNDA and FRST") {
    Batch b = sample_batch();
    b.debits.resize(2);
    // Same bank, new account: RCUR goes on, the original account is named.
    b.debits[0] = {"F1", 1000, "ANR1-7K3Q-1N2P3Q4-ABCDEFGH", "2026-09-01", "Hélène Lefèvre", kIbanA2, "AGRIFRPP",
                   Sequence::rcur, "", true, kIbanA, false};
    // Another bank: "same mandate, new debtor agent", collected as a first debit.
    b.debits[1] = {"F2", 2000, "ANR1-7K3Q-1N2P3Q5-ABCDEFGJ", "2026-09-01", "Jean Dupont", kIbanB, "PSSTFRPPLIL",
                   Sequence::frst, "", true, "", true};
    for (PainVersion v : {PainVersion::v02, PainVersion::v08}) {
        auto xml = write_pain008(b, v);
        REQUIRE(xml);
        check_valid(*xml, v);
        CHECK(count(*xml, "<AmdmntInd>true</AmdmntInd>") == 2);
        CHECK(flat(*xml).find("<OrgnlDbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN>") != std::string::npos);
        CHECK(xml->find("<Id>SMNDA</Id>") != std::string::npos);
    }
    b.debits[1].sequence = Sequence::rcur;
    auto refused = write_pain008(b, PainVersion::v02);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("FRST") != std::string::npos);
}

TEST_CASE("pain.008 bad input: amount, date, IBAN, BIC, RUM, ICS, ids") {
    auto refused = [](auto change) {
        Batch b = sample_batch();
        change(b);
        auto r = write_pain008(b, PainVersion::v02);
        return r ? std::string() : r.error().message;
    };
    CHECK(refused([](Batch& b) { b.debits[0].amount_cents = 0; }).find("amount 0.00") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[0].amount_cents = -5; }).find("amount") != std::string::npos);
    CHECK(refused([](Batch& b) { b.collection_date = "15/12/2026"; }).find("collection date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.collection_date = "2026-13-01"; }).find("collection date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.collection_date = "2026-02-30"; }).find("collection date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.collection_date = "2027-02-29"; }).find("collection date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[0].signed_on = "2026-04-31"; }).find("signature date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[1].signed_on = ""; }).find("signature date") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[1].debtor_iban = "FR7630006000011234567890188"; }).find("IBAN") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[1].debtor_bic = "DEUTDEFF"; }).find("BIC") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[1].rum = "ANR 1"; }).find("RUM") != std::string::npos);
    CHECK(refused([](Batch& b) { b.creditor.ics = "FR47ZZZ005002"; }).find("check digits") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[2].end_to_end_id = std::string(36, 'X'); }).find("end-to-end") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits.clear(); }).find("no debit") != std::string::npos);
    CHECK(refused([](Batch& b) { b.debits[3].debtor_name = "   "; }).find("no name") != std::string::npos);
    CHECK(refused([](Batch&) {}).empty());
}

TEST_CASE("SEPA text: French letters transliterated, others replaced, cut to the limit") {
    CHECK(to_sepa_text("Éloïse Çà et là — « cœur »", 70) == "Eloise Ca et la - coeur");
    CHECK(to_sepa_text("Ana\xC2\xA0Pérez\t#1", 70) == "Ana Perez .1");
    CHECK(to_sepa_text("abcdef", 3) == "abc");
    CHECK(to_sepa_text("\xFF\xFE", 10) == "..");
    CHECK(format_amount(5) == "0.05");
    CHECK(format_amount(123456) == "1234.56");
}

TEST_CASE("pain.008 schema check: a file missing a mandatory element is refused by xmllint") {
    auto xml = write_pain008(sample_batch(), PainVersion::v02);
    REQUIRE(xml);
    std::string broken = *xml;
    broken.erase(broken.find("<PmtMtd>DD</PmtMtd>"), std::string("<PmtMtd>DD</PmtMtd>").size());
    test::TempDir dir;
    test::write_all(dir / "broken.xml", as_bytes(broken));
    std::string out;
    CHECK(test::xmllint_validate(dir / "broken.xml", PainVersion::v02, &out) != 0);
    CHECK(out.find("PmtMtd") != std::string::npos);
}
