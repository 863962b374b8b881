// The régie's invoice bundle (docs/invoices.md): Argon2id known answer,
// sealing and opening, wrong codes, forged and corrupt bundles, and the
// persisted wrong-code guard.
#include "invoices/code_guard.hpp"
#include "invoices/invoice_bundle.hpp"
#include "invoices/invoice_seal.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <chrono>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

// Cheap cost for the tests that are not about the cost.
const invoices::KdfParams kFast{1, 8u << 20};

invoices::FamilyToSeal martin() {
    invoices::FamilyToSeal f;
    f.invoices.family = "F-001 234";
    f.invoices.name = "Famille Martin";
    invoices::Invoice jan;
    jan.number = "FAC2027000001";
    jan.period = "Janvier 2027";
    jan.lines = {{"Restauration scolaire — 12 repas", 3840}, {"Accueil périscolaire — 4 soirs", 410}};
    jan.amount_cents = 4250;
    jan.due = "2027-01-15";
    invoices::Invoice dec = jan;
    dec.number = "FAC2026000120";
    dec.period = "Décembre 2026";
    dec.amount_cents = 3100;
    dec.due = "2026-12-15";
    dec.paid = true;
    f.invoices.invoices = {jan, dec};
    f.code = "k7q2-m9xa";
    f.email = "martin@example.org";
    return f;
}

invoices::FamilyToSeal other(std::string family, std::string code) {
    auto f = martin();
    f.invoices.family = std::move(family);
    f.invoices.name = "Famille Durand";
    f.code = std::move(code);
    return f;
}

}  // namespace

TEST_CASE("Argon2id family key matches the reference implementation (known answer)") {
    // Expected value from the reference Argon2 CLI (Debian's argon2 package):
    //   printf 'guichet-invoices-v1\0F0012345\0K7Q2M9XA' |
    //       argon2 'sel-de-test-0123' -id -t 3 -k 65536 -p 1 -l 32 -r
    REQUIRE(sodium_init() >= 0);
    std::array<std::uint8_t, 16> salt{};
    const std::string_view s = "sel-de-test-0123";
    std::copy(s.begin(), s.end(), salt.begin());
    invoices::FamilyKey key;
    REQUIRE(invoices::derive_family_key("F0012345", "K7Q2M9XA", salt, {3, 64u << 20}, key).ok());
    std::string hex(64, '0');
    sodium_bin2hex(hex.data(), hex.size() + 1, key.data(), key.size());
    CHECK(hex == "25c140bc9a58706bb12c7b78f617a3b80b3c6765b901fe96ff13c8cdeb50ab1d");
    CHECK(invoices::normalize_family(" f-001 234 ") == "F001234");
    CHECK(invoices::normalize_code("k7q2-m9xa") == "K7Q2M9XA");
}

