// A démarche belongs to the kiosk that sealed it (docs/protocol.md §4.4),
// over HTTP against an in-process hub: another kiosk re-sending its body is
// refused, unsigned and tampered envelopes are refused, copies are refused,
// statuses go to the author only, and a 1.1 record takes the signature of its
// kiosk's signed retry.
#include "hub/hub_db.hpp"
#include "partner/partner.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include "crypto/hash.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

HttpAnswer send(HubClient& c, std::string_view method, std::string_view path, std::string_view body = {},
                const std::vector<Header>& headers = {}) {
    auto a = c.send(method, path, {}, as_bytes(body), body.empty() ? "" : "application/json", headers);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    return std::move(*a);
}

std::string error_kind(const HttpAnswer& a) {
    auto j = nlohmann::json::parse(a.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : "(no error kind: " + a.body + ")";
}

const std::string kUuid = "5d1f0c9a-2b3c-4d5e-8f60-718293a4b5c6";
const std::string kCode = "ANR-4H7K-2M";

SubmissionUpload unsigned_upload() {
    SubmissionUpload up;
    up.uuid = kUuid;
    up.tracking_code = kCode;
    up.form_id = "acte-naissance";
    up.form_version = 1;
    up.recipient_id = "etat-civil";
    up.created_at = 1'800'000'000;
    up.sealed_payload = Bytes(120, 42);
    return up;
}

SubmissionUpload signed_by(const EnrolledKiosk& k, SubmissionUpload up = unsigned_upload()) {
    REQUIRE(sign_envelope(up, k.id, k.key).ok());
    return up;
}

// Replaces FROM by TO once in TEXT (the body as a hostile sender would edit it).
std::string edited(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("ownership: another kiosk's démarche is refused over the line, tampered or unsigned envelopes too, statuses go to the author") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto a = enroll_kiosk_with_key(dir / "hub", dir / "a", hub.url());
    auto b = enroll_kiosk_with_key(dir / "hub", dir / "b", hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub", "etat-civil");
    auto ka = signed_client(hub.url(), a.id, a.key);
    auto kb = signed_client(hub.url(), b.id, b.key);
    auto p = signed_client(hub.url(), partner.id, partner.signing);
    const std::string path = "/v1/demarches/" + kUuid;
    const std::vector<Header> idem{{kHeaderIdempotencyKey, kUuid}};
    const auto body = to_json(signed_by(a));

    // B re-sends A's body, captured on the line or read off A's stick: 403, nothing stored.
    auto hijack = send(kb, "PUT", path, body, idem);
    CHECK(hijack.status == 403);
    CHECK(error_kind(hijack) == "not-author");
    CHECK(parse_partner_list(send(p, "GET", "/v1/partner/demarches").body)->empty());

    // Unsigned (a 1.1 agent) and tampered envelopes.
    auto unsigned_answer = send(ka, "PUT", path, to_json(unsigned_upload()), idem);
    CHECK(unsigned_answer.status == 400);
    CHECK(error_kind(unsigned_answer) == "envelope-unsigned");
    auto other_code = send(ka, "PUT", path, edited(body, kCode, "ANR-4H7K-2N"), idem);
    CHECK(other_code.status == 400);
    CHECK(error_kind(other_code) == "bad-envelope-signature");
    auto up = signed_by(a);
    up.sealed_payload[7] ^= 1;
    auto other_payload = send(ka, "PUT", path, to_json(up), idem);
    CHECK(other_payload.status == 400);
    CHECK(error_kind(other_payload) == "bad-envelope-signature");
    // B's own signature in A's name: the envelope still says A, the key is B's.
    auto forged = unsigned_upload();
    REQUIRE(sign_envelope(forged, a.id, b.key).ok());
    auto forged_answer = send(kb, "PUT", path, to_json(forged), idem);
    CHECK(forged_answer.status == 403);
    auto forged_by_a = send(ka, "PUT", path, to_json(forged), idem);
    CHECK(forged_by_a.status == 400);
    CHECK(error_kind(forged_by_a) == "bad-envelope-signature");
    CHECK(parse_partner_list(send(p, "GET", "/v1/partner/demarches").body)->empty());

    // A delivers it; a retry is the idempotent receipt; B still gets 403, not the receipt.
    auto first = send(ka, "PUT", path, body, idem);
    REQUIRE(first.status == 200);
    auto retry = send(ka, "PUT", path, body, idem);
    CHECK(retry.status == 200);
    CHECK(retry.body == first.body);
    CHECK(retry.header("Idempotent-Replay") == "true");
    CHECK(send(kb, "PUT", path, body, idem).status == 403);
    CHECK(send(kb, "GET", path).status == 404);
    CHECK(send(ka, "GET", path).status == 200);
    // B signs a copy of A's démarche as its own: the UUID is A's already.
    auto copy = send(kb, "PUT", path, to_json(signed_by(b)), idem);
    CHECK(copy.status == 409);
    CHECK(error_kind(copy) == "authorship-conflict");
    CHECK(send(ka, "PUT", path, body, idem).body == first.body);
    // Or under a new UUID (and its own tracking code): the sealed payload is A's démarche's.
    const std::string other_uuid = "5d1f0c9a-2b3c-4d5e-8f60-718293a4b5c7";
    auto renamed = unsigned_upload();
    renamed.uuid = other_uuid;
    renamed.tracking_code = "ANR-9Z9Z-9Z";
    auto copy_new_uuid =
        send(kb, "PUT", "/v1/demarches/" + other_uuid, to_json(signed_by(b, renamed)), {{kHeaderIdempotencyKey, other_uuid}});
    CHECK(copy_new_uuid.status == 409);
    CHECK(error_kind(copy_new_uuid) == "copied-payload");
    CHECK(parse_partner_list(send(p, "GET", "/v1/partner/demarches").body)->size() == 1);

    // The partner gets the envelope, its signature and A's key, and checks it.
    auto fetched = parse_partner_demarche(send(p, "GET", "/v1/partner/demarches/" + kUuid).body);
    REQUIRE(fetched.ok());
    CHECK(fetched->kiosk_id == a.id);
    CHECK(fetched->recipient_id == "etat-civil");
    CHECK(fetched->kiosk_public_key == public_key_base64(a.key.public_key()));
    CHECK(verify_envelope(envelope_of(*fetched), parse_public_key(fetched->kiosk_public_key).value()).ok());

    // The status and its message for the resident reach A only.
    REQUIRE(send(p, "POST", "/v1/partner/statuses",
                 to_json(StatusUpdate{kCode, "pret_a_retirer", "Votre acte est prêt, passez en mairie.", 0}))
                .status == 200);
    auto feed_a = parse_status_feed(send(ka, "GET", "/v1/kiosk/statuses").body);
    REQUIRE(feed_a.ok());
    REQUIRE(feed_a->statuses.size() == 1);
    CHECK(feed_a->statuses[0].message == "Votre acte est prêt, passez en mairie.");
    auto feed_b = parse_status_feed(send(kb, "GET", "/v1/kiosk/statuses").body);
    REQUIRE(feed_b.ok());
    CHECK(feed_b->statuses.empty());
}

TEST_CASE("ownership: a 1.1 hub database migrates, and a démarche it took unsigned takes its kiosk's signed retry") {
    if (hub_on_postgres()) {
        MESSAGE("SQLite's migrations: not on PostgreSQL (its schema is made whole)");
        return;
    }
    TempDir dir;
    const auto hub_data = dir / "hub";
    auto a = enroll_kiosk_with_key(hub_data, dir / "a", "http://127.0.0.1:1");
    auto b = enroll_kiosk_with_key(hub_data, dir / "b", "http://127.0.0.1:1");
    const auto legacy_body = to_json(unsigned_upload());
    const std::string stored_answer = to_json(SubmissionReceipt{kUuid, "h-1", 1'800'000'100});
    {
        // What a 1.1 hub held: schema version 1, the démarche stored from A's unsigned upload.
        auto db = open_hub_db(hub_data);
        REQUIRE(db.ok());
        auto& raw = db->db();
        REQUIRE(raw.exec("DROP TABLE invoice_attempt; DROP TABLE invoice_offer; DROP TABLE sealed_register; DROP TABLE visio_booking; DROP TABLE usage_day; DROP TABLE usage_counter; DROP TABLE staff_session; DROP TABLE staff_account; "
                         "DROP INDEX demarche_inbox; ALTER TABLE demarche DROP COLUMN last_status; "
                         "DROP INDEX demarche_payload; ALTER TABLE demarche DROP COLUMN payload_blake2b; "
                         "ALTER TABLE demarche DROP COLUMN envelope_signature; PRAGMA user_version = 1")
                    .ok());
        auto d = raw.prepare(
            "INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, created_at, "
            "received_at, receipt, sealed_payload, attachment_count, complete, completed_at) "
            "VALUES (?1, ?2, ?3, 'acte-naissance', 1, 'etat-civil', 1800000000, 1800000100, 'h-1', ?4, 0, 1, "
            "1800000100)");
        REQUIRE(d.ok());
        REQUIRE(d->bind(1, kUuid).bind(2, a.id).bind(3, kCode).bind(4, ByteView(Bytes(120, 42))).run().ok());
        auto i = raw.prepare(
            "INSERT INTO idempotency (key, client_id, request_hash, status, answer, created_at) "
            "VALUES (?1, ?2, ?3, 200, ?4, 1800000100)");
        REQUIRE(i.ok());
        const auto hash = crypto::blake2b_256(as_bytes(legacy_body));
        REQUIRE(i->bind(1, kUuid).bind(2, a.id).bind(3, ByteView(hash)).bind(4, stored_answer).run().ok());
    }
    InProcessHub hub(hub_data);  // migrates to version 2
    {
        auto db = open_hub_db(hub_data);
        REQUIRE(db.ok());
        CHECK(db->db().query_int("PRAGMA user_version").value() == hub::kHubSchemaVersion);
    }
    auto ka = signed_client(hub.url(), a.id, a.key);
    auto kb = signed_client(hub.url(), b.id, b.key);
    auto partner = register_demo_partner(dir / "partner", hub_data, "etat-civil");
    auto p = signed_client(hub.url(), partner.id, partner.signing);
    const std::string path = "/v1/demarches/" + kUuid;
    const std::vector<Header> idem{{kHeaderIdempotencyKey, kUuid}};

    // The partner sees it unsigned, as it was stored.
    auto before = parse_partner_demarche(send(p, "GET", "/v1/partner/demarches/" + kUuid).body);
    REQUIRE(before.ok());
    CHECK(before->envelope_signature.empty());
    // B cannot adopt A's record by signing it; A's upgraded agent can, and gets its receipt.
    CHECK(send(kb, "PUT", path, to_json(signed_by(b)), idem).status == 409);
    auto changed = unsigned_upload();
    changed.form_version = 2;
    CHECK(send(ka, "PUT", path, to_json(signed_by(a, changed)), idem).status == 422);
    auto upgraded = send(ka, "PUT", path, to_json(signed_by(a)), idem);
    CHECK(upgraded.status == 200);
    CHECK(upgraded.body == stored_answer);
    CHECK(upgraded.header("Idempotent-Replay") == "true");
    CHECK(send(ka, "PUT", path, to_json(signed_by(a)), idem).body == stored_answer);
    // The migration hashed the 1.1 record's payload: a copy of it under a new UUID is refused too.
    const std::string other_uuid = "5d1f0c9a-2b3c-4d5e-8f60-718293a4b5c7";
    auto renamed = unsigned_upload();
    renamed.uuid = other_uuid;
    CHECK(send(kb, "PUT", "/v1/demarches/" + other_uuid, to_json(signed_by(b, renamed)),
               {{kHeaderIdempotencyKey, other_uuid}})
              .status == 409);
    auto after = parse_partner_demarche(send(p, "GET", "/v1/partner/demarches/" + kUuid).body);
    REQUIRE(after.ok());
    CHECK(after->kiosk_id == a.id);
    CHECK(verify_envelope(envelope_of(*after), a.key.public_key()).ok());
}

TEST_CASE("ownership: guichet-partner refuses a démarche whose envelope does not verify or is addressed to another service") {
    auto a = EnrolledKiosk{"k-3f9a0c21", RequestKey::generate()};
    const auto up = signed_by(a);
    PartnerDemarche d;
    d.uuid = up.uuid;
    d.tracking_code = up.tracking_code;
    d.form_id = up.form_id;
    d.form_version = up.form_version;
    d.created_at = up.created_at;
    d.sealed_payload = up.sealed_payload;
    d.recipient_id = up.recipient_id;
    d.kiosk_id = up.kiosk_id;
    d.envelope_signature = up.envelope_signature;
    d.kiosk_public_key = public_key_base64(a.key.public_key());
    CHECK(partner::check_envelope(d, "etat-civil").value() == "signed by kiosk k-3f9a0c21");
    CHECK_FALSE(partner::check_envelope(d, "urbanisme").ok());
    auto other_code = d;
    other_code.tracking_code = "ANR-4H7K-2N";  // changed at the hub, or on its disk
    auto refused = partner::check_envelope(other_code, "etat-civil");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("does not match kiosk k-3f9a0c21") != std::string::npos);
    auto other_key = d;
    other_key.kiosk_public_key = public_key_base64(RequestKey::generate().public_key());
    CHECK_FALSE(partner::check_envelope(other_key, "etat-civil").ok());
    auto no_key = d;
    no_key.kiosk_public_key = "???";
    CHECK_FALSE(partner::check_envelope(no_key, "etat-civil").ok());
    PartnerDemarche legacy = d;
    legacy.envelope_signature.clear();
    CHECK(partner::check_envelope(legacy, "etat-civil").value() == "unsigned (stored before protocol 1.2)");
}
