// Démarches from kiosks: idempotent submission and resumable attachment
// uploads (docs/protocol.md §4). Every write is one SQLite transaction.
#include "hub/hub_server.hpp"
#include "hub/submission.hpp"
#include "protocol/answers.hpp"
#include "protocol/batch.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"

#include "crypto/hash.hpp"

#include <map>

namespace guichet::sync::hub {

namespace {

constexpr std::uint64_t kSubmissionLimit = 2 << 20;
constexpr std::uint64_t kChunkLimit = 1 << 20;

void put_demarche(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    const std::string uuid = req.matches[1];
    const auto key = req.get_header_value(kHeaderIdempotencyKey);
    if (key.empty()) return send_error(res, 400, "idempotency-key-required", "Idempotency-Key header missing");
    if (key != uuid) return send_error(res, 400, "malformed", "Idempotency-Key must be the démarche's UUID");

    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return send_error(res, 503, "busy", tx.error().message);
    auto outcome = accept_submission(db, Channel::http, *kiosk, key, req.body, ctx.now());
    if (!outcome) return send_error(res, 500, "internal", outcome.error().message);
    using Kind = SubmissionOutcome::Kind;
    switch (outcome->kind) {
        case Kind::conflict:
        case Kind::refused:
            ctx.count_refusal(outcome->error);
            return send_error(res, outcome->status, outcome->error, outcome->answer);
        case Kind::malformed: return send_error(res, outcome->status, outcome->error, outcome->answer);
        case Kind::replay:
        case Kind::stored: break;
    }
    // A replay commits too: a 1.1 record may just have taken the envelope's signature.
    if (auto r = tx->commit(); !r) return send_error(res, 503, "busy", r.error().message);
    if (outcome->kind == Kind::replay) res.set_header(kHeaderIdempotentReplay, "true");
    send_json(res, outcome->status, outcome->answer);
}

// A UUID as the single route's path pattern takes it: lower-case 8-4-4-4-12 hex.
bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

// POST /v1/kiosk/demarches:batch (§4.5): each item checked as the single route
// checks it, with its own idempotency record; the accepted ones committed in
// one transaction (one fsync for the batch). An item refused writes nothing,
// so it never takes the others down with it.
void post_batch(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    auto items = parse_submission_batch(as_bytes(req.body));
    if (!items) {
        ctx.count_refusal("malformed");
        return send_error(res, 400, "malformed", items.error().message);
    }
    // The envelopes' signatures are checked before the database's lock, so that other
    // requests are not kept waiting for them: against the keys read under a short lock,
    // which the transaction reads again (a kiosk revoked or re-keyed meanwhile is checked
    // afresh, or refused).
    std::map<std::string, std::optional<crypto::Ed25519PublicKey>> keys;
    for (const auto& item : *items)
        if (item.upload && !item.upload->kiosk_id.empty()) keys.emplace(item.upload->kiosk_id, std::nullopt);
    if (keys.size() > 4) keys.clear();  // a batch is one kiosk's (§4.4): leave odd ones to the transaction
    {
        std::lock_guard lock(ctx.mutex());
        for (auto& [id, k] : keys) {
            auto found = kiosk_key(ctx.db().db(), id);
            if (!found) return send_error(res, 500, "internal", found.error().message);
            k = *found;
        }
    }
    std::vector<const crypto::Ed25519PublicKey*> verified(items->size(), nullptr);
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto& item = (*items)[i];
        if (!item.upload || item.upload->envelope_signature.empty()) continue;
        auto k = keys.find(item.upload->kiosk_id);
        if (k != keys.end() && k->second && verify_envelope(*item.upload, *k->second)) verified[i] = &*k->second;
    }
    BatchAnswer answer;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return send_error(res, 503, "busy", tx.error().message);
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto& item = (*items)[i];
        BatchResult r;
        r.uuid = item.uuid;
        if (!item.upload) {
            r.status = 400, r.error = "malformed", r.message = item.upload.error().message;
        } else if (!is_uuid(item.upload->uuid)) {
            r.status = 400, r.error = "malformed", r.message = "uuid: not a lower-case UUID";
        } else {
            auto outcome =
                accept_upload(db, Channel::http, *kiosk, item.upload->uuid, *item.upload, ctx.now(), verified[i]);
            if (!outcome) return send_error(res, 500, "internal", outcome.error().message);
            r.status = outcome->status;
            using Kind = SubmissionOutcome::Kind;
            if (outcome->kind == Kind::stored || outcome->kind == Kind::replay) {
                auto receipt = parse_submission_receipt(outcome->answer);
                if (!receipt) return send_error(res, 500, "internal", receipt.error().message);
                r.receipt = std::move(*receipt);
                r.replay = outcome->kind == Kind::replay;
            } else {
                r.error = outcome->error, r.message = outcome->answer;
            }
        }
        if (r.status != 200) ctx.count_refusal(r.error);
        answer.results.push_back(std::move(r));
    }
    if (auto r = tx->commit(); !r) return send_error(res, 503, "busy", r.error().message);
    send_json(res, 200, to_json(answer));
}