TEST_CASE("a sealed bundle opens with the family number and code, and nothing else") {
    const auto key = crypto::SecretKey::generate();
    auto sealed = invoices::seal_bundle({martin(), other("F009999", "ZZZZ-1111")}, "regie", 3, 1'800'000'000, key, kFast);
    REQUIRE_MESSAGE(sealed.ok(), (sealed.ok() ? "" : sealed.error().message));
    // The paid invoice needs no payment: one offer, for the January one.
    REQUIRE(sealed->offers.size() == 2);
    CHECK(sealed->offers[0].refdet == "FAC2027000001");
    CHECK(sealed->offers[0].montant == 4250);
    CHECK(sealed->offers[0].exer == "2027");
    CHECK(sealed->offers[0].objet == "Facture FAC2027000001 Janvier 2027");
    // The disk alone reveals nothing: no name, number, amount or code in clear.
    for (std::string_view secret : {"Martin", "F001234", "FAC2027000001", "4250", "K7Q2M9XA", "martin@example.org"})
        CHECK_MESSAGE(sealed->file.find(secret) == std::string::npos, secret);

    auto bundle = invoices::verify_invoice_bundle(sealed->file, test::ring_of(key));
    REQUIRE_MESSAGE(bundle.ok(), (bundle.ok() ? "" : bundle.error().message));
    CHECK(bundle->service == "regie");
    CHECK(bundle->version == 3);

    // Typed as on the paper, with spaces and lower case.
    auto opened = invoices::open_family(*bundle, "f 001234", "K7Q2 M9XA");
    REQUIRE(opened.ok());
    REQUIRE(opened->outcome == invoices::OpenOutcome::opened);
    CHECK(opened->family.name == "Famille Martin");
    REQUIRE(opened->family.invoices.size() == 2);
    const auto& jan = opened->family.invoices[0];
    CHECK(jan.amount_cents == 4250);
    CHECK(jan.lines.size() == 2);
    CHECK_FALSE(jan.paid);
    CHECK(invoices::payment_ref(jan.pay_token) == sealed->offers[0].ref);
    CHECK(opened->family.invoices[1].paid);
    CHECK(opened->family.invoices[1].pay_token.empty());

    auto wrong = invoices::open_family(*bundle, "F001234", "K7Q2M9XB");
    REQUIRE(wrong.ok());
    CHECK(wrong->outcome == invoices::OpenOutcome::wrong_code);
    // Another family's code does not open this family.
    auto swapped = invoices::open_family(*bundle, "F001234", "ZZZZ1111");
    REQUIRE(swapped.ok());
    CHECK(swapped->outcome == invoices::OpenOutcome::wrong_code);
    auto unknown = invoices::open_family(*bundle, "F404", "K7Q2M9XA");
    REQUIRE(unknown.ok());
    CHECK(unknown->outcome == invoices::OpenOutcome::unknown_family);
}

TEST_CASE("a forged, relabelled, tampered or corrupt invoice bundle is refused") {
    const auto key = crypto::SecretKey::generate();
    auto sealed = invoices::seal_bundle({martin()}, "regie", 1, 1'800'000'000, key, kFast);
    REQUIRE(sealed.ok());
    // Signed by someone else (a forged bundle): refused.
    const auto forger = crypto::SecretKey::generate();
    auto forged = invoices::seal_bundle({martin()}, "regie", 2, 1'800'000'000, forger, kFast);
    REQUIRE(forged.ok());
    CHECK_FALSE(invoices::verify_invoice_bundle(forged->file, test::ring_of(key)).ok());
    // A genuine signature made for another purpose.
    const std::string body = sealed->bundle.to_json();
    const auto other = crypto::sign(key, as_bytes(body), "guichet invoices", "guichet statuses kiosk=k seq=1");
    auto relabelled = invoices::verify_invoice_bundle(other.to_file_text() + body, test::ring_of(key));
    REQUIRE_FALSE(relabelled.ok());
    CHECK(relabelled.error().message.find("trusted comment") != std::string::npos);
    // One byte changed, truncated, garbage, oversized.
    std::string tampered = sealed->file;
    tampered[tampered.size() - 20] ^= 1;
    CHECK_FALSE(invoices::verify_invoice_bundle(tampered, test::ring_of(key)).ok());
    CHECK_FALSE(invoices::verify_invoice_bundle(sealed->file.substr(0, sealed->file.size() / 2), test::ring_of(key)).ok());
    CHECK_FALSE(invoices::verify_invoice_bundle("not a bundle", test::ring_of(key)).ok());
    CHECK_FALSE(invoices::verify_invoice_bundle(std::string(invoices::kMaxInvoiceBundleSize + 1, 'x'), test::ring_of(key)).ok());
    // A signed body whose cost would stall a kiosk.
    auto heavy = sealed->bundle;
    heavy.kdf.memlimit = 4ull << 30;
    const auto heavy_sig = crypto::sign(key, as_bytes(heavy.to_json()), "guichet invoices", invoices::invoice_comment("regie", 1));
    CHECK_FALSE(invoices::verify_invoice_bundle(heavy_sig.to_file_text() + heavy.to_json(), test::ring_of(key)).ok());
}

TEST_CASE("sealing refuses a short code, a duplicate family and a bad service id") {
    const auto key = crypto::SecretKey::generate();
    CHECK_FALSE(invoices::seal_bundle({other("F1", "abc")}, "regie", 1, 0, key, kFast).ok());
    CHECK_FALSE(invoices::seal_bundle({martin(), martin()}, "regie", 1, 0, key, kFast).ok());
    CHECK_FALSE(invoices::seal_bundle({martin()}, "Régie!", 1, 0, key, kFast).ok());
    CHECK(invoices::payfip_objet("Facture n° 12 — Décembre 2026 (cantine)") == "Facture n 12 Decembre 2026 cantine");
}

TEST_CASE("twenty wrong codes slow the kiosk down, exponentially, across restarts") {
    test::TempDir dir;
    const fs::path path = dir / "invoice-guard.json";
    std::int64_t now = 1'800'000'000;
    {
        auto g = invoices::CodeGuard::load(path);
        for (int i = 0; i < invoices::kFreeTries; ++i) {
            CHECK(g.wait_seconds(now) == 0);
            REQUIRE(g.record_failure(now).ok());
        }
        CHECK(g.wait_seconds(now) == 0);  // 19 typing mistakes cost nothing
        REQUIRE(g.record_failure(now).ok());  // the 20th
        CHECK(g.wait_seconds(now) == 30);
    }
    // Restarting the kiosk does not reset it.
    auto g = invoices::CodeGuard::load(path);
    CHECK(g.failures() == 20);
    CHECK(g.wait_seconds(now + 10) == 20);
    now += 30;
    CHECK(g.wait_seconds(now) == 0);
    REQUIRE(g.record_failure(now).ok());
    CHECK(g.wait_seconds(now) == 60);
    REQUIRE(g.record_failure(now + 60).ok());
    CHECK(g.wait_seconds(now + 60) == 120);
    CHECK(invoices::delay_after(40) == invoices::kMaxDelaySeconds);
    // A damaged file errs on the slow side.
    test::write_all(path, as_bytes(std::string("{garbage")));
    CHECK(invoices::CodeGuard::load(path).wait_seconds(now) > 0);
    // A right code resets it.
    auto h = invoices::CodeGuard::load(path);
    REQUIRE(h.record_success().ok());
    CHECK(invoices::CodeGuard::load(path).failures() == 0);
}

TEST_CASE("Argon2id at the kiosk's cost: one derivation per try, timed") {
    // The bundle's default cost (3 passes, 64 MiB): what a resident waits for
    // at each try, off the UI thread. libsodium is the system's (not under
    // ASan), so this build times the code a kiosk runs.
    std::array<std::uint8_t, 16> salt{};
    randombytes_buf(salt.data(), salt.size());
    invoices::FamilyKey a, b;
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(invoices::derive_family_key("F001234", "K7Q2M9XA", salt, {}, a).ok());
    const auto t1 = std::chrono::steady_clock::now();
    REQUIRE(invoices::derive_family_key("F001234", "K7Q2M9XB", salt, {}, b).ok());
    CHECK(sodium_memcmp(a.data(), b.data(), a.size()) != 0);
    MESSAGE("Argon2id 3 passes, 64 MiB: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms");
}
