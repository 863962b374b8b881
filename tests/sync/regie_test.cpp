// The régie's mandate register and pain.008 files (sync/partner/regie_register.hpp, docs/sepa.md §3–4):
// import of mandate démarches, sequence types, amendments, revocation, bad input, and the
// `guichet-partner regie` commands end to end with xmllint on their files.
#include "../sepa/pain008_support.hpp"
#include "crypto/recipient/box_open.hpp"
#include "demarche/submit.hpp"
#include "partner/regie_register.hpp"
#include "sepa/sepa.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ctime>

using namespace guichet;
using namespace guichet::sync::regie;
using nlohmann::json;

namespace {

constexpr const char* kIcs = "FR56ZZZ590120";
constexpr const char* kIbanA = "FR7630006000011234567890189";
constexpr const char* kIbanA2 = "FR7630006000019876543210076";  // same bank (30006)
constexpr const char* kIbanB = "FR1420041010050500013M02606";   // another bank (20041)
constexpr std::int64_t kNow = 1'800'000'000;

std::string rum_n(int n) {
    return *sepa::make_rum("ANR", "borne-mairie", kNow, {0, 0, 0, 0, static_cast<std::uint8_t>(n)});
}

// A démarche folder as `guichet-partner fetch` writes it (demarche.json, info.json).
void write_demarche(const std::filesystem::path& dir, const std::string& uuid, const std::string& rum,
                    const std::string& type = "recurrent", const std::string& signed_on = "2026-12-01",
                    const std::string& ics = kIcs) {
    json payload = {{"format", 2},
                    {"form", {{"id", "mandat-sepa"}, {"version", 2}, {"title", "Mandat"}}},
                    {"answers", {{"titulaire", "Hélène Lefèvre"}, {"iban", "FR76 3000 6000 0112 3456 7890 189"},
                                 {"bic", "AGRIFRPP"}, {"nom_famille", "Lefèvre"}, {"reference_famille", "F-102"}}},
                    {"fields", json::array({{{"id", "titulaire"}, {"type", "text"}}, {{"id", "iban"}, {"type", "iban"}},
                                            {{"id", "bic"}, {"type", "bic"}}})},
                    {"sepa_mandate", {{"format", 1}, {"rum", rum}, {"ics", ics}, {"creditor", "Régie d’Anor"},
                                      {"payment_type", type}, {"signed_on", signed_on}}}};
    std::filesystem::create_directories(dir / uuid);
    test::write_all(dir / uuid / "demarche.json", as_bytes(payload.dump()));
    test::write_all(dir / uuid / "info.json", as_bytes(json{{"uuid", uuid}, {"tracking_code", "ANR-7K3Q-9P"}}.dump()));
}

Mandate mandate(const std::string& rum, const std::string& type = "recurrent", const std::string& signed_on = "2026-12-01") {
    Mandate m;
    m.rum = rum;
    m.payment_type = type;
    m.debtor_name = "Jean Dupont";
    m.iban = kIbanA;
    m.bic = "AGRIFRPP";
    m.signed_on = signed_on;
    m.ics = kIcs;
    m.creditor = "Régie d’Anor";
    m.demarche_uuid = "uuid-" + rum;
    return m;
}

struct Fixture {
    test::TempDir dir;
    Register reg = [&] {
        auto r = Register::open(dir.path());
        REQUIRE(r.ok());
        REQUIRE(r->set_creditor({"Régie municipale d’Anor", kIcs, "FR7610278060000002011420114", "CMCIFR2A"}).ok());
        return std::move(*r);
    }();

    // Plans and records one file of INVOICES; returns the debits (and checks the XML validates).
    std::vector<sepa::Debit> collect(const std::vector<Invoice>& invoices, const std::string& date, const std::string& id) {
        auto debits = reg.collect(invoices, date, id, kNow, [&](const std::vector<sepa::Debit>& planned) -> Result<void> {
            auto cred = reg.creditor();
            REQUIRE(cred.ok());
            sepa::Batch b{id, "2026-12-07T20:00:00", date, {cred->name, cred->ics, cred->iban, cred->bic}, planned};
            for (auto v : {sepa::PainVersion::v02, sepa::PainVersion::v08}) {
                auto xml = sepa::write_pain008(b, v);
                REQUIRE_MESSAGE(xml.ok(), xml.error().message);
                test::write_all(dir / "out.xml", as_bytes(*xml));
                std::string out;
                CHECK_MESSAGE(test::xmllint_validate(dir / "out.xml", v, &out) == 0, out);
            }
            return {};
        });
        REQUIRE_MESSAGE(debits.ok(), debits.error().message);
        return *debits;
    }

