// The régie's invoices and PayFiP end to end, through real processes
// (docs/invoices.md, protocol §9): guichet-partner regie publish-invoices →
// guichet-hub → guichet-sync → the kiosk opens the family's box with the
// right code and not a wrong one → a phone scans the payment URL → the hub
// creates the payment at the PayFiP test double → notification → the
// invoice is paid → the paid status reaches the kiosk after sync. Every
// error path (forged notification, refused card, abandoned, expired idOp, a
// lying answer, a replay) leaves the invoice unpaid, or paid once.
#include "hub/hub_db.hpp"
#include "hub/invoice_payments.hpp"
#include "invoices/kiosk_invoices.hpp"
#include "sql/sql.hpp"
#include "payfip_test_double.hpp"
#include "sync_test_util.hpp"

#include "common/file.hpp"
#include "crypto/signing/signing.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;
namespace fs = std::filesystem;

namespace {

std::string run(const std::string& command) {
    std::string out;
    const int status = run_command(command + " 2>&1", &out);
    INFO(command);
    INFO(out);
    REQUIRE(status == 0);
    return out;
}

guichet::sync::HttpAnswer call(const std::string& url, std::string_view method, const std::string& path,
                               const std::string& body = "") {
    auto client = guichet::sync::HubClient::create(url, {});
    REQUIRE(client.ok());
    auto answer = client->send(method, path, {}, as_bytes(body), body.empty() ? "" : "application/x-www-form-urlencoded");
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    return *answer;
}

std::string header(const guichet::sync::HttpAnswer& a, std::string_view name) {
    for (const auto& h : a.headers)
        if (h.first.size() == name.size() &&
            std::equal(h.first.begin(), h.first.end(), name.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); }))
            return h.second;
    return "";
}

constexpr const char* kCsv =
    "famille;code;nom;email;facture;periode;libelle;montant;echeance;payee\n"
    "F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2027000001;Janvier 2027;Restauration scolaire — 12 repas;38,40;2027-01-15;non\n"
    "F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2027000001;Janvier 2027;Accueil périscolaire — 4 soirs;4,10;2027-01-15;non\n"
    "F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2026000120;Décembre 2026;Restauration scolaire — 10 repas;31,00;2026-12-15;oui\n"
    "F009999;ZZZZ-1111;Famille Durand;durand@example.org;FAC2027000002;Janvier 2027;Accueil de loisirs — 2 journées;24,00;2027-01-15;non\n";

}  // namespace

