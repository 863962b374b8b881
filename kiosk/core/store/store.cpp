#include "store/store.hpp"

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

// [SECTION] States and wiping

std::string_view to_string(State s) {
    switch (s) {
        case State::queued:
            return "queued";
        case State::sending:
            return "sending";
        case State::delivered:
            return "delivered";
        case State::purged:
            return "purged";
    }
    return "?";
}

std::optional<State> parse_state(std::string_view s) {
    for (State st : {State::queued, State::sending, State::delivered, State::purged})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

void wipe(Bytes& b) {
    // Zero the whole capacity: bytes past size() may hold an older, longer content.
    b.resize(b.capacity());
    if (!b.empty()) sodium_memzero(b.data(), b.size());
    b.clear();
}

void wipe(std::string& s) {
    s.resize(s.capacity());
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

void Attachment::wipe() {
    store::wipe(name);
    store::wipe(mime);
    store::wipe(bytes);
}

Attachment& Attachment::operator=(Attachment&& other) noexcept {
    if (this != &other) {
        wipe();
        name = std::move(other.name);
        mime = std::move(other.mime);
        bytes = std::move(other.bytes);
    }
    return *this;
}

void Submission::wipe() {
    store::wipe(payload);
    for (auto& a : attachments) a.wipe();
    attachments.clear();
}

Submission& Submission::operator=(Submission&& other) noexcept {
    if (this != &other) {
        wipe();
        form_id = std::move(other.form_id);
        form_version = other.form_version;
        recipient_id = std::move(other.recipient_id);
        recipient_key = other.recipient_key;
        payload = std::move(other.payload);
        attachments = std::move(other.attachments);
    }
    return *this;
}

// [SECTION] Small helpers

std::string encode_attachment_meta(std::string_view name, std::string_view mime) {
    // Written by hand (not with nlohmann::json) so that no unwiped copy of the
    // name is left on the heap: the caller wipes the one string returned.
    std::string out;
    out.reserve(name.size() + mime.size() + 64);
    auto put = [&](std::string_view s) {
        out.push_back('"');
        for (char c : s) {
            auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out.push_back('\\');
                out.push_back(c);
            } else if (u < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[u >> 4]);
                out.push_back(hex[u & 15]);
            } else {
                out.push_back(c);
            }
        }
        out.push_back('"');
    };
    out += "{\"name\":";
    put(name);
    out += ",\"mime\":";
    put(mime);
    out += "}";
    return out;
}

Result<std::pair<std::string, std::string>> decode_attachment_meta(std::string_view json) {
    auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j.contains("mime") || !j["name"].is_string() ||
        !j["mime"].is_string())
        return fail("attachment metadata is not {\"name\":…,\"mime\":…}");
    return std::pair{j["name"].get<std::string>(), j["mime"].get<std::string>()};
}

std::string format_uuid_v4(std::span<const std::uint8_t, 16> random) {
    std::array<std::uint8_t, 16> b;
    std::copy(random.begin(), random.end(), b.begin());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[b[static_cast<std::size_t>(i)] >> 4]);
        out.push_back(hex[b[static_cast<std::size_t>(i)] & 15]);
    }
    return out;
}

