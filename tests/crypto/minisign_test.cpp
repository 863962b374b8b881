#include "common/file.hpp"
#include "crypto/minisign.hpp"
#include "crypto/signing/signing.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::crypto;

TEST_CASE("a signature verifies, and fails on a changed message, comment or key") {
    auto key = SecretKey::generate();
    const std::string message = "Demande d’acte de naissance — « Anor »";
    auto sig = sign(key, as_bytes(message), "untrusted", "trusted: pack anor v1");
    auto ring = test::ring_of(key);
    CHECK(verify(sig, ring, as_bytes(message)).ok());

    SUBCASE("changed message") {
        auto r = verify(sig, ring, as_bytes(message + "!"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("signature verification failed") != std::string::npos);
    }
    SUBCASE("changed trusted comment") {
        auto forged = sig;
        forged.trusted_comment = "trusted: pack anor v999";
        auto r = verify(forged, ring, as_bytes(message));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("trusted comment") != std::string::npos);
    }
    SUBCASE("untrusted key") {
        auto other = SecretKey::generate();
        auto r = verify(sig, test::ring_of(other), as_bytes(message));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find(key_id_hex(key.id)) != std::string::npos);
        CHECK(r.error().message.find("not a trusted key") != std::string::npos);
    }
    SUBCASE("same key id, different key") {
        auto other = SecretKey::generate();
        other.id = key.id;
        auto r = verify(sig, test::ring_of(other), as_bytes(message));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("signature verification failed") != std::string::npos);
    }
}

TEST_CASE("signature and public key files round-trip through their text form") {
    auto key = SecretKey::generate();
    auto sig = sign(key, as_bytes("x"), "c1", "c2");
    auto parsed = Signature::parse(sig.to_file_text());
    REQUIRE(parsed.ok());
    CHECK(parsed->signature == sig.signature);
    CHECK(parsed->global_signature == sig.global_signature);
    CHECK(parsed->trusted_comment == "c2");
    CHECK(parsed->prehashed);

    auto pk = PublicKey::parse(key.public_key().to_file_text());
    REQUIRE(pk.ok());
    CHECK(pk->key == key.public_key().key);
    CHECK(pk->id == key.id);

    CHECK_FALSE(PublicKey::parse("untrusted comment: x\nnot base64!\n").ok());
    CHECK_FALSE(Signature::parse("untrusted comment: x\n").ok());
    CHECK_FALSE(Signature::parse("hello\nworld\nfoo\nbar\n").ok());
}

TEST_CASE("secret key files round-trip and a corrupted one is refused") {
    test::TempDir dir;
    auto key = SecretKey::generate();
    REQUIRE(key.save_unencrypted(dir / "k.key").ok());
    CHECK((std::filesystem::status(dir / "k.key").permissions() & std::filesystem::perms::others_read) ==
          std::filesystem::perms::none);
    auto loaded = SecretKey::load(dir / "k.key", std::nullopt);
    REQUIRE(loaded.ok());
    CHECK(loaded->id == key.id);
    CHECK(loaded->public_key().key == key.public_key().key);

    auto text = test::to_string(test::read_all(dir / "k.key"));
    auto line2 = text.find('\n') + 1;
    text[line2 + 100] = text[line2 + 100] == 'A' ? 'B' : 'A';  // inside the secret part
    test::write_all(dir / "bad.key", as_bytes(text));
    auto bad = SecretKey::load(dir / "bad.key", std::nullopt);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("checksum") != std::string::npos);
}

TEST_CASE("stock minisign and this library accept each other's keys and signatures") {
    test::TempDir dir;
    std::string out;
    REQUIRE_MESSAGE(test::run_command("command -v minisign", &out) == 0, "minisign is not installed (scripts/setup.sh installs it)");
    test::write_all(dir / "file.txt", as_bytes("Bonjour, Anor !\n"));

    SUBCASE("minisign verifies our signature") {
        auto key = SecretKey::generate();
        test::write_all(dir / "k.pub", as_bytes(key.public_key().to_file_text()));
        auto sig = sign(key, test::read_all(dir / "file.txt"), "u", "t");
        test::write_all(dir / "file.txt.minisig", as_bytes(sig.to_file_text()));
        CHECK(test::run_command("minisign -V -p " + (dir / "k.pub").string() + " -m " + (dir / "file.txt").string(), &out) == 0);
        test::write_all(dir / "file.txt", as_bytes("Bonjour, Anor ?\n"));
        CHECK(test::run_command("minisign -V -p " + (dir / "k.pub").string() + " -m " + (dir / "file.txt").string(), &out) != 0);
    }
    SUBCASE("we verify minisign's signature and sign with its key") {
        REQUIRE(test::run_command("minisign -G -W -p " + (dir / "m.pub").string() + " -s " + (dir / "m.key").string(), &out) == 0);
        REQUIRE(test::run_command("minisign -S -s " + (dir / "m.key").string() + " -m " + (dir / "file.txt").string() +
                                      " -t 'trusted by minisign'", &out) == 0);
        auto pk = PublicKey::parse(test::to_string(test::read_all(dir / "m.pub")));
        REQUIRE(pk.ok());
        KeyRing ring;
        ring.add(*pk);
        auto sig = Signature::parse(test::to_string(test::read_all(dir / "file.txt.minisig")));
        REQUIRE(sig.ok());
        CHECK(sig->trusted_comment == "trusted by minisign");
        CHECK(verify(*sig, ring, test::read_all(dir / "file.txt")).ok());

        auto key = SecretKey::load(dir / "m.key", std::nullopt);
        REQUIRE_MESSAGE(key.ok(), (key.ok() ? "" : key.error().message));
        CHECK(key->public_key().key == pk->key);
        auto ours = sign(*key, test::read_all(dir / "file.txt"), "u", "t");
        test::write_all(dir / "file.txt.minisig", as_bytes(ours.to_file_text()));
        CHECK(test::run_command("minisign -V -p " + (dir / "m.pub").string() + " -m " + (dir / "file.txt").string(), &out) == 0);
    }
}