TEST_CASE("invoices end to end: publish, open at the kiosk, pay with the PayFiP test double, paid after sync") {
    const auto started = std::chrono::steady_clock::now();
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    const auto regie = dir / "regie";
    fs::create_directories(state);
    fs::create_directories(regie);
    PayFipTestDouble payfip;

    // The régie: its request key registered at the hub, its invoice signing key.
    run(std::string(GUICHET_PARTNER_TOOL) + " keygen --id regie --out " + regie.string());
    prepare_hub_dir(hub_data);  // on PostgreSQL in the hub_postgres runs
    run(std::string(GUICHET_HUB_TOOL) + " add-partner --data " + hub_data.string() + " --id regie --key " +
        (regie / "regie.sign.pub").string());
    const auto invoice_key = crypto::SecretKey::generate();
    REQUIRE(invoice_key.save_unencrypted(regie / "invoices.key").ok());
    test::write_all(regie / "factures.csv", as_bytes(std::string(kCsv)));

    // The hub with PayFiP in test mode (saisie T), pointed at the double.
    const std::string config = std::string("{\"numcli\": \"123456\", \"mode\": \"test\", \"service_url\": \"") +
                               payfip.service_url() + "\", \"payment_url\": \"" + payfip.payment_url() +
                               "\", \"public_url\": \"https://mairie.example/\", \"timeout_seconds\": 10}";
    test::write_all(dir / "payfip.json", as_bytes(config));
    auto hub = start_hub(hub_data, {"--payfip", (dir / "payfip.json").string()});

    const std::string publish = std::string(GUICHET_PARTNER_TOOL) + " regie publish-invoices --hub " + hub.url +
                                " --id regie --sign-key " + (regie / "regie.sign.key").string() + " --invoice-key " +
                                (regie / "invoices.key").string() + " --from " + (regie / "factures.csv").string();
    CHECK(run(publish + " --version 5").find("2 famille(s), 2 facture(s) à payer") != std::string::npos);
    // A rollback is refused by the hub.
    std::string out;
    CHECK(run_command(publish + " --version 4 2>&1", &out) == 1);
    CHECK(out.find("old-version") != std::string::npos);

    // The kiosk: enrolled, configured with the régie's public key, synced.
    enroll_kiosk_directly(hub_data, state, hub.url);
    test::write_all(state / "invoices.json",
                    as_bytes("{\"service\": \"regie\", \"regie_key\": \"" + invoice_key.public_key().to_base64() +
                             "\", \"pay_url\": \"" + hub.url + "/paiement/\"}"));
    const std::string sync_once = std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once";
    run(sync_once);
    auto cfg = invoices::KioskConfig::load(state);
    REQUIRE(cfg.ok());
    REQUIRE(cfg->has_value());
    auto bundle = invoices::load_kiosk_bundle(state, **cfg);
    REQUIRE_MESSAGE(bundle.ok(), (bundle.ok() ? "" : bundle.error().message));
    CHECK(bundle->version == 5);
    auto wrong = invoices::open_family(*bundle, "F001234", "K7Q2-M9XB");
    REQUIRE(wrong.ok());
    CHECK(wrong->outcome == invoices::OpenOutcome::wrong_code);
    auto opened = invoices::open_family(*bundle, "f001234", "k7q2 m9xa");
    REQUIRE(opened.ok());
    REQUIRE(opened->outcome == invoices::OpenOutcome::opened);
    REQUIRE(opened->family.invoices.size() == 2);
    const auto& jan = opened->family.invoices[0];
    CHECK(jan.number == "FAC2027000001");
    CHECK(jan.amount_cents == 4250);
    CHECK_FALSE(jan.paid);
    REQUIRE_FALSE(jan.pay_token.empty());
    const std::string ref = invoices::payment_ref(jan.pay_token);
    CHECK(invoices::read_paid_refs(state, "regie").empty());

    const std::string pay_path = "/paiement/" + jan.pay_token;
    auto scan = [&]() {
        auto a = call(hub.url, "GET", pay_path);
        REQUIRE(a.status == 303);
        const std::string location = header(a, "Location");
        REQUIRE(location.starts_with(payfip.payment_url() + "?idop="));
        return location.substr(location.find("idop=") + 5);
    };
    auto notify = [&](const std::string& idop) { return call(hub.url, "POST", "/paiement/notification", "idop=" + idop); };
    auto paid_at_hub = [&] {
        run(sync_once);
        return invoices::read_paid_refs(state, "regie").count(ref) == 1;
    };

    // 1. A phone scans: the hub creates the payment at PayFiP with the documented fields.
    const std::string idop1 = scan();
    auto p1 = payfip.payment(idop1);
    CHECK(p1.fields["numcli"] == "123456");
    CHECK(p1.fields["saisie"] == "T");
    CHECK(p1.fields["montant"] == "4250");
    CHECK(p1.fields["refdet"] == "FAC2027000001");
    CHECK(p1.fields["exer"] == "2027");
    CHECK(p1.fields["mel"] == "martin@example.org");
    CHECK(p1.fields["objet"] == "Facture FAC2027000001 Janvier 2027");
    CHECK(p1.fields["urlnotif"] == "https://mairie.example/paiement/notification");
    CHECK(p1.fields["urlredirect"] == "https://mairie.example/paiement/retour");

    // 2. A forged notification (an idOp the hub never created): refused, nothing changes.
    CHECK(notify("TD9999990000000000000000000000000000").status == 404);
    // A notification before the payer finished (P5): still pending.
    CHECK(notify(idop1).body == "pending\n");
    // 3. Refused card.
    payfip.set_result(idop1, "R");
    CHECK(notify(idop1).body == "refused\n");
    CHECK(call(hub.url, "GET", "/paiement/retour?idop=" + idop1).body.find("Paiement refusé") != std::string::npos);
    // A replay of it, even if PayFiP now said otherwise, changes nothing.
    payfip.set_result(idop1, "P");
    CHECK(notify(idop1).body == "refused\n");
    CHECK_FALSE(paid_at_hub());

    // 4. Abandoned.
    const std::string idop2 = scan();
    CHECK(idop2 != idop1);
    payfip.set_result(idop2, "A");
    CHECK(notify(idop2).body == "abandoned\n");
    // 5. Expired idOp: PayFiP forgot it (P1).
    const std::string idop3 = scan();
    payfip.forget(idop3);
    CHECK(notify(idop3).body == "expired\n");
    // 6. An answer about another amount is not believed.
    const std::string idop4 = scan();
    payfip.set_result(idop4, "P");
    payfip.lie_about_amount(idop4, "1");
    CHECK(notify(idop4).body == "pending\n");
    CHECK_FALSE(paid_at_hub());

    // 7. Paid.
    const std::string idop5 = scan();
    payfip.set_result(idop5, "P");
    const int details_before = payfip.detail_calls();
    CHECK(notify(idop5).body == "paid\n");
    // Replayed: answered from the record, PayFiP not asked again.
    CHECK(notify(idop5).body == "paid\n");
    CHECK(payfip.detail_calls() == details_before + 1);
    CHECK(call(hub.url, "GET", "/paiement/retour?idop=" + idop5).body.find("Paiement accepté") != std::string::npos);
    // Scanning again: already paid, no new payment at PayFiP.
    const int creates = payfip.create_calls();
    auto again = call(hub.url, "GET", pay_path);
    CHECK(again.status == 200);
    CHECK(again.body.find("déjà réglée") != std::string::npos);
    CHECK(payfip.create_calls() == creates);
    // An unknown token.
    CHECK(call(hub.url, "GET", "/paiement/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status == 404);

    // 8. The paid status reaches the kiosk after sync; the other family's invoice stays unpaid.
    CHECK(paid_at_hub());
    CHECK(invoices::read_paid_refs(state, "regie").size() == 1);

    // 9. The régie publishes again (its January invoice not yet marked paid): the hub keeps it paid.
    run(publish + " --version 6");
    run(sync_once);
    auto b6 = invoices::load_kiosk_bundle(state, **cfg);
    REQUIRE(b6.ok());
    CHECK(b6->version == 6);
    auto reopened = invoices::open_family(*b6, "F001234", "K7Q2M9XA");
    REQUIRE(reopened.ok());
    REQUIRE(reopened->outcome == invoices::OpenOutcome::opened);
    CHECK(invoices::read_paid_refs(state, "regie").count(invoices::payment_ref(reopened->family.invoices[0].pay_token)) == 1);

    // 10. A payment under way when the régie publishes again: the old token can no longer
    // start a payment, but PayFiP's answer for the idOp already created is still recorded,
    // and marks the invoice paid under the new bundle's token too.
    auto durand = invoices::open_family(*b6, "F009999", "ZZZZ-1111");
    REQUIRE(durand.ok());
    REQUIRE(durand->outcome == invoices::OpenOutcome::opened);
    const std::string durand_path = "/paiement/" + durand->family.invoices[0].pay_token;
    auto durand_scan = call(hub.url, "GET", durand_path);
    REQUIRE(durand_scan.status == 303);
    const std::string location = header(durand_scan, "Location");
    const std::string idop_d = location.substr(location.find("idop=") + 5);
    run(publish + " --version 7");
    CHECK(call(hub.url, "GET", durand_path).status == 404);  // the old token starts nothing now
    payfip.set_result(idop_d, "P");
    CHECK(notify(idop_d).body == "paid\n");
    run(sync_once);
    auto b7 = invoices::load_kiosk_bundle(state, **cfg);
    REQUIRE(b7.ok());
    auto durand7 = invoices::open_family(*b7, "F009999", "ZZZZ1111");
    REQUIRE(durand7.ok());
    REQUIRE(durand7->outcome == invoices::OpenOutcome::opened);
    CHECK(invoices::read_paid_refs(state, "regie").count(invoices::payment_ref(durand7->family.invoices[0].pay_token)) == 1);

    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    MESSAGE("invoices end to end: " << ms << " ms");
}

TEST_CASE("a forged bundle served by the hub never replaces the kiosk's") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    const auto regie = dir / "regie";
    fs::create_directories(state);
    fs::create_directories(regie);
    run(std::string(GUICHET_PARTNER_TOOL) + " keygen --id regie --out " + regie.string());
    prepare_hub_dir(hub_data);  // on PostgreSQL in the hub_postgres runs
    run(std::string(GUICHET_HUB_TOOL) + " add-partner --data " + hub_data.string() + " --id regie --key " +
        (regie / "regie.sign.pub").string());
    const auto real_key = crypto::SecretKey::generate();
    const auto forger = crypto::SecretKey::generate();
    REQUIRE(forger.save_unencrypted(regie / "forged.key").ok());
    test::write_all(regie / "factures.csv", as_bytes(std::string(kCsv)));
    auto hub = start_hub(hub_data);
    enroll_kiosk_directly(hub_data, state, hub.url);
    test::write_all(state / "invoices.json", as_bytes("{\"regie_key\": \"" + real_key.public_key().to_base64() + "\"}"));
    // Whoever holds the partner's request key but not the régie's invoice key.
    run(std::string(GUICHET_PARTNER_TOOL) + " regie publish-invoices --hub " + hub.url + " --id regie --sign-key " +
        (regie / "regie.sign.key").string() + " --invoice-key " + (regie / "forged.key").string() + " --from " +
        (regie / "factures.csv").string());
    std::string out;
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once 2>&1", &out) == 1);
    CHECK(out.find("invoices 'regie'") != std::string::npos);
    CHECK_FALSE(fs::exists(invoices::bundle_file(state, "regie")));
    // A corrupt file on the kiosk's disk: an error, no crash.
    fs::create_directories(state / "invoices");
    test::write_all(invoices::bundle_file(state, "regie"), as_bytes(std::string("garbage")));
    auto cfg = invoices::KioskConfig::load(state);
    REQUIRE(cfg.ok());
    CHECK_FALSE(invoices::load_kiosk_bundle(state, **cfg).ok());
}

TEST_CASE("PayFiP unreachable at scan time: a French page, nothing recorded, the invoice still payable") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto regie = dir / "regie";
    fs::create_directories(regie);
    run(std::string(GUICHET_PARTNER_TOOL) + " keygen --id regie --out " + regie.string());
    prepare_hub_dir(hub_data);  // on PostgreSQL in the hub_postgres runs
    run(std::string(GUICHET_HUB_TOOL) + " add-partner --data " + hub_data.string() + " --id regie --key " +
        (regie / "regie.sign.pub").string());
    const auto key = crypto::SecretKey::generate();
    REQUIRE(key.save_unencrypted(regie / "invoices.key").ok());
    test::write_all(regie / "factures.csv", as_bytes(std::string(kCsv)));
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    test::write_all(dir / "payfip.json", as_bytes(std::string(
        "{\"numcli\": \"123456\", \"service_url\": \"http://127.0.0.1:9/tpa/services/securite\", "
        "\"public_url\": \"https://mairie.example/\", \"timeout_seconds\": 5}")));
    auto hub = start_hub(hub_data, {"--payfip", (dir / "payfip.json").string()});
    run(std::string(GUICHET_PARTNER_TOOL) + " regie publish-invoices --hub " + hub.url + " --id regie --sign-key " +
        (regie / "regie.sign.key").string() + " --invoice-key " + (regie / "invoices.key").string() + " --from " +
        (regie / "factures.csv").string() + " --out " + (regie / "regie.gib").string());
    auto text = read_text_file(regie / "regie.gib", invoices::kMaxInvoiceBundleSize);
    REQUIRE(text.ok());
    auto bundle = invoices::verify_invoice_bundle(*text, test::ring_of(key));
    REQUIRE(bundle.ok());
    auto opened = invoices::open_family(*bundle, "F001234", "K7Q2M9XA");
    REQUIRE(opened.ok());
    REQUIRE(opened->outcome == invoices::OpenOutcome::opened);
    const std::string path = "/paiement/" + opened->family.invoices[0].pay_token;
    auto answer = call(hub.url, "GET", path);
    CHECK(answer.status == 502);
    CHECK(answer.body.find("ne répond pas") != std::string::npos);
    CHECK(header(answer, "Location").empty());
    // Still unpaid and payable: the same answer again, not « déjà réglée ».
    auto again = call(hub.url, "GET", path);
    CHECK(again.status == 502);
}