    std::string refused(const std::vector<Invoice>& invoices, const std::string& date = "2027-01-15") {
        auto r = reg.plan(invoices, date);
        return r ? std::string() : r.error().message;
    }
};

Invoice invoice(const std::string& rum, std::int64_t cents, const std::string& ref) { return {2, rum, cents, ref, "Cantine"}; }

}  // namespace

TEST_CASE("regie: mandate démarches are imported once, a RUM clash is refused") {
    Fixture f;
    write_demarche(f.dir / "in", "uuid-1", rum_n(1));
    auto m = mandate_from_demarche(f.dir / "in" / "uuid-1");
    REQUIRE(m.ok());
    REQUIRE(m->has_value());
    CHECK((*m)->debtor_name == "Hélène Lefèvre");
    CHECK((*m)->iban == kIbanA);
    CHECK((*m)->bic == "AGRIFRPP");
    CHECK((*m)->family == "Lefèvre (F-102)");
    CHECK((*m)->tracking_code == "ANR-7K3Q-9P");
    CHECK(*f.reg.add(**m, kNow) == true);
    CHECK(*f.reg.add(**m, kNow) == false);  // the same démarche again: nothing changes
    Mandate clash = **m;
    clash.demarche_uuid = "uuid-2";
    auto r = f.reg.add(clash, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("already in the register") != std::string::npos);
    // A démarche that is not a mandate is skipped; a mandate with a bad ICS is refused.
    std::filesystem::create_directories(f.dir / "in" / "other");
    test::write_all(f.dir / "in" / "other" / "demarche.json", as_bytes(R"({"format":1,"answers":{}})"));
    CHECK_FALSE(mandate_from_demarche(f.dir / "in" / "other")->has_value());
    write_demarche(f.dir / "in", "uuid-3", rum_n(3), "recurrent", "2026-12-01", "FR57ZZZ590120");
    CHECK_FALSE(mandate_from_demarche(f.dir / "in" / "uuid-3").ok());
    CHECK(f.reg.list()->size() == 1);
}

TEST_CASE("regie: recurrent FRST then RCUR, FNAL after revoke --final, then used up") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    auto d1 = f.collect({invoice(rum_n(1), 4250, "F-1")}, "2027-01-15", "M1");
    CHECK(d1[0].sequence == sepa::Sequence::frst);
    auto d2 = f.collect({invoice(rum_n(1), 3000, "F-2"), invoice(rum_n(1), 1000, "F-2b")}, "2027-02-15", "M2");
    CHECK(d2[0].sequence == sepa::Sequence::rcur);
    CHECK(d2[1].sequence == sepa::Sequence::rcur);  // two RCUR of one mandate may share a file
    REQUIRE(f.reg.revoke(rum_n(1), true, "2027-02-20", kNow).ok());
    auto d3 = f.collect({invoice(rum_n(1), 2000, "F-3")}, "2027-03-15", "M3");
    CHECK(d3[0].sequence == sepa::Sequence::fnal);
    auto m = *f.reg.find(rum_n(1));
    CHECK(m->state == "termine");
    CHECK(m->first_collection == "2027-01-15");
    CHECK(m->last_collection == "2027-03-15");
    CHECK(f.refused({invoice(rum_n(1), 2000, "F-4")}).find("used up") != std::string::npos);
}

TEST_CASE("regie: one-off OOFF once, a second debit refused") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(2), "ponctuel"), kNow));
    CHECK(f.collect({invoice(rum_n(2), 700, "S-1")}, "2027-01-15", "M1")[0].sequence == sepa::Sequence::ooff);
    CHECK(f.refused({invoice(rum_n(2), 700, "S-2")}).find("used up") != std::string::npos);
    CHECK_FALSE(f.reg.revoke(rum_n(2), true, "2027-01-20", kNow).ok());
}