namespace {

constexpr int kMaxCodeAttempts = 32;  // UNIQUE collisions on the code (or UUID) before giving up
constexpr std::size_t kMaxErrorText = 500;

// A recipient key that crypto_box_seal cannot use (a low-order point, e.g. all
// zeros) would give a démarche nobody can ever open: refuse it up front.
bool usable_public_key(const crypto::BoxPublicKey& key) {
    std::array<std::uint8_t, crypto_scalarmult_SCALARBYTES> scalar{};
    scalar.fill(0x5a);
    std::array<std::uint8_t, crypto_scalarmult_BYTES> out{};
    return crypto_scalarmult(out.data(), scalar.data(), key.key.data()) == 0;
}

std::int64_t i64(std::uint64_t v) {
    return static_cast<std::int64_t>(v);
}

// At most kMaxErrorText bytes, never cutting a UTF-8 sequence in two.
std::string clip(std::string_view s) {
    if (s.size() <= kMaxErrorText) return std::string(s);
    std::size_t n = kMaxErrorText;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

Claimed read_claimed(const Statement& st, int first) {
    Claimed c;
    c.uuid = st.column_text(first + 0);
    c.tracking_code = st.column_text(first + 1);
    c.form_id = st.column_text(first + 2);
    c.form_version = st.column_int64(first + 3);
    c.recipient_id = st.column_text(first + 4);
    c.created_at = st.column_int64(first + 5);
    c.attempts = static_cast<int>(st.column_int64(first + 6));
    c.payload_size = static_cast<std::uint64_t>(st.column_int64(first + 7));
    c.attachment_count = static_cast<int>(st.column_int64(first + 8));
    c.attachment_bytes = static_cast<std::uint64_t>(st.column_int64(first + 9));
    return c;
}

constexpr const char* kClaimedColumns =
    "uuid, tracking_code, form_id, form_version, recipient_id, created_at, attempts, payload_size, "
    "attachment_count, attachment_bytes";

Error context(std::string_view what, const Error& e) {
    return fail(std::string(what) + ": " + e.message);
}

// delivered → purged for démarches delivered before CUTOFF (inside a transaction).
Result<int> purge_before(Database& db, Timestamp cutoff) {
    auto del = db.prepare(
        "DELETE FROM attachment WHERE demarche_id IN "
        "(SELECT id FROM demarche WHERE state = 'delivered' AND delivered_at < ?1)");
    if (!del) return del.error();
    if (auto r = del->bind(1, cutoff).run(); !r) return r.error();
    auto upd = db.prepare(
        "UPDATE demarche SET state = 'purged', sealed_payload = NULL "
        "WHERE state = 'delivered' AND delivered_at < ?1");
    if (!upd) return upd.error();
    if (auto r = upd->bind(1, cutoff).run(); !r) return r.error();
    return static_cast<int>(db.changes());
}

Result<int> requeue_before(Database& db, Timestamp now, std::int64_t lease_seconds) {
    auto st = db.prepare(
        "UPDATE demarche INDEXED BY demarche_lease SET state = 'queued', claimed_at = NULL, last_error = ?1, "
        "last_error_at = ?2 "
        "WHERE state = 'sending' AND claimed_at <= ?3");
    if (!st) return st.error();
    st->bind(1, "lease expired: the sync agent stopped or crashed while sending")
        .bind(2, now)
        .bind(3, now - lease_seconds);
    if (auto r = st->run(); !r) return r.error();
    return static_cast<int>(db.changes());
}

}  // namespace

// [SECTION] Opening

Result<Store> Store::open(const std::filesystem::path& db_path, StoreOptions options) {
    crypto::ensure_sodium();
    if (!options.random) options.random = [](std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); };
    if (!options.clock)
        options.clock = [] {
            return static_cast<Timestamp>(
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count());
        };
    if (!tracking::valid_prefix(options.tracking_prefix))
        return fail("tracking code prefix '" + options.tracking_prefix + "' must be three letters A–Z");
    if (options.lease_seconds <= 0) return fail("the sending lease must be positive");

    OpenOptions oo;
    oo.create = options.create;
    oo.vfs = options.vfs;
    oo.busy_timeout_ms = options.busy_timeout_ms;
    oo.file_mode = options.file_mode;
    auto db = Database::open(db_path, oo);
    if (!db) return db.error();
    auto where = db_path.string() + ": ";

