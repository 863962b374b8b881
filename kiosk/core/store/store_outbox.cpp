// The outbox, as the sync agent drains it (see store.hpp).
#include "store/store_internal.hpp"

#include "crypto/sodium_init.hpp"
#include "store/schema.hpp"
#include "store/tracking_code.hpp"
#include <sodium.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>
#include <charconv>
#include <chrono>
#include <new>

namespace guichet::store {

using namespace detail;

Result<std::int64_t> Store::row_id(std::string_view uuid, State* state) {
    auto st = db_.prepare("SELECT id, state FROM demarche WHERE uuid = ?1");
    if (!st) return st.error();
    st->bind(1, uuid);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("no démarche with UUID " + std::string(uuid));
    if (state) *state = parse_state(st->column_text(1)).value_or(State::queued);
    return st->column_int64(0);
}

Result<int> Store::requeue_expired(Timestamp now) {
    auto r = requeue_before(db_, now, options_.lease_seconds);
    if (!r) return context("cannot requeue expired claims", r.error());
    return r;
}

Result<std::vector<Claimed>> Store::claim_next_batch(int n, Timestamp now) {
    const std::string what = "cannot claim démarches";
    std::vector<Claimed> out;
    if (n <= 0) return out;
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    if (auto r = requeue_before(db_, now, options_.lease_seconds); !r) return context(what, r.error());
    // Walks the partial index demarche_due (next_attempt_at, id) WHERE state = 'queued':
    // the cost depends on N, not on the length of the queue. INDEXED BY because
    // without statistics the planner may prefer demarche_state_delivered and sort.
    auto sel = db_.prepare(std::string("SELECT id, ") + kClaimedColumns +
                           " FROM demarche INDEXED BY demarche_due WHERE state = 'queued' AND next_attempt_at <= ?1 "
                           "ORDER BY next_attempt_at, id LIMIT ?2");
    if (!sel) return context(what, sel.error());
    sel->bind(1, now).bind(2, std::int64_t{n});
    std::vector<std::int64_t> ids;
    for (;;) {
        auto row = sel->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        ids.push_back(sel->column_int64(0));
        out.push_back(read_claimed(*sel, 1));
    }
    auto upd =
        db_.prepare("UPDATE demarche SET state = 'sending', claimed_at = ?1, attempts = attempts + 1 WHERE id = ?2");
    if (!upd) return context(what, upd.error());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (auto r = upd->bind(1, now).bind(2, ids[i]).run(); !r) return context(what, r.error());
        out[i].attempts += 1;
    }
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return out;
}

Result<void> Store::mark_delivered(std::string_view uuid, std::string_view hub_receipt) {
    const std::string what = "cannot mark " + std::string(uuid) + " delivered";
    auto st = db_.prepare(
        "UPDATE demarche SET state = 'delivered', delivered_at = ?1, hub_receipt = ?2, claimed_at = NULL "
        "WHERE uuid = ?3 AND state IN ('queued', 'sending')");
    if (!st) return context(what, st.error());
    if (auto r = st->bind(1, options_.clock()).bind(2, clip(hub_receipt)).bind(3, uuid).run(); !r)
        return context(what, r.error());
    if (db_.changes() == 1) return {};
    State state{};
    auto id = row_id(uuid, &state);
    if (!id) return context(what, id.error());
    return {};  // already delivered or purged: the hub answers retries the same way
}

Result<void> Store::mark_delivered_all(const std::vector<Delivery>& done) {
    auto txn = Transaction::begin(db_);
    if (!txn) return context("cannot mark " + std::to_string(done.size()) + " démarches delivered", txn.error());
    for (const auto& d : done)
        if (auto r = mark_delivered(d.uuid, d.hub_receipt); !r) return r;
    if (auto r = txn->commit(); !r)
        return context("cannot mark " + std::to_string(done.size()) + " démarches delivered", r.error());
    return {};
}

Result<void> Store::mark_failed(std::string_view uuid, std::string_view error, Timestamp next_attempt) {
    const std::string what = "cannot record the failure of " + std::string(uuid);
    auto st = db_.prepare(
        "UPDATE demarche SET state = 'queued', claimed_at = NULL, last_error = ?1, last_error_at = ?2, "
        "next_attempt_at = ?3 WHERE uuid = ?4 AND state IN ('queued', 'sending')");
    if (!st) return context(what, st.error());
    if (auto r = st->bind(1, clip(error)).bind(2, options_.clock()).bind(3, next_attempt).bind(4, uuid).run(); !r)
        return context(what, r.error());
    if (db_.changes() == 1) return {};
    State state{};
    auto id = row_id(uuid, &state);
    if (!id) return context(what, id.error());
    return fail(what + ": it is already " + std::string(to_string(state)));
}

Result<int> Store::purge_delivered(Timestamp older_than) {
    const std::string what = "cannot purge delivered démarches";
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    auto n = purge_before(db_, older_than);
    if (!n) return context(what, n.error());
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return n;
}