TEST_CASE("regie: a FRST goes alone in its file, with the next invoices of that mandate refused") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    auto e = f.refused({invoice(rum_n(1), 100, "F-1"), invoice(rum_n(1), 200, "F-2")});
    CHECK(e.find("line 2: the mandate " + rum_n(1) + " is already debited in this file (FRST)") != std::string::npos);
}

TEST_CASE("regie amendments: same bank keeps RCUR with the original IBAN, another bank is FRST with SMNDA") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    REQUIRE(*f.reg.add(mandate(rum_n(2)), kNow));
    f.collect({invoice(rum_n(1), 100, "F-1"), invoice(rum_n(2), 100, "F-2")}, "2027-01-15", "M1");

    auto same = f.reg.amend(rum_n(1), kIbanA2, "AGRIFRPP", kNow);
    REQUIRE(same.ok());
    CHECK(same->recorded);
    CHECK_FALSE(same->new_bank);
    auto other = f.reg.amend(rum_n(2), kIbanB, "PSSTFRPPLIL", kNow);
    REQUIRE(other.ok());
    CHECK(other->new_bank);
    auto d = f.collect({invoice(rum_n(1), 100, "F-3"), invoice(rum_n(2), 100, "F-4")}, "2027-02-15", "M2");
    CHECK(d[0].sequence == sepa::Sequence::rcur);
    CHECK(d[0].amended);
    CHECK(d[0].original_iban == kIbanA);
    CHECK(d[0].debtor_iban == kIbanA2);
    CHECK(d[1].sequence == sepa::Sequence::frst);
    CHECK(d[1].amended);
    CHECK(d[1].new_debtor_bank);
    // Sent once: the next debits carry no amendment, and the moved mandate is RCUR again.
    auto next = f.collect({invoice(rum_n(1), 100, "F-5"), invoice(rum_n(2), 100, "F-6")}, "2027-03-15", "M3");
    CHECK_FALSE(next[0].amended);
    CHECK_FALSE(next[1].amended);
    CHECK(next[1].sequence == sepa::Sequence::rcur);
}

TEST_CASE("regie amendments: before any debit the account is replaced, two changes name the account last collected") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    auto r = f.reg.amend(rum_n(1), kIbanB, "PSSTFRPPLIL", kNow);
    REQUIRE(r.ok());
    CHECK_FALSE(r->recorded);  // the bank never saw the mandate: nothing to amend
    auto d = f.collect({invoice(rum_n(1), 100, "F-1")}, "2027-01-15", "M1");
    CHECK(d[0].sequence == sepa::Sequence::frst);
    CHECK_FALSE(d[0].amended);
    CHECK(d[0].debtor_iban == kIbanB);
    // B → A (another bank), then A → A2 before the next debit: still "another bank", from B.
    REQUIRE(f.reg.amend(rum_n(1), kIbanA, "AGRIFRPP", kNow).ok());
    REQUIRE(f.reg.amend(rum_n(1), kIbanA2, "AGRIFRPP", kNow).ok());
    auto m = *f.reg.find(rum_n(1));
    CHECK(m->original_iban == kIbanB);
    CHECK(m->new_bank);
    // Back to the account last collected: nothing to tell the bank.
    REQUIRE(f.reg.amend(rum_n(1), kIbanB, "PSSTFRPPLIL", kNow).ok());
    CHECK_FALSE(f.reg.find(rum_n(1))->value().amended);
    // Bad input.
    CHECK(f.reg.amend(rum_n(1), kIbanB, "PSSTFRPPLIL", kNow).error().message.find("already has this account") != std::string::npos);
    CHECK(f.reg.amend(rum_n(1), "FR7630006000011234567890188", "AGRIFRPP", kNow).error().message.find("IBAN") != std::string::npos);
    CHECK(f.reg.amend(rum_n(1), kIbanA, "DEUTDEFF", kNow).error().message.find("BIC") != std::string::npos);
    CHECK(f.reg.amend(rum_n(9), kIbanA, "AGRIFRPP", kNow).error().message.find("unknown mandate") != std::string::npos);
}