struct DemarcheRow {
    std::int64_t id = 0;
    std::string receipt;
    bool complete = false;
};

// The démarche UUID of KIOSK, or nullopt (answer written).
std::optional<DemarcheRow> own_demarche(sql::Database& db, const std::string& uuid, const std::string& kiosk,
                                        http::Response& res) {
    auto st = db.prepare("SELECT id, receipt, complete FROM demarche WHERE uuid = ?1 AND kiosk_id = ?2");
    if (!st) return send_error(res, 500, "internal", st.error().message), std::nullopt;
    st->bind(1, uuid).bind(2, kiosk);
    auto row = st->step();
    if (!row) return send_error(res, 500, "internal", row.error().message), std::nullopt;
    if (!*row) return send_error(res, 404, "not-found", "no such démarche from this kiosk"), std::nullopt;
    return DemarcheRow{st->column_int64(0), st->column_text(1), st->column_int64(2) != 0};
}

void get_demarche(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto d = own_demarche(db, req.matches[1], *kiosk, res);
    if (!d) return;
    auto st = db.prepare("SELECT idx, received, sealed_length FROM attachment WHERE demarche_id = ?1 ORDER BY idx");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, d->id);
    DemarcheState state{req.matches[1].str(), d->receipt, d->complete, {}};
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        state.attachments.push_back({static_cast<int>(st->column_int64(0)),
                                     static_cast<std::uint64_t>(st->column_int64(1)),
                                     static_cast<std::uint64_t>(st->column_int64(2))});
    }
    send_json(res, 200, to_json(state));
}

struct AttachmentRow {
    std::int64_t received = 0, length = 0;
    std::string blake2b;
};

std::optional<AttachmentRow> attachment_row(sql::Database& db, std::int64_t demarche_id, int idx,
                                            http::Response& res) {
    auto st = db.prepare(
        "SELECT received, sealed_length, sealed_blake2b FROM attachment WHERE demarche_id = ?1 AND idx = ?2");
    if (!st) return send_error(res, 500, "internal", st.error().message), std::nullopt;
    st->bind(1, demarche_id).bind(2, std::int64_t{idx});
    auto row = st->step();
    if (!row) return send_error(res, 500, "internal", row.error().message), std::nullopt;
    if (!*row) return send_error(res, 404, "not-found", "no such attachment"), std::nullopt;
    return AttachmentRow{st->column_int64(0), st->column_int64(1), st->column_text(2)};
}

void head_attachment(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto d = own_demarche(db, req.matches[1], *kiosk, res);
    if (!d) return;
    auto a = attachment_row(db, d->id, std::stoi(req.matches[2]), res);
    if (!a) return;
    res.status = 200;
    res.set_header(kHeaderUploadOffset, std::to_string(a->received));
    res.set_header(kHeaderUploadLength, std::to_string(a->length));
    res.set_header("Cache-Control", "no-store");
}

// Hash of the stored chunks of one attachment, in order.
Result<std::string> stored_hash(sql::Database& db, std::int64_t demarche_id, int idx) {
    auto st = db.prepare("SELECT data FROM chunk WHERE demarche_id = ?1 AND idx = ?2 ORDER BY \"offset\"");
    if (!st) return st.error();
    st->bind(1, demarche_id).bind(2, std::int64_t{idx});
    crypto::Blake2b h(32);
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        h.update(st->column_blob(0));
    }
    crypto::Hash256 out;
    h.final(out.data());
    return to_hex(out);
}

