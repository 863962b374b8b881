#include "crypto/signed_document.hpp"
#include "crypto/signing/signing.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::crypto;

TEST_CASE("a signed document verifies, and its block must be canonical, of its kind and complete") {
    auto key = SecretKey::generate();
    auto ring = test::ring_of(key);
    const std::string body = R"({"kind":"events","version":3})";
    const std::string file = sign_document(key, body, "guichet feed", "guichet feed kind=events version=3");

    auto doc = verify_signed_document(file, "guichet feed", ring, "feed", "guichet-hub");
    REQUIRE(doc.ok());
    CHECK(doc->body == body);
    CHECK(doc->signature.trusted_comment == "guichet feed kind=events version=3");

    auto other_kind = split_signed_document(file, "guichet pack index", "index", "guichet-pack publish");
    REQUIRE_FALSE(other_kind.ok());
    CHECK(other_kind.error().message ==
          "index: signature block is not in the canonical form written by guichet-pack publish");

    auto tampered = file;
    tampered.back() = ' ';
    auto bad = verify_signed_document(tampered, "guichet feed", ring, "feed", "guichet-hub");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("feed: signature verification failed") == 0);
    CHECK(split_signed_document(tampered, "guichet feed", "feed", "guichet-hub").ok());  // splitting checks no signature

    const std::string truncated = file.substr(0, file.find('\n') + 1);
    auto cut = split_signed_document(truncated, "guichet feed", "feed", "guichet-hub");
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message == "feed: truncated signature block");

    auto stranger = test::ring_of(SecretKey::generate());
    CHECK_FALSE(verify_signed_document(file, "guichet feed", stranger, "feed", "guichet-hub").ok());
}