TEST_CASE("regie bad input: unknown or revoked mandate, lapsed, wrong ICS, invoice twice or already collected") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    REQUIRE(*f.reg.add(mandate(rum_n(2), "recurrent", "2020-01-10"), kNow));
    Mandate foreign = mandate(rum_n(3));
    foreign.ics = "FR46ZZZ005002";
    REQUIRE(*f.reg.add(foreign, kNow));
    CHECK(f.refused({invoice(rum_n(9), 100, "F-1")}).find("line 2: unknown mandate " + rum_n(9)) != std::string::npos);
    CHECK(f.refused({invoice(rum_n(2), 100, "F-1")}).find("has lapsed: no debit for 36 months (since 2020-01-10)") != std::string::npos);
    CHECK(f.refused({invoice(rum_n(3), 100, "F-1")}).find("signed for the creditor identifier FR46ZZZ005002") != std::string::npos);
    CHECK(f.refused({invoice(rum_n(1), 100, "F-1"), invoice(rum_n(1), 100, "F-1")}).find("twice in the file") != std::string::npos);
    CHECK(f.refused({invoice(rum_n(1), 100, "F-1")}, "2026-11-30").find("before the mandate") != std::string::npos);
    CHECK(f.refused({invoice(rum_n(1), 100, "F-1")}, "2027-02-30").find("not a date") != std::string::npos);
    CHECK(f.refused({invoice(rum_n(1), 0, "F-1")}).find("more than 0") != std::string::npos);
    f.collect({invoice(rum_n(1), 100, "F-1")}, "2027-01-15", "M1");
    CHECK(f.refused({invoice(rum_n(1), 100, "F-1")}).find("already collected on 2027-01-15 (file M1)") != std::string::npos);
    REQUIRE(f.reg.revoke(rum_n(1), false, "2027-01-20", kNow).ok());
    CHECK(f.refused({invoice(rum_n(1), 100, "F-2")}).find("was revoked on 2027-01-20") != std::string::npos);
    CHECK(f.reg.revoke(rum_n(1), false, "2027-01-21", kNow).error().message.find("already revoked") != std::string::npos);
}

TEST_CASE("regie: a refused file records nothing, and a failed write records nothing") {
    Fixture f;
    REQUIRE(*f.reg.add(mandate(rum_n(1)), kNow));
    auto r = f.reg.collect({invoice(rum_n(1), 100, "F-1")}, "2027-01-15", "M1", kNow,
                           [](const std::vector<sepa::Debit>&) -> Result<void> { return fail("disk full"); });
    REQUIRE_FALSE(r.ok());
    auto m = *f.reg.find(rum_n(1));
    CHECK(m->first_collection.empty());
    CHECK(f.collect({invoice(rum_n(1), 100, "F-1")}, "2027-01-15", "M1")[0].sequence == sepa::Sequence::frst);
}

TEST_CASE("regie invoices CSV: columns by name, French amounts, errors at FILE:LINE") {
    auto ok = read_invoices("\xEF\xBB\xBFlibelle;facture;montant;rum\n\"Cantine; janvier\";F-1;42,50;" + rum_n(1) +
                                "\n\nAccueil;F-2;1 234.5;" + rum_n(2) + "\r\n",
                            "f.csv");
    REQUIRE(ok.ok());
    REQUIRE(ok->size() == 2);
    CHECK((*ok)[0].amount_cents == 4250);
    CHECK((*ok)[0].label == "Cantine; janvier");
    CHECK((*ok)[1].amount_cents == 123450);
    CHECK((*ok)[1].line == 4);
    auto bad = [](const std::string& text) {
        auto r = read_invoices(text, "f.csv");
        return r ? std::string() : r.error().message;
    };
    CHECK(bad("rum;montant\n") .find("f.csv:1: the header line lacks the column 'facture'") != std::string::npos);
    CHECK(bad("rum;montant;facture\n" + rum_n(1) + ";12,345;F\n").find("f.csv:2: the amount '12,345'") != std::string::npos);
    CHECK(bad("rum;montant;facture\n" + rum_n(1) + ";-3;F\n").find("f.csv:2: the amount '-3'") != std::string::npos);
    CHECK(bad("rum;montant;facture\n" + rum_n(1) + ";abc;F\n").find("f.csv:2: the amount") != std::string::npos);
    CHECK(bad("rum;montant;facture\nANR 1;3;F\n").find("f.csv:2: the mandate reference (RUM)") != std::string::npos);
    CHECK(bad("rum;montant;facture\n" + rum_n(1) + ";3;F 1\n").find("f.csv:2: the invoice number 'F 1'") != std::string::npos);
    CHECK(bad("").find("f.csv: the file is empty") != std::string::npos);
}