Result<SealedDemarche> Store::load_sealed(std::string_view uuid) {
    const std::string what = "cannot read démarche " + std::string(uuid);
    // One read transaction: the démarche and its attachments from the same snapshot.
    if (auto r = db_.exec("BEGIN"); !r) return context(what, r.error());
    struct EndRead {
        Database& db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } end{db_};
    auto st = db_.prepare(std::string("SELECT id, state, sealed_payload, ") + kClaimedColumns +
                          " FROM demarche WHERE uuid = ?1");
    if (!st) return context(what, st.error());
    st->bind(1, uuid);
    auto row = st->step();
    if (!row) return context(what, row.error());
    if (!*row) return fail(what + ": no such démarche");
    SealedDemarche d;
    const std::int64_t id = st->column_int64(0);
    d.state = parse_state(st->column_text(1)).value_or(State::queued);
    if (d.state == State::purged) return fail(what + ": its sealed content was purged after delivery");
    d.sealed_payload = st->column_blob(2);
    d.info = read_claimed(*st, 3);
    auto at =
        db_.prepare("SELECT idx, size, sealed_meta, sealed_data FROM attachment WHERE demarche_id = ?1 ORDER BY idx");
    if (!at) return context(what, at.error());
    at->bind(1, id);
    for (;;) {
        auto r = at->step();
        if (!r) return context(what, r.error());
        if (!*r) break;
        SealedAttachment a;
        a.index = static_cast<int>(at->column_int64(0));
        a.size = static_cast<std::uint64_t>(at->column_int64(1));
        a.sealed_meta = at->column_blob(2);
        a.sealed_data = at->column_blob(3);
        d.attachments.push_back(std::move(a));
    }
    if (static_cast<int>(d.attachments.size()) != d.info.attachment_count)
        return fail(what + ": " + std::to_string(d.attachments.size()) + " attachments stored, " +
                    std::to_string(d.info.attachment_count) + " expected");
    return d;
}

namespace {

// Inside the caller's transaction: see Store::record_envelope_signature.
Result<std::pair<std::string, Bytes>> record_signature(Database& db, std::string_view uuid, std::string_view kiosk_id,
                                                       ByteView signature) {
    const std::string what = "cannot record the envelope signature of " + std::string(uuid);
    auto set = db.prepare(
        "UPDATE demarche SET envelope_kiosk = ?1, envelope_signature = ?2 WHERE uuid = ?3 AND envelope_signature IS NULL");
    if (!set) return context(what, set.error());
    if (auto r = set->bind(1, kiosk_id).bind(2, signature).bind(3, uuid).run(); !r) return context(what, r.error());
    auto get = db.prepare("SELECT coalesce(envelope_kiosk, ''), envelope_signature FROM demarche WHERE uuid = ?1");
    if (!get) return context(what, get.error());
    get->bind(1, uuid);
    auto row = get->step();
    if (!row) return context(what, row.error());
    if (!*row) return fail(what + ": no such démarche");
    return std::pair<std::string, Bytes>{get->column_text(0), get->column_blob(1)};
}

}  // namespace

Result<std::pair<std::string, Bytes>> Store::record_envelope_signature(std::string_view uuid,
                                                                      std::string_view kiosk_id, ByteView signature) {
    auto txn = Transaction::begin(db_);
    if (!txn) return context("cannot record the envelope signature of " + std::string(uuid), txn.error());
    auto out = record_signature(db_, uuid, kiosk_id, signature);
    if (!out) return out.error();
    if (auto r = txn->commit(); !r) return context("cannot record the envelope signature of " + std::string(uuid), r.error());
    return out;
}

Result<std::vector<std::pair<std::string, Bytes>>> Store::record_envelope_signatures(
    const std::vector<EnvelopeSignature>& signatures) {
    const std::string what = "cannot record " + std::to_string(signatures.size()) + " envelope signatures";
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    std::vector<std::pair<std::string, Bytes>> out;
    for (const auto& s : signatures) {
        auto one = record_signature(db_, s.uuid, s.kiosk_id, s.signature);
        if (!one) return one.error();
        out.push_back(std::move(*one));
    }
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return out;
}

Result<Bytes> Store::read_attachment_chunk(std::string_view uuid, int index, std::uint64_t offset,
                                           std::uint64_t max_bytes) {
    const std::string what = "cannot read attachment " + std::to_string(index) + " of " + std::string(uuid);
    auto st = db_.prepare(
        "SELECT a.id FROM attachment a JOIN demarche d ON d.id = a.demarche_id WHERE d.uuid = ?1 AND a.idx = ?2");
    if (!st) return context(what, st.error());
    st->bind(1, uuid).bind(2, std::int64_t{index});
    auto row = st->step();
    if (!row) return context(what, row.error());
    if (!*row) return fail(what + ": no such attachment");
    auto blob = BlobReader::open(db_, "attachment", "sealed_data", st->column_int64(0));
    if (!blob) return context(what, blob.error());
    auto bytes = blob->read(offset, max_bytes);
    if (!bytes) return context(what, bytes.error());
    return bytes;
}
Result<std::vector<std::string>> Store::outbox_uuids() {
    return first_column_texts(db_, "SELECT uuid FROM demarche WHERE state IN ('queued', 'sending') ORDER BY created_at, id",
                              "cannot list the outbox");
}

}  // namespace guichet::store
