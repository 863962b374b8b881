// Accepting a démarche: checks, idempotency record and insert in the caller's
// transaction (docs/protocol.md §4.1).
#include "hub/submission.hpp"

#include "crypto/hash.hpp"
#include "protocol/messages.hpp"

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

// Stores the démarche and its idempotency record; returns the answer.
Result<std::string> insert_submission(store::Database& db, const SubmissionUpload& up, const std::string& kiosk,
                                      ByteView request_hash, std::int64_t now) {
    auto d = db.prepare(
        "INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, created_at, "
        "received_at, receipt, sealed_payload, attachment_count, complete, completed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, ?11, ?12)");
    if (!d) return d.error();
    const bool complete = up.attachments.empty();
    d->bind(1, up.uuid).bind(2, kiosk).bind(3, up.tracking_code).bind(4, up.form_id).bind(5, up.form_version);
    d->bind(6, up.recipient_id).bind(7, up.created_at).bind(8, now).bind(9, ByteView(up.sealed_payload));
    d->bind(10, static_cast<std::int64_t>(up.attachments.size())).bind(11, std::int64_t{complete ? 1 : 0});
    d->bind(12, complete ? std::optional<std::int64_t>(now) : std::nullopt);
    if (auto r = d->run(); !r) return r.error();
    const auto id = db.last_insert_rowid();
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

}  // namespace

Result<SubmissionOutcome> accept_submission(store::Database& db, const std::string& kiosk, const std::string& key,
                                            std::string_view body, std::int64_t now) {
    using Kind = SubmissionOutcome::Kind;
    const auto request_hash = crypto::blake2b_256(as_bytes(body));
    auto seen = db.prepare("SELECT client_id, request_hash, status, answer FROM idempotency WHERE key = ?1");
    if (!seen) return seen.error();
    seen->bind(1, key);
    auto row = seen->step();
    if (!row) return row.error();
    if (*row) {
        auto stored_hash = seen->column_blob(1);
        if (seen->column_text(0) != kiosk || stored_hash != Bytes(request_hash.begin(), request_hash.end()))
            return SubmissionOutcome{Kind::conflict, 422,
                                     "Idempotency-Key " + key + " was used with a different request"};
        return SubmissionOutcome{Kind::replay, static_cast<int>(seen->column_int64(2)), seen->column_text(3)};
    }
    auto up = parse_submission_upload(body);
    if (!up) return SubmissionOutcome{Kind::malformed, 400, up.error().message};
    if (auto why = validate(*up, key); !why.empty()) return SubmissionOutcome{Kind::malformed, 400, why};
    auto answer = insert_submission(db, *up, kiosk, request_hash, now);
    if (!answer) return answer.error();
    return SubmissionOutcome{Kind::stored, 200, *answer};
}

}  // namespace guichet::sync::hub