TEST_CASE("regie invoices CSV: the publish-invoices file with a rum column, lines summed, paid and unmandated left out") {
    const std::string head = "famille;code;nom;email;facture;periode;libelle;montant;echeance;payee;rum\n";
    auto ok = read_invoices(head +
                                "F001;K7Q2-M9XA;Famille Martin;m@example.org;FAC1;Janvier 2027;Repas;38,40;2027-01-15;non;" + rum_n(1) + "\n" +
                                "F001;K7Q2-M9XA;Famille Martin;m@example.org;FAC1;Janvier 2027;Soirs;4,10;2027-01-15;non;" + rum_n(1) + "\n" +
                                "F002;AAAA-BBBB;Famille Roy;r@example.org;FAC2;Janvier 2027;Repas;10,00;2027-01-15;oui;" + rum_n(2) + "\n" +
                                "F003;CCCC-DDDD;Famille Sy;s@example.org;FAC3;Janvier 2027;Repas;10,00;2027-01-15;non;\n",
                            "b.csv");
    REQUIRE(ok.ok());
    REQUIRE(ok->size() == 1);
    CHECK((*ok)[0].reference == "FAC1");
    CHECK((*ok)[0].amount_cents == 4250);
    CHECK((*ok)[0].label == "Janvier 2027");
    CHECK((*ok)[0].line == 2);
    auto two = read_invoices(head + "F;C;N;e@x.org;FAC1;P;L;1;2027-01-15;non;" + rum_n(1) + "\nF;C;N;e@x.org;FAC1;P;L;1;2027-01-15;non;" +
                                 rum_n(2) + "\n",
                             "c.csv");
    REQUIRE_FALSE(two.ok());
    CHECK(two.error().message.find("c.csv:3: the invoice FAC1 has two mandate references") != std::string::npos);
}

