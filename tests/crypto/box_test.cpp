#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::crypto;

TEST_CASE("a sealed message opens only with the recipient's secret key") {
    auto recipient = BoxKeyPair::generate();
    auto other = BoxKeyPair::generate();
    const std::string payload = R"({"nom":"Dupont","iban":"FR76 3000 6000 0112 3456 7890 189"})";
    auto sealed_or = seal(as_bytes(payload), recipient.public_key);
    REQUIRE(sealed_or.ok());
    Bytes sealed = *sealed_or;
    CHECK(sealed.size() == payload.size() + crypto_box_SEALBYTES);
    CHECK(std::string(sealed.begin(), sealed.end()).find("Dupont") == std::string::npos);

    auto opened = open_sealed(sealed, recipient);
    REQUIRE(opened.ok());
    CHECK(test::to_string(*opened) == payload);
    CHECK_FALSE(open_sealed(sealed, other).ok());
    sealed[sealed.size() / 2] ^= 1;
    CHECK_FALSE(open_sealed(sealed, recipient).ok());
    CHECK_FALSE(open_sealed(ByteView(sealed.data(), 10), recipient).ok());
}

TEST_CASE("recipient key files round-trip") {
    test::TempDir dir;
    auto kp = BoxKeyPair::generate();
    REQUIRE(kp.save(dir / "r.box.key").ok());
    auto loaded = BoxKeyPair::load(dir / "r.box.key");
    REQUIRE(loaded.ok());
    CHECK(loaded->public_key.key == kp.public_key.key);
    auto pub = BoxPublicKey::parse(kp.public_key.to_file_text("etat-civil"));
    REQUIRE(pub.ok());
    CHECK(pub->key == kp.public_key.key);
    CHECK_FALSE(BoxPublicKey::parse("# comment only\n").ok());
    CHECK_FALSE(BoxPublicKey::parse("AAAA\n").ok());
}
