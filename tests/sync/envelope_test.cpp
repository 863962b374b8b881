// Envelope signatures, protocol 1.2 (docs/protocol.md §4.4): the canonical
// bytes, signing and verifying, every field covered, fields the layout cannot
// hold refused, and the JSON forms (a 1.1 body stays byte for byte 1.1).
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"

#include "crypto/base64.hpp"
#include "crypto/hash.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace guichet;
using namespace guichet::sync;

namespace {

SubmissionUpload sample() {
    SubmissionUpload up;
    up.uuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "acte-naissance";
    up.form_version = 2;
    up.recipient_id = "etat-civil";
    up.created_at = 1'800'000'000;
    up.sealed_payload = {1, 2, 3, 0, 255};
    up.attachments.push_back({0, 10, {9, 9}, 58, std::string(64, 'a')});
    return up;
}

}  // namespace

TEST_CASE("envelope: the canonical bytes have a fixed, domain-separated layout") {
    const auto up = sample();
    auto bytes = canonical_envelope(up, "k-3f9a0c21");
    REQUIRE(bytes.ok());
    const std::string expected = "guichet-envelope-v1\nk-3f9a0c21\n0b3c6a7e-1f2d-4c3b-8a9e-112233445566\nANR-7K3Q-9P\n"
                                 "acte-naissance\n2\netat-civil\n1800000000\n" +
                                 to_hex(crypto::blake2b_256(up.sealed_payload)) + "\n1\n0 10 58 " +
                                 std::string(64, 'a') + " " + to_hex(crypto::blake2b_256(Bytes{9, 9})) + "\n";
    CHECK(*bytes == expected);
    // The author is part of the signed bytes, not taken from the upload.
    CHECK(canonical_envelope(up, "k-other").value() != *bytes);
}

TEST_CASE("envelope: signed by the kiosk, it verifies with its key only, and the same key signs the same bytes") {
    auto key = RequestKey::generate();
    auto other = RequestKey::generate();
    auto up = sample();
    REQUIRE(sign_envelope(up, "k-3f9a0c21", key).ok());
    CHECK(up.kiosk_id == "k-3f9a0c21");
    CHECK(up.envelope_signature.size() == 64);
    CHECK(verify_envelope(up, key.public_key()).ok());
    auto refused = verify_envelope(up, other.public_key());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("does not match kiosk k-3f9a0c21") != std::string::npos);
    auto again = sample();
    REQUIRE(sign_envelope(again, "k-3f9a0c21", key).ok());
    CHECK(again.envelope_signature == up.envelope_signature);  // Ed25519 is deterministic: retries stay byte-identical
    auto unsigned_up = sample();
    CHECK_FALSE(verify_envelope(unsigned_up, key.public_key()).ok());
}

TEST_CASE("envelope: changing any field after signing breaks the signature") {
    auto key = RequestKey::generate();
    auto signed_up = sample();
    REQUIRE(sign_envelope(signed_up, "k-3f9a0c21", key).ok());
    const std::vector<std::pair<const char*, std::function<void(SubmissionUpload&)>>> changes = {
        {"kiosk id", [](SubmissionUpload& u) { u.kiosk_id = "k-00000000"; }},
        {"uuid", [](SubmissionUpload& u) { u.uuid[0] = '1'; }},
        {"tracking code", [](SubmissionUpload& u) { u.tracking_code = "ANR-7K3Q-9Q"; }},
        {"form id", [](SubmissionUpload& u) { u.form_id = "acte-deces"; }},
        {"form version", [](SubmissionUpload& u) { u.form_version = 3; }},
        {"recipient", [](SubmissionUpload& u) { u.recipient_id = "urbanisme"; }},
        {"created_at", [](SubmissionUpload& u) { u.created_at += 1; }},
        {"sealed payload", [](SubmissionUpload& u) { u.sealed_payload[4] ^= 1; }},
        {"attachment size", [](SubmissionUpload& u) { u.attachments[0].size += 1; }},
        {"attachment meta", [](SubmissionUpload& u) { u.attachments[0].sealed_meta[0] ^= 1; }},
        {"attachment length", [](SubmissionUpload& u) { u.attachments[0].sealed_length += 1; }},
        {"attachment hash", [](SubmissionUpload& u) { u.attachments[0].sealed_blake2b[0] = 'b'; }},
        {"attachment dropped", [](SubmissionUpload& u) { u.attachments.clear(); }},
        {"signature", [](SubmissionUpload& u) { u.envelope_signature[10] ^= 1; }},
    };
    for (const auto& [what, change] : changes) {
        CAPTURE(what);
        auto up = signed_up;
        change(up);
        CHECK_FALSE(verify_envelope(up, key.public_key()).ok());
    }
}

TEST_CASE("envelope: empty fields and control characters are refused, so the layout stays unambiguous") {
    auto key = RequestKey::generate();
    auto up = sample();
    up.form_id = "a\nb";
    auto r = sign_envelope(up, "k-1", key);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("form_id holds a control character") != std::string::npos);
    up = sample();
    CHECK_FALSE(sign_envelope(up, "", key).ok());
    up.attachments[0].sealed_blake2b = "aa bb";
    CHECK_FALSE(sign_envelope(up, "k-1", key).ok());
}

TEST_CASE("envelope: the signed body carries kiosk_id and envelope_signature, an unsigned one is a 1.1 body") {
    auto key = RequestKey::generate();
    auto up = sample();
    const auto unsigned_body = to_json(up);
    CHECK(unsigned_body.find("kiosk_id") == std::string::npos);
    CHECK(unsigned_body.find("envelope_signature") == std::string::npos);
    REQUIRE(sign_envelope(up, "k-3f9a0c21", key).ok());
    auto back = parse_submission_upload(to_json(up));
    REQUIRE(back.ok());
    CHECK(back->kiosk_id == "k-3f9a0c21");
    CHECK(back->envelope_signature == up.envelope_signature);
    CHECK(verify_envelope(*back, key.public_key()).ok());
    CHECK(parse_submission_upload(unsigned_body)->envelope_signature.empty());

    // What a partner receives: the envelope, its signature and the author's key as the hub lists it.
    PartnerDemarche d;
    d.uuid = up.uuid;
    d.tracking_code = up.tracking_code;
    d.form_id = up.form_id;
    d.form_version = up.form_version;
    d.created_at = up.created_at;
    d.received_at = 7;
    d.sealed_payload = up.sealed_payload;
    d.attachments = up.attachments;
    d.recipient_id = up.recipient_id;
    d.kiosk_id = up.kiosk_id;
    d.envelope_signature = up.envelope_signature;
    d.kiosk_public_key = public_key_base64(key.public_key());
    auto received = parse_partner_demarche(to_json(d));
    REQUIRE(received.ok());
    CHECK(received->kiosk_public_key == d.kiosk_public_key);
    CHECK(verify_envelope(envelope_of(*received), parse_public_key(received->kiosk_public_key).value()).ok());
}