TEST_CASE("guichet-partner regie: import, mandates, pain008 02 and 08 valid, French errors") {
    test::TempDir dir;
    const std::string tool = GUICHET_PARTNER_TOOL;
    const std::string d = " --dir '" + dir.path().string() + "'";
    // Dates around today: the command refuses a collection date in the past.
    const std::int64_t now = std::time(nullptr);
    const std::string today = iso_date(now), soon = iso_date(now + 10 * 86400), later = iso_date(now + 40 * 86400);
    write_demarche(dir.path(), "uuid-1", rum_n(1), "recurrent", today);
    write_demarche(dir.path(), "uuid-2", rum_n(2), "ponctuel", today);
    std::string out;
    REQUIRE(test::run_command(tool + " regie creditor" + d + " --name 'Régie municipale d’Anor' --ics " + kIcs +
                                  " --iban FR7610278060000002011420114 --bic CMCIFR2A 2>&1", &out) == 0);
    REQUIRE_MESSAGE(test::run_command(tool + " regie import" + d + " 2>&1", &out) == 0, out);
    CHECK(out.find("2 mandate(s) added, 0 already in the register, 0 refused") != std::string::npos);
    REQUIRE(test::run_command(tool + " regie import" + d + " 2>&1", &out) == 0);
    CHECK(out.find("0 mandate(s) added, 2 already in the register") != std::string::npos);
    REQUIRE(test::run_command(tool + " regie mandates" + d + " 2>&1", &out) == 0);
    CHECK(out.find(rum_n(1) + "  active  recurrent") != std::string::npos);
    CHECK(out.find(rum_n(2) + "  active  one-off") != std::string::npos);

    test::write_all(dir / "f1.csv", as_bytes("rum;montant;facture;libelle\n" + rum_n(1) + ";42,50;F-1;Cantine\n" + rum_n(2) +
                                             ";7;S-1;Sortie\n"));
    REQUIRE_MESSAGE(test::run_command(tool + " regie pain008" + d + " --invoices '" + (dir / "f1.csv").string() +
                                          "' --format 02 --collection-date " + soon + " --out '" + (dir / "f1.xml").string() + "' 2>&1",
                                      &out) == 0,
                    out);
    CHECK(out.find("2 debit(s), 49.50 EUR (FRST 1, OOFF 1)") != std::string::npos);
    CHECK(test::xmllint_validate(dir / "f1.xml", sepa::PainVersion::v02, &out) == 0);
    CHECK_FALSE(std::filesystem::exists(dir / "f1.xml.tmp"));

    test::write_all(dir / "f2.csv", as_bytes("rum;montant;facture\n" + rum_n(1) + ";30;F-2\n"));
    REQUIRE(test::run_command(tool + " regie pain008" + d + " --invoices '" + (dir / "f2.csv").string() +
                                  "' --format 08 --collection-date " + later + " --out '" + (dir / "f2.xml").string() + "' 2>&1",
                              &out) == 0);
    CHECK(out.find("(RCUR 1)") != std::string::npos);
    CHECK(test::xmllint_validate(dir / "f2.xml", sepa::PainVersion::v08, &out) == 0);

    // French, for the régie's agents: unknown RUM, revoked mandate, bad amount, bad date; no file written.
    const std::string fr = "GUICHET_LANG=fr ";
    test::write_all(dir / "f3.csv", as_bytes("rum;montant;facture\n" + rum_n(7) + ";30;F-3\n"));
    auto pain = [&](const std::string& csv, const std::string& date) {
        return fr + tool + " regie pain008" + d + " --invoices '" + (dir / csv).string() + "' --format 02 --collection-date " +
               date + " --out '" + (dir / "x.xml").string() + "' 2>&1";
    };
    CHECK(test::run_command(pain("f3.csv", later), &out) == 1);
    CHECK_MESSAGE(out.find("ligne 2 : mandat inconnu " + rum_n(7)) != std::string::npos, out);
    REQUIRE(test::run_command(fr + tool + " regie revoke " + rum_n(1) + d + " 2>&1", &out) == 0);
    CHECK(out.find("révoqué : plus aucun prélèvement") != std::string::npos);
    test::write_all(dir / "f4.csv", as_bytes("rum;montant;facture\n" + rum_n(1) + ";30;F-4\n"));
    CHECK(test::run_command(pain("f4.csv", later), &out) == 1);
    CHECK_MESSAGE(out.find("a été révoqué le " + today + " : aucun prélèvement") != std::string::npos, out);
    test::write_all(dir / "f5.csv", as_bytes("rum;montant;facture\n" + rum_n(1) + ";30,001;F-5\n"));
    CHECK(test::run_command(pain("f5.csv", later), &out) == 1);
    CHECK_MESSAGE(out.find("f5.csv:2 : le montant « 30,001 » n’est pas un montant en euros") != std::string::npos, out);
    CHECK(test::run_command(pain("f4.csv", "15/01/2027"), &out) == 1);
    CHECK_MESSAGE(out.find("la date de prélèvement « 15/01/2027 » n’est pas une date AAAA-MM-JJ") != std::string::npos, out);
    CHECK(test::run_command(pain("f4.csv", "2020-01-01"), &out) == 1);
    CHECK_MESSAGE(out.find("la date de prélèvement 2020-01-01 est passée") != std::string::npos, out);
    CHECK_FALSE(std::filesystem::exists(dir / "x.xml"));
    CHECK(test::run_command(fr + tool + " regie amend " + rum_n(8) + d + " --iban " + kIbanB + " --bic PSSTFRPPLIL 2>&1", &out) == 1);
    CHECK(out.find("mandat inconnu " + rum_n(8)) != std::string::npos);
    CHECK(test::run_command(fr + tool + " regie pain008" + d + " --format 03 2>&1", &out) == 2);
    CHECK(test::run_command(fr + tool + " regie --help 2>&1", &out) == 0);
    CHECK(out.find("Utilisation :\n  guichet-partner regie import") != std::string::npos);
}

