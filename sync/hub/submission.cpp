// Accepting a démarche: checks, idempotency record and insert in the caller's
// transaction (docs/protocol.md §4.1).
#include "hub/submission.hpp"

#include "crypto/hash.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"

#include <algorithm>
#include <variant>

namespace guichet::sync::hub {

namespace {

constexpr std::uint64_t kMaxSealedAttachment = (16 << 20) + 64;
constexpr std::size_t kMaxAttachments = 20;

std::string validate(const SubmissionUpload& up, const std::string& path_uuid) {
    if (up.uuid != path_uuid) return "the body's uuid differs from the path's";
    if (!is_tracking_code(up.tracking_code)) return "tracking_code: not a tracking code";
    if (up.form_id.empty() || up.form_id.size() > 200) return "form_id: empty or too long";
    if (up.recipient_id.empty() || up.recipient_id.size() > 64) return "recipient_id: empty or too long";
    if (up.sealed_payload.empty()) return "sealed_payload: empty";
    if (up.attachments.size() > kMaxAttachments) return "too many attachments";
    for (std::size_t i = 0; i < up.attachments.size(); ++i) {
        const auto& a = up.attachments[i];
        if (a.index != static_cast<int>(i)) return "attachments: indexes must be 0, 1, … in order";
        if (a.sealed_length == 0 || a.sealed_length > kMaxSealedAttachment) return "attachments: bad sealed_length";
        Bytes h;
        if (a.sealed_blake2b.size() != 64 || !from_hex(a.sealed_blake2b, h)) return "attachments: bad sealed_blake2b";
    }
    return {};
}

// Stores the démarche as its author's, with its idempotency record; returns the answer.
Result<std::string> insert_submission(sql::Database& db, const SubmissionUpload& up, ByteView request_hash,
                                      std::int64_t now) {
    const std::string& kiosk = up.kiosk_id;
    auto d = db.prepare(
        "INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, created_at, "
        "received_at, receipt, sealed_payload, attachment_count, complete, completed_at, envelope_signature, "
        "payload_blake2b) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id");
    if (!d) return d.error();
    const bool complete = up.attachments.empty();
    d->bind(1, up.uuid).bind(2, kiosk).bind(3, up.tracking_code).bind(4, up.form_id).bind(5, up.form_version);
    d->bind(6, up.recipient_id).bind(7, up.created_at).bind(8, now).bind(9, ByteView(up.sealed_payload));
    d->bind(10, static_cast<std::int64_t>(up.attachments.size())).bind(11, std::int64_t{complete ? 1 : 0});
    d->bind(12, complete ? std::optional<std::int64_t>(now) : std::nullopt);
    d->bind(13, ByteView(up.envelope_signature)).bind(14, ByteView(crypto::blake2b_256(up.sealed_payload)));
    auto inserted = d->run_returning();
    if (!inserted) return inserted.error();
    const auto id = *inserted;
    SubmissionReceipt receipt{up.uuid, "h-" + std::to_string(id), now};
    auto set_receipt = db.prepare("UPDATE demarche SET receipt = ?2 WHERE id = ?1");
    if (!set_receipt) return set_receipt.error();
    set_receipt->bind(1, id).bind(2, receipt.receipt);
    if (auto r = set_receipt->run(); !r) return r.error();
    for (const auto& a : up.attachments) {
        auto st = db.prepare(
            "INSERT INTO attachment (demarche_id, idx, size, sealed_meta, sealed_length, sealed_blake2b) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st) return st.error();
        st->bind(1, id).bind(2, std::int64_t{a.index}).bind(3, static_cast<std::int64_t>(a.size));
        st->bind(4, ByteView(a.sealed_meta))
            .bind(5, static_cast<std::int64_t>(a.sealed_length))
            .bind(6, a.sealed_blake2b);
        if (auto r = st->run(); !r) return r.error();
    }
    auto answer = to_json(receipt);
    auto idem = db.prepare(
        "INSERT INTO idempotency (key, client_id, request_hash, status, answer, created_at) "
        "VALUES (?1, ?2, ?3, 200, ?4, ?5)");
    if (!idem) return idem.error();
    idem->bind(1, up.uuid).bind(2, kiosk).bind(3, request_hash).bind(4, answer).bind(5, now);
    if (auto r = idem->run(); !r) return r.error();
    return answer;
}

SubmissionOutcome refusal(int status, std::string error, std::string why, std::string author = {}) {
    return SubmissionOutcome{SubmissionOutcome::Kind::refused, status, std::move(why), std::move(error),
                             std::move(author)};
}

// The enrolled key of kiosk ID; an outcome when it cannot sign démarches.
using KeyOrRefusal = std::variant<crypto::Ed25519PublicKey, SubmissionOutcome>;
Result<KeyOrRefusal> author_key(sql::Database& db, const std::string& id) {
    auto st = db.prepare("SELECT public_key, revoked_at IS NOT NULL FROM client WHERE id = ?1 AND kind = 'kiosk'");
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row)
        return KeyOrRefusal{refusal(403, "unknown-author", "the envelope names kiosk " + id + ", not enrolled at this hub", id)};
    // A revoked kiosk's key may be in other hands: nothing it signs is taken, whenever it was signed.
    if (st->column_int64(1) != 0) return KeyOrRefusal{refusal(403, "revoked-author", "kiosk " + id + " is revoked", id)};
    const auto blob = st->column_blob(0);
    crypto::Ed25519PublicKey key{};
    if (blob.size() != key.size()) return fail("kiosk " + id + ": stored key is not 32 bytes");
    std::copy(blob.begin(), blob.end(), key.begin());
    return KeyOrRefusal{key};
}

// A record stored under 1.1 (no envelope) by AUTHOR itself, whose body was
// UP without its envelope: it takes UP's signature and envelope hash, so the
// upgraded agent's signed retry is answered as a replay (§4.4).
Result<bool> adopt_unsigned(sql::Database& db, const SubmissionUpload& up, ByteView stored_hash,
                            const crypto::Hash256& envelope) {
    auto st = db.prepare("SELECT id FROM demarche WHERE uuid = ?1 AND kiosk_id = ?2 AND envelope_signature IS NULL");
    if (!st) return st.error();
    st->bind(1, up.uuid).bind(2, up.kiosk_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return false;
    const auto id = st->column_int64(0);
    SubmissionUpload unsigned_up = up;
    unsigned_up.kiosk_id.clear();
    unsigned_up.envelope_signature.clear();
    const auto old_body_hash = crypto::blake2b_256(as_bytes(to_json(unsigned_up)));
    if (Bytes(old_body_hash.begin(), old_body_hash.end()) != Bytes(stored_hash.begin(), stored_hash.end()))
        return false;
    auto sign = db.prepare("UPDATE demarche SET envelope_signature = ?2 WHERE id = ?1");
    if (!sign) return sign.error();
    if (auto r = sign->bind(1, id).bind(2, ByteView(up.envelope_signature)).run(); !r) return r.error();
    auto idem = db.prepare("UPDATE idempotency SET request_hash = ?2 WHERE key = ?1");
    if (!idem) return idem.error();
    if (auto r = idem->bind(1, up.uuid).bind(2, ByteView(envelope)).run(); !r) return r.error();
    return true;
}

}  // namespace

Result<SubmissionOutcome> accept_submission(sql::Database& db, Channel channel, const std::string& sender,
                                            const std::string& key, std::string_view body, std::int64_t now) {
    auto parsed = parse_submission_upload(body);
    if (!parsed)
        return SubmissionOutcome{SubmissionOutcome::Kind::malformed, 400, parsed.error().message, "malformed", {}};
    return accept_upload(db, channel, sender, key, *parsed, now);
}

Result<std::optional<crypto::Ed25519PublicKey>> kiosk_key(sql::Database& db, const std::string& id) {
    auto found = author_key(db, id);
    if (!found) return found.error();
    if (auto* k = std::get_if<crypto::Ed25519PublicKey>(&*found)) return std::optional(*k);
    return std::optional<crypto::Ed25519PublicKey>();
}

Result<SubmissionOutcome> accept_upload(sql::Database& db, Channel channel, const std::string& sender,
                                        const std::string& key, const SubmissionUpload& upload, std::int64_t now,
                                        const crypto::Ed25519PublicKey* verified_with) {
    using Kind = SubmissionOutcome::Kind;
    const SubmissionUpload* up = &upload;
    if (auto why = validate(*up, key); !why.empty()) return SubmissionOutcome{Kind::malformed, 400, why, "malformed", {}};
    if (up->envelope_signature.empty())
        return refusal(400, "envelope-unsigned",
                       "the démarche's envelope is not signed (protocol 1.2): update the kiosk's guichet-sync, "
                       "which signs it at its next send");
    const std::string& author = up->kiosk_id;
    if (channel == Channel::http && author != sender)
        return refusal(403, "not-author",
                       "the démarche belongs to kiosk " + author + ": only that kiosk may upload it over the line",
                       author);
    auto found = author_key(db, author);
    if (!found) return found.error();
    if (auto* refused = std::get_if<SubmissionOutcome>(&*found)) return std::move(*refused);
    const auto& enrolled = std::get<crypto::Ed25519PublicKey>(*found);
    if (!verified_with || *verified_with != enrolled)
        if (auto r = verify_envelope(*up, enrolled); !r)
            return refusal(400, "bad-envelope-signature", r.error().message, author);
    auto envelope = envelope_hash(*up);
    if (!envelope) return SubmissionOutcome{Kind::malformed, 400, envelope.error().message, "malformed", author};

    auto seen = db.prepare("SELECT client_id, request_hash, status, answer FROM idempotency WHERE key = ?1");
    if (!seen) return seen.error();
    seen->bind(1, key);
    auto row = seen->step();
    if (!row) return row.error();
    if (*row) {
        // Copied out before anything writes the idempotency table under this statement.
        const auto stored_client = seen->column_text(0);
        const auto stored_hash = seen->column_blob(1);
        const auto stored_status = static_cast<int>(seen->column_int64(2));
        const auto stored_answer = seen->column_text(3);
        seen->reset();
        if (stored_client != author)
            // Two kiosks signed this UUID: one of them copied the other's démarche (§4.4). The
            // first one stays; staff see the count in /metrics and the refused kiosk's queue.
            return SubmissionOutcome{Kind::conflict, 409,
                                     "démarche " + key + " is already held for another kiosk: two kiosks signed it",
                                     "authorship-conflict", author};
        bool same = stored_hash == Bytes(envelope->begin(), envelope->end());
        if (!same) {
            auto adopted = adopt_unsigned(db, *up, stored_hash, *envelope);
            if (!adopted) return adopted.error();
            same = *adopted;
        }
        if (!same)
            return SubmissionOutcome{Kind::conflict, 422, "Idempotency-Key " + key + " was used with a different request",
                                     "idempotency-mismatch", author};
        return SubmissionOutcome{Kind::replay, stored_status, stored_answer, {}, author};
    }
    // A new UUID around a sealed payload the hub already holds is a copy of another démarche
    // (another kiosk re-enveloping what it carried): refused, the first one stays (§4.4).
    auto copy = db.prepare("SELECT 1 FROM demarche WHERE payload_blake2b = ?1");
    if (!copy) return copy.error();
    copy->bind(1, ByteView(crypto::blake2b_256(up->sealed_payload)));
    auto copied = copy->step();
    if (!copied) return copied.error();
    if (*copied)
        return SubmissionOutcome{Kind::conflict, 409,
                                 "its sealed payload is already held for another démarche: a copy under a new UUID",
                                 "copied-payload", author};
    copy->reset();
    auto answer = insert_submission(db, *up, *envelope, now);
    if (!answer) return answer.error();
    return SubmissionOutcome{Kind::stored, 200, *answer, {}, author};
}

}  // namespace guichet::sync::hub