TEST_CASE("payments: an older hub's payments.db moves into the hub's store once") {
    TempDir dir;
    const auto data = dir / "hub";
    prepare_hub_dir(data);
    const auto file = data / "invoices" / "payments.db";
    fs::create_directories(file.parent_path());
    {
        // The file as hubs before schema 7 kept it: an offer paid, one not, an attempt.
        auto old = guichet::sql::Database::open_sqlite(file);
        REQUIRE(old.ok());
        REQUIRE(old->exec("CREATE TABLE offer (ref TEXT PRIMARY KEY, service TEXT NOT NULL, refdet TEXT NOT NULL, "
                          "montant INTEGER NOT NULL, objet TEXT NOT NULL, exer TEXT NOT NULL, mel TEXT NOT NULL, "
                          "paid_at INTEGER, paid_idop TEXT, retired INTEGER NOT NULL DEFAULT 0);"
                          "CREATE TABLE attempt (idop TEXT PRIMARY KEY, ref TEXT NOT NULL, created_at INTEGER NOT NULL, "
                          "state TEXT NOT NULL, resultrans TEXT, numauto TEXT, checked_at INTEGER);"
                          "INSERT INTO offer VALUES ('r-paid', 'regie', 'FAC1', 3840, 'Cantine', '2026', 'm@x.fr', "
                          "1796000000, 'IDOP1', 0);"
                          "INSERT INTO offer VALUES ('r-open', 'regie', 'FAC2', 700, 'Sortie', '2026', 'l@x.fr', "
                          "NULL, NULL, 0);"
                          "INSERT INTO attempt VALUES ('IDOP1', 'r-paid', 1795999000, 'paid', 'P', '112233', 1796000000);")
                    .ok());
    }
    const auto clock = [] { return std::int64_t{1796000100}; };
    {
        auto payments = guichet::sync::hub::InvoicePayments::open(data, std::nullopt, clock);
        REQUIRE_MESSAGE(payments.ok(), (payments.ok() ? "" : payments.error().message));
        auto paid = (*payments)->paid_refs("regie");
        REQUIRE(paid.ok());
        REQUIRE(paid->size() == 1);
        CHECK(paid->at(0) == std::pair<std::string, std::int64_t>{"r-paid", 1796000000});
        auto open = (*payments)->find_offer("r-open");
        REQUIRE(open.ok());
        REQUIRE(open->has_value());
        CHECK((*open)->montant == 700);
        CHECK_FALSE((*open)->paid_at.has_value());
    }
    CHECK_FALSE(fs::exists(file));
    CHECK(fs::exists(file.string() + ".imported"));
    // Opened again: nothing imported twice, nothing lost.
    auto again = guichet::sync::hub::InvoicePayments::open(data, std::nullopt, clock);
    REQUIRE(again.ok());
    CHECK((*again)->paid_refs("regie").value().size() == 1);
    auto db = open_hub_db(data);
    REQUIRE(db.ok());
    CHECK(db->db().query_int("SELECT count(*) FROM invoice_attempt WHERE state = 'paid'").value() == 1);
}