TEST_CASE("regie: a mandate as the kiosk seals it (demarche::submit) is imported with its RUM and account") {
    // The fields the régie reads, with the ids and types of content_packs/anor/forms/mandat-sepa.yaml.
    auto form = forms::Form::from_json(json::parse(R"({"id":"mandat-sepa","version":2,"title":"Mandat","recipient":"regie",
      "sepa_mandate":{"payment_type":"type_paiement","ics":"FR56ZZZ590120","creditor":"Régie municipale d’Anor"},
      "sections":[{"title":"Le mandat","fields":[
        {"id":"type_paiement","type":"choice","label":"Type","required":true,
         "options":[{"value":"recurrent","label":"Récurrent"},{"value":"ponctuel","label":"Ponctuel"}]},
        {"id":"nom_famille","type":"text","label":"Famille","required":true},
        {"id":"titulaire","type":"text","label":"Titulaire","required":true},
        {"id":"iban","type":"iban","label":"IBAN","required":true},
        {"id":"bic","type":"bic","label":"BIC","required":true}]}]})"));
    REQUIRE(form.ok());
    auto compiled = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(compiled.ok());
    test::TempDir dir;
    auto partner = crypto::BoxKeyPair::generate();
    auto db = store::Store::open(dir / "guichet.db", {});
    REQUIRE(db.ok());
    demarche::Draft draft("mandat-sepa");
    draft.answers()["type_paiement"] = "recurrent";
    draft.answers()["nom_famille"] = "Lefèvre";
    draft.answers()["titulaire"] = "Hélène Lefèvre";
    draft.answers()["iban"] = "fr76 3000 6000 0112 3456 7890 189";  // as typed: the kiosk normalises it
    draft.answers()["bic"] = "agrifrpp";
    demarche::SubmitContext context{nullptr, *forms::expr::Date::parse("2026-12-07"), kNow};
    context.kiosk_id = "borne-mairie";
    auto out = demarche::submit(*db, *compiled, {{"regie", "Régie", partner.public_key}}, draft, context);
    REQUIRE(out.ok());
    REQUIRE(out->receipt.has_value());
    auto batch = db->claim_next_batch(10, kNow + 1);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    auto sealed = db->load_sealed((*batch)[0].uuid);
    REQUIRE(sealed.ok());
    auto opened = crypto::open_sealed(sealed->sealed_payload, partner);
    REQUIRE(opened.ok());
    // As `guichet-partner fetch` writes it: the opened payload byte for byte.
    std::filesystem::create_directories(dir / "in" / "u1");
    test::write_all(dir / "in" / "u1" / "demarche.json", *opened);

    auto m = mandate_from_demarche(dir / "in" / "u1");
    REQUIRE_MESSAGE(m.ok(), m.error().message);
    REQUIRE(m->has_value());
    CHECK((*m)->rum == out->mandate_reference);
    CHECK((*m)->ics == kIcs);
    CHECK((*m)->payment_type == "recurrent");
    CHECK((*m)->signed_on == "2026-12-07");
    CHECK((*m)->debtor_name == "Hélène Lefèvre");
    CHECK((*m)->iban == kIbanA);
    CHECK((*m)->bic == "AGRIFRPP");
    CHECK((*m)->family == "Lefèvre");
    Fixture f;
    REQUIRE(*f.reg.add(**m, kNow));
    CHECK(f.collect({invoice((*m)->rum, 4250, "F-1")}, "2027-01-15", "M1")[0].sequence == sepa::Sequence::frst);
}

TEST_CASE("regie: a register written by a newer program is refused, not changed") {
    test::TempDir dir;
    {
        auto r = Register::open(dir.path());
        REQUIRE(r.ok());
        REQUIRE(r->database().exec("PRAGMA user_version = 2").ok());
    }
    auto again = Register::open(dir.path());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("register schema version 2; this program reads version 1") != std::string::npos);
}