void patch_attachment(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    const int idx = std::stoi(req.matches[2]);
    std::int64_t offset = -1;
    try {
        offset = std::stoll(req.get_header_value(kHeaderUploadOffset));
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", std::string(kHeaderUploadOffset) + ": expected an integer");
    }
    const auto checksum = req.get_header_value(kHeaderUploadChecksum);
    const auto chunk_hash = to_hex(crypto::blake2b_256(as_bytes(req.body)));
    if (checksum != upload_checksum(chunk_hash)) {
        ctx.count_refusal("checksum-mismatch");
        return send_error(res, 460, "checksum-mismatch", "the chunk does not match Upload-Checksum");
    }
    if (req.body.empty()) return send_error(res, 400, "malformed", "empty chunk");

    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return send_error(res, 503, "busy", tx.error().message);
    auto d = own_demarche(db, req.matches[1], *kiosk, res);
    if (!d) return;
    auto a = attachment_row(db, d->id, idx, res);
    if (!a) return;
    if (offset != a->received) {
        res.set_header(kHeaderUploadOffset, std::to_string(a->received));
        return send_error(res, 409, "offset-mismatch", "the hub holds " + std::to_string(a->received) + " bytes");
    }
    if (!fits(static_cast<std::uint64_t>(offset), req.body.size(), static_cast<std::uint64_t>(a->length)))
        return send_error(res, 413, "too-large", "chunk goes past Upload-Length");
    auto ins = db.prepare("INSERT INTO chunk (demarche_id, idx, \"offset\", data) VALUES (?1, ?2, ?3, ?4)");
    if (!ins) return send_error(res, 500, "internal", ins.error().message);
    ins->bind(1, d->id).bind(2, std::int64_t{idx}).bind(3, offset).bind(4, as_bytes(req.body));
    if (auto r = ins->run(); !r) return send_error(res, 500, "internal", r.error().message);
    std::int64_t received = offset + static_cast<std::int64_t>(req.body.size());
    if (received == a->length) {
        auto whole = stored_hash(db, d->id, idx);
        if (!whole) return send_error(res, 500, "internal", whole.error().message);
        if (*whole != a->blake2b) {
            // Start this attachment again rather than keep bytes that do not add up.
            auto drop = db.prepare("DELETE FROM chunk WHERE demarche_id = ?1 AND idx = ?2");
            if (!drop) return send_error(res, 500, "internal", drop.error().message);
            drop->bind(1, d->id).bind(2, std::int64_t{idx});
            if (auto r = drop->run(); !r) return send_error(res, 500, "internal", r.error().message);
            received = 0;
        }
    }
    auto upd = db.prepare("UPDATE attachment SET received = ?3 WHERE demarche_id = ?1 AND idx = ?2");
    if (!upd) return send_error(res, 500, "internal", upd.error().message);
    upd->bind(1, d->id).bind(2, std::int64_t{idx}).bind(3, received);
    if (auto r = upd->run(); !r) return send_error(res, 500, "internal", r.error().message);
    auto done = db.prepare(
        "UPDATE demarche SET complete = 1, completed_at = ?2 WHERE id = ?1 AND complete = 0 AND NOT EXISTS "
        "(SELECT 1 FROM attachment WHERE demarche_id = ?1 AND received < sealed_length)");
    if (!done) return send_error(res, 500, "internal", done.error().message);
    done->bind(1, d->id).bind(2, ctx.now());
    if (auto r = done->run(); !r) return send_error(res, 500, "internal", r.error().message);
    const bool complete = d->complete || db.changes() == 1;
    if (auto r = tx->commit(); !r) return send_error(res, 503, "busy", r.error().message);
    res.set_header(kHeaderUploadOffset, std::to_string(received));
    if (received == 0 && a->length > 0) {
        ctx.count_refusal("checksum-mismatch");
        return send_error(res, 460, "checksum-mismatch", "the whole attachment does not match sealed_blake2b");
    }
    res.set_header(kHeaderUploadComplete, complete ? "true" : "false");
    res.status = 204;
}

}  // namespace

void register_demarche_routes(http::Server& server, HubContext& ctx) {
    ctx.limit_body({"PUT", std::string(paths::kDemarchesPrefix), kSubmissionLimit});
    ctx.limit_body({"PATCH", std::string(paths::kDemarchesPrefix), kChunkLimit});
    ctx.limit_body({"POST", std::string(paths::kKioskDemarchesBatch), kBatchMaxBytes});
    server.Post(std::string(paths::kKioskDemarchesBatch),
                [&ctx](const http::Request& req, http::Response& res) { post_batch(ctx, req, res); });
    server.Put(patterns::demarche(),
               [&ctx](const http::Request& req, http::Response& res) { put_demarche(ctx, req, res); });
    server.Get(patterns::demarche(),
               [&ctx](const http::Request& req, http::Response& res) { get_demarche(ctx, req, res); });
    // The server answers HEAD with the GET handler of the same path.
    server.Get(patterns::attachment(),
               [&ctx](const http::Request& req, http::Response& res) { head_attachment(ctx, req, res); });
    server.Patch(patterns::attachment(),
                 [&ctx](const http::Request& req, http::Response& res) { patch_attachment(ctx, req, res); });
}

}  // namespace guichet::sync::hub