    // WAL: the kiosk reads while the agent writes, and a commit is one append
    // + fsync of the WAL. The mode is persistent; setting it again is a no-op.
    auto mode = db->query_text("PRAGMA journal_mode = WAL");
    if (!mode) return fail(where + mode.error().message);
    if (*mode != "wal") return fail(where + "cannot switch to WAL mode (journal mode is '" + *mode + "')");
    // FULL: every commit fsyncs the WAL, so submit() returns only once the
    // démarche survives a power cut. Per connection, so set on every open.
    if (auto r = db->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"); !r)
        return fail(where + r.error().message);
    if (auto r = migrate(*db); !r) return r.error();
    return Store(std::move(db.value()), std::move(options));
}

// [SECTION] Submitting

Result<Receipt> Store::submit(const Submission& s) {
    try {
        return submit_impl(s);
    } catch (const std::bad_alloc&) {
        return fail("cannot store the démarche: out of memory");
    } catch (const std::exception& e) {
        return fail(std::string("cannot store the démarche: ") + e.what());
    }
}

Result<Receipt> Store::submit_impl(const Submission& s) {
    const std::string what = "cannot store the démarche";
    if (s.form_id.empty()) return fail(what + ": no form id");
    if (s.recipient_id.empty()) return fail(what + ": no recipient id");
    if (s.payload.size() > options_.max_payload_bytes)
        return fail(what + ": the form data is larger than " + std::to_string(options_.max_payload_bytes) + " bytes");
    if (s.attachments.size() > options_.max_attachments)
        return fail(what + ": more than " + std::to_string(options_.max_attachments) + " attachments");
    std::uint64_t attachment_bytes = 0;
    for (const auto& a : s.attachments) {
        if (a.bytes.size() > options_.max_attachment_bytes)
            return fail(what + ": attachment " + std::to_string(&a - s.attachments.data() + 1) + " is larger than " +
                        std::to_string(options_.max_attachment_bytes) + " bytes");
        attachment_bytes += a.bytes.size();
    }
    if (!have_checked_key_ || checked_key_ != s.recipient_key.key) {  // most démarches go to a few services
        if (!usable_public_key(s.recipient_key))
            return fail(what + ": the public key of recipient '" + s.recipient_id + "' is not usable");
        checked_key_ = s.recipient_key.key;
        have_checked_key_ = true;
    }

    // Seal first, outside the transaction: the write lock is held only for the I/O.
    auto sealed_payload = crypto::seal(s.payload, s.recipient_key);
    if (!sealed_payload) return fail(what + ": " + sealed_payload.error().message);
    struct Sealed {
        Bytes meta, data;
    };
    std::vector<Sealed> sealed;
    sealed.reserve(s.attachments.size());
    for (const auto& a : s.attachments) {
        std::string meta = encode_attachment_meta(a.name, a.mime);
        auto sealed_meta = crypto::seal(as_bytes(meta), s.recipient_key);
        wipe(meta);
        auto sealed_data = crypto::seal(a.bytes, s.recipient_key);
        if (!sealed_meta || !sealed_data) return fail(what + ": cannot seal an attachment for recipient '" + s.recipient_id + "'");
        sealed.push_back(Sealed{std::move(*sealed_meta), std::move(*sealed_data)});
    }

    const Timestamp now = options_.clock();
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    auto ins = db_.prepare(
        "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, created_at, state, attempts, "
        "next_attempt_at, payload_size, attachment_count, attachment_bytes, sealed_payload) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', 0, ?6, ?7, ?8, ?9, ?10)");
    if (!ins) return context(what, ins.error());
    ins->bind(3, s.form_id)
        .bind(4, s.form_version)
        .bind(5, s.recipient_id)
        .bind(6, now)
        .bind(7, i64(s.payload.size()))
        .bind(8, i64(s.attachments.size()))
        .bind(9, i64(attachment_bytes))
        .bind_static(10, *sealed_payload);

    Receipt receipt;
    receipt.created_at = now;
    for (int attempt = 0;; ++attempt) {
        std::array<std::uint8_t, 16> rnd{};
        options_.random(rnd);
        receipt.uuid = format_uuid_v4(rnd);
        receipt.tracking_code = tracking::generate(options_.tracking_prefix, options_.random);
        ins->bind(1, receipt.uuid).bind(2, receipt.tracking_code);
        auto r = ins->run();
        if (r) break;
        // A code already given (1 in 20 million per stored démarche): draw again.
        if (ins->last_error_code() != SQLITE_CONSTRAINT_UNIQUE) return context(what, r.error());
        if (attempt + 1 == kMaxCodeAttempts)
            return fail(what + ": no free tracking code after " + std::to_string(kMaxCodeAttempts) + " tries");
    }
    const std::int64_t id = db_.last_insert_rowid();

    auto att = db_.prepare(
        "INSERT INTO attachment (demarche_id, idx, size, sealed_meta, sealed_data) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!att) return context(what, att.error());
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        att->bind(1, id)
            .bind(2, i64(i))
            .bind(3, i64(s.attachments[i].bytes.size()))
            .bind_static(4, sealed[i].meta)
            .bind_static(5, sealed[i].data);
        if (auto r = att->run(); !r) return context(what, r.error());
    }
    // Statements must not hold the static bindings past this point.
    att->reset(true);
    ins->reset(true);
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return receipt;
}

// [SECTION] Outbox (sync agent)

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

// [SECTION] Statuses and last sync

Result<void> Store::upsert_status(std::string_view tracking_code, std::string_view status, std::string_view message,
                                  Timestamp updated_at) {
    const std::string what = "cannot store the status of " + std::string(tracking_code);
    if (!tracking::valid(tracking_code)) return fail(what + ": not a valid tracking code");
    auto st = db_.prepare(
        "INSERT INTO status (tracking_code, status, message, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (tracking_code) DO UPDATE SET status = excluded.status, message = excluded.message, "
        "updated_at = excluded.updated_at WHERE excluded.updated_at >= status.updated_at");
    if (!st) return context(what, st.error());
    if (auto r = st->bind(1, tracking_code).bind(2, status).bind(3, message).bind(4, updated_at).run(); !r)
        return context(what, r.error());
    return {};
}

Result<void> Store::set_last_sync(Timestamp t) {
    auto st = db_.prepare("INSERT OR REPLACE INTO setting (key, value) VALUES ('last_sync', ?1)");
    if (!st) return context("cannot record the last sync", st.error());
    if (auto r = st->bind(1, std::to_string(t)).run(); !r) return context("cannot record the last sync", r.error());
    return {};
}

Result<std::optional<Timestamp>> Store::last_sync() {
    auto st = db_.prepare("SELECT value FROM setting WHERE key = 'last_sync'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Timestamp>{};
    auto text = st->column_text(0);
    Timestamp t = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t);
    if (ec != std::errc() || end != text.data() + text.size())
        return fail("last_sync setting is not a number: " + text);
    return std::optional<Timestamp>{t};
}

Result<std::optional<TrackingInfo>> Store::status_for(std::string_view tracking_code) {
    const std::string what = "cannot look up " + std::string(tracking_code);
    TrackingInfo info;
    info.tracking_code = std::string(tracking_code);
    bool known = false;
    auto d = db_.prepare("SELECT state, created_at, delivered_at FROM demarche WHERE tracking_code = ?1");
    if (!d) return context(what, d.error());
    d->bind(1, tracking_code);
    auto row = d->step();
    if (!row) return context(what, row.error());
    if (*row) {
        known = true;
        info.local_state = parse_state(d->column_text(0));
        info.created_at = d->column_int64(1);
        info.delivered_at = d->column_opt_int64(2);
    }
    auto s = db_.prepare("SELECT status, message, updated_at FROM status WHERE tracking_code = ?1");
    if (!s) return context(what, s.error());
    s->bind(1, tracking_code);
    row = s->step();
    if (!row) return context(what, row.error());
    if (*row) {
        known = true;
        info.status =
            StatusRecord{std::string(tracking_code), s->column_text(0), s->column_text(1), s->column_int64(2)};
    }
    if (!known) return std::optional<TrackingInfo>{};
    auto ls = last_sync();
    if (!ls) return context(what, ls.error());
    info.last_sync = *ls;
    return std::optional<TrackingInfo>{std::move(info)};
}

// [SECTION] Retention

Result<RetentionSettings> Store::retention() {
    auto st = db_.prepare("SELECT sealed_hours, metadata_days, status_days FROM retention WHERE id = 1");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("retention settings are missing");
    return RetentionSettings{static_cast<int>(st->column_int64(0)), static_cast<int>(st->column_int64(1)),
                             static_cast<int>(st->column_int64(2))};
}

Result<void> Store::set_retention(const RetentionSettings& r) {
    if (r.sealed_hours < 0 || r.metadata_days < 1 || r.status_days < 1)
        return fail("retention: sealed_hours must be ≥ 0, metadata_days and status_days ≥ 1");
    auto st = db_.prepare("UPDATE retention SET sealed_hours = ?1, metadata_days = ?2, status_days = ?3 WHERE id = 1");
    if (!st) return st.error();
    return st->bind(1, std::int64_t{r.sealed_hours})
        .bind(2, std::int64_t{r.metadata_days})
        .bind(3, std::int64_t{r.status_days})
        .run();
}

Result<RetentionReport> Store::apply_retention(Timestamp now) {
    const std::string what = "cannot apply the retention settings";
    auto settings = retention();
    if (!settings) return context(what, settings.error());
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    RetentionReport report;
    auto purged = purge_before(db_, now - std::int64_t{settings->sealed_hours} * 3600);
    if (!purged) return context(what, purged.error());
    report.purged = *purged;
    auto meta = db_.prepare("DELETE FROM demarche WHERE state = 'purged' AND delivered_at < ?1");
    if (!meta) return context(what, meta.error());
    if (auto r = meta->bind(1, now - std::int64_t{settings->metadata_days} * 86400).run(); !r)
        return context(what, r.error());
    report.metadata_deleted = static_cast<int>(db_.changes());
    auto stat = db_.prepare("DELETE FROM status WHERE updated_at < ?1");
    if (!stat) return context(what, stat.error());
    if (auto r = stat->bind(1, now - std::int64_t{settings->status_days} * 86400).run(); !r)
        return context(what, r.error());
    report.statuses_deleted = static_cast<int>(db_.changes());
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return report;
}

// [SECTION] Staff summary

Result<QueueSummary> Store::queue_summary(Timestamp now) {
    const std::string what = "cannot summarise the queue";
    QueueSummary q;
    if (auto r = db_.exec("BEGIN"); !r) return context(what, r.error());
    struct EndRead {
        Database& db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } end{db_};
    auto counts = db_.prepare("SELECT state, count(*) FROM demarche GROUP BY state");
    if (!counts) return context(what, counts.error());
    for (;;) {
        auto row = counts->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        int n = static_cast<int>(counts->column_int64(1));
        switch (parse_state(counts->column_text(0)).value_or(State::queued)) {
            case State::queued:
                q.queued = n;
                break;
            case State::sending:
                q.sending = n;
                break;
            case State::delivered:
                q.delivered = n;
                break;
            case State::purged:
                q.purged = n;
                break;
        }
    }
    auto due = db_.prepare("SELECT count(*) FROM demarche WHERE state = 'queued' AND next_attempt_at <= ?1");
    if (!due) return context(what, due.error());
    due->bind(1, now);
    if (auto row = due->step(); !row) return context(what, row.error());
    q.due = static_cast<int>(due->column_int64(0));
    auto oldest = db_.prepare("SELECT min(created_at) FROM demarche WHERE state IN ('queued', 'sending')");
    if (!oldest) return context(what, oldest.error());
    if (auto row = oldest->step(); !row) return context(what, row.error());
    q.oldest_queued = oldest->column_opt_int64(0);
    auto errors = db_.prepare(
        "SELECT last_error, count(*) FROM demarche WHERE state IN ('queued', 'sending') AND last_error IS NOT NULL "
        "GROUP BY last_error ORDER BY 2 DESC, 1 LIMIT 10");
    if (!errors) return context(what, errors.error());
    for (;;) {
        auto row = errors->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        q.errors.push_back({errors->column_text(0), static_cast<int>(errors->column_int64(1))});
    }
    auto ls = last_sync();
    if (!ls) return context(what, ls.error());
    q.last_sync = *ls;
    auto v = schema_version(db_);
    if (!v) return context(what, v.error());
    q.schema_version = *v;
    return q;
}

}  // namespace guichet::store
