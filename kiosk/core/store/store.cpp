#include "store/store.hpp"
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
        booked_slots = std::move(other.booked_slots);
    }
    return *this;
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

    if (!s.booked_slots.empty()) {
        auto book = db_.prepare("INSERT OR IGNORE INTO booked_slot (slot_id, tracking_code, booked_at) VALUES (?1, ?2, ?3)");
        if (!book) return context(what, book.error());
        for (const std::string& slot : s.booked_slots) {
            if (slot.empty()) continue;
            book->reset(true);
            book->bind(1, slot).bind(2, receipt.tracking_code).bind(3, now);
            if (auto r = book->run(); !r) return context(what, r.error());
        }
    }

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
}  // namespace guichet::store
