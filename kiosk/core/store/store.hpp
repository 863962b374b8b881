// The kiosk's démarche store: one SQLite database (WAL) shared by the kiosk,
// which submits démarches and reads statuses, and the sync agent, another
// process, which drains the outbox and writes statuses. Spec: docs/store.md.
//
// Typical use
//   kiosk:  auto store = Store::open(dir / kDatabaseFile, {.tracking_prefix = "ANR"});
//           auto receipt = store->submit(submission);   // durable when it returns
//           submission.wipe();                          // (also done by its destructor)
//   agent:  auto batch = store->claim_next_batch(10, now);
//           for each: upload load_sealed(uuid) → mark_delivered(uuid, receipt)
//                                             or mark_failed(uuid, error, retry_at)
//           purge_delivered(…) / apply_retention(now) from time to time.
//
// Nothing here holds plaintext after submit(): the payload and attachments are
// sealed for the recipient before they reach SQLite (docs/store.md §4).
// A Store is used by one thread at a time; each process opens its own.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/box.hpp"
#include "protocol/attachment_meta.hpp"
#include "sqlite/sqlite.hpp"
#include "usage/usage.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::store {

using Timestamp = std::int64_t;  // Unix time, seconds, UTC

inline constexpr const char* kDatabaseFile = "guichet.db";  // inside the kiosk's state directory

enum class State { queued, sending, delivered, purged };
std::string_view to_string(State s);
std::optional<State> parse_state(std::string_view s);

// Zeroes a buffer holding personal data (sodium_memzero), then empties it.
void wipe(Bytes& b);
void wipe(std::string& s);

struct Attachment {
    std::string name;  // file name as the resident chose it: sealed, never stored in clear
    std::string mime;  // sealed with the name
    Bytes bytes;

    Attachment() = default;
    Attachment(std::string name_, std::string mime_, Bytes bytes_)
        : name(std::move(name_)), mime(std::move(mime_)), bytes(std::move(bytes_)) {}
    Attachment(Attachment&&) noexcept = default;
    Attachment& operator=(Attachment&& other) noexcept;
    Attachment(const Attachment&) = delete;  // no stray plaintext copies
    Attachment& operator=(const Attachment&) = delete;
    ~Attachment() { wipe(); }
    void wipe();
};

// A filled démarche on its way to the store. Plaintext: wipe() zeroes it, and
// so does the destructor. Grow buffers with reserve() first: a vector that
// reallocates frees its old block without zeroing it.
struct Submission {
    std::string form_id;
    std::int64_t form_version = 0;
    std::string recipient_id;            // routing: the service that will open it
    crypto::BoxPublicKey recipient_key;  // from the signed pack
    Bytes payload;                       // JSON of the filled form
    std::vector<Attachment> attachments;
    // Ids of the feed's appointment slots this démarche books (its `slot`
    // answers): kept in clear in `booked_slot`, so that this kiosk stops
    // offering them (docs/store.md §2, version 4). Not personal data: feed ids.
    std::vector<std::string> booked_slots;

    Submission() = default;
    Submission(Submission&&) noexcept = default;
    Submission& operator=(Submission&& other) noexcept;
    Submission(const Submission&) = delete;
    Submission& operator=(const Submission&) = delete;
    ~Submission() { wipe(); }
    void wipe();
};

// What the resident's receipt shows; returned once the démarche is durable.
struct Receipt {
    std::string uuid;           // random UUID v4, the idempotency key for delivery
    std::string tracking_code;  // e.g. ANR-7K3Q-9P
    Timestamp created_at = 0;
};

// A démarche claimed by the sync agent (metadata; the sealed bytes come from
// load_sealed() or read_attachment_chunk()).
struct Claimed {
    std::string uuid;
    std::string tracking_code;
    std::string form_id;
    std::int64_t form_version = 0;
    std::string recipient_id;
    Timestamp created_at = 0;
    int attempts = 0;  // including this one
    std::uint64_t payload_size = 0;
    int attachment_count = 0;
    std::uint64_t attachment_bytes = 0;
    // The envelope signature the sync agent made the first time the démarche
    // left the store (docs/store.md §2, version 5; docs/protocol.md §4.4):
    // empty until then. Every retry and every USB bundle carries the same one.
    std::string envelope_kiosk;
    Bytes envelope_signature;
};

struct SealedAttachment {
    int index = 0;
    std::uint64_t size = 0;  // plaintext size
    Bytes sealed_meta;       // crypto_box_seal of {"name":…,"mime":…} (encode_attachment_meta)
    Bytes sealed_data;       // crypto_box_seal of the bytes
};

struct SealedDemarche {
    Claimed info;
    State state = State::queued;
    Bytes sealed_payload;
    std::vector<SealedAttachment> attachments;
};

struct StatusRecord {
    std::string tracking_code;
    std::string status;   // short machine value from the partner, e.g. "accepted"
    std::string message;  // text for the resident
    Timestamp updated_at = 0;
};

// What "Suivre ma demande" shows for one code.
struct TrackingInfo {
    std::string tracking_code;
    std::optional<State> local_state;  // known while this kiosk keeps the démarche's metadata
    std::optional<Timestamp> created_at;
    std::optional<Timestamp> delivered_at;
    std::optional<StatusRecord> status;  // from the partner, via sync
    std::optional<Timestamp> last_sync;
};

struct RetentionSettings {
    int sealed_hours = 0;     // sealed bytes kept this long after delivery
    int metadata_days = 180;  // purged démarches' metadata kept this long after delivery
    int status_days = 180;    // statuses kept this long after their last update
};

struct RetentionReport {
    int purged = 0;            // delivered → purged (sealed bytes deleted)
    int metadata_deleted = 0;  // purged démarches forgotten
    int statuses_deleted = 0;
    int booked_slots_deleted = 0;  // bookings older than metadata_days
    int usage_days_deleted = 0;    // usage counters: days sent and older than kUsageSentDays, or older than kUsageMaxDays
};

// How long the kiosk keeps its usage counters (docs/usage-stats.md §4).
inline constexpr int kUsageSentDays = 35;  // once the hub has them
inline constexpr int kUsageMaxDays = 400;  // never sent (no hub reachable)

struct ErrorCount {
    std::string error;
    int count = 0;
};

struct QueueSummary {
    int queued = 0, sending = 0, delivered = 0, purged = 0;
    int due = 0;                             // queued and due now
    std::optional<Timestamp> oldest_queued;  // created_at of the oldest queued or sending démarche
    std::optional<Timestamp> last_sync;
    std::vector<ErrorCount> errors;  // last errors of queued/sending démarches, most frequent first
    int schema_version = 0;
};

struct StoreOptions {
    std::string tracking_prefix = "GCH";   // three letters A–Z, the commune's ("ANR")
    std::int64_t lease_seconds = 15 * 60;  // a 'sending' claim older than this goes back to the queue
    int busy_timeout_ms = 5000;            // the other process holding the write lock
    bool create = true;                    // create the database when missing
    std::string vfs;                       // SQLite VFS name (tests inject faults); empty: default
    unsigned file_mode = 0600;
    std::uint64_t max_payload_bytes = 1 << 20;
    std::uint64_t max_attachment_bytes = 16 << 20;
    std::size_t max_attachments = 20;
    // Injected for tests; defaults: libsodium's randombytes_buf and the system clock.
    std::function<void(std::span<std::uint8_t>)> random;
    std::function<Timestamp()> clock;
};

class Store {
public:
    // Opens (creating if allowed) and migrates to the current schema; sets WAL,
    // synchronous=FULL, foreign keys and the busy timeout.
    static Result<Store> open(const std::filesystem::path& db_path, StoreOptions options = {});

    Store(Store&&) noexcept = default;
    Store& operator=(Store&&) noexcept = default;

    // [Kiosk] Seals and stores a démarche in one transaction, with its booked
    // slots; returns once the commit is on disk (WAL fsynced). Never throws; on
    // error nothing is stored.
    Result<Receipt> submit(const Submission& s);
    // [Kiosk] The ids of the slots booked here (Submission::booked_slots) that
    // retention has not forgotten yet, sorted, each once.
    Result<std::vector<std::string>> booked_slots();

    // [Agent] Up to N due démarches (state queued, next_attempt_at <= NOW),
    // earliest due first (for démarches never tried: oldest first), marked
    // 'sending' with claimed_at = NOW, attempts + 1, in one transaction. First
    // returns to 'queued' any 'sending' claim older than the lease.
    Result<std::vector<Claimed>> claim_next_batch(int n, Timestamp now);
    // Idempotent: marking a delivered (or purged) démarche again succeeds.
    Result<void> mark_delivered(std::string_view uuid, std::string_view hub_receipt);
    // The same for several, in one transaction (one fsync): a batch the hub
    // acknowledged together (docs/protocol.md §4.5).
    struct Delivery {
        std::string uuid;
        std::string hub_receipt;
    };
    Result<void> mark_delivered_all(const std::vector<Delivery>& done);
    // Back to 'queued', due again at NEXT_ATTEMPT; refused once delivered.
    Result<void> mark_failed(std::string_view uuid, std::string_view error, Timestamp next_attempt);
    // delivered → purged for démarches delivered before OLDER_THAN: deletes the
    // sealed payload and attachments, keeps what status lookup needs.
    Result<int> purge_delivered(Timestamp older_than);
    // 'sending' claims older than the lease → 'queued' (claim_next_batch does it too).
    Result<int> requeue_expired(Timestamp now);

    Result<SealedDemarche> load_sealed(std::string_view uuid);
    // [Agent] Records the envelope signature of UUID unless one is recorded
    // already (the first one wins: a concurrent export-bundle and agent sign
    // the same bytes anyway), and returns the recorded (kiosk id, signature).
    // The store only keeps the bytes: signing is the agent's (the kiosk holds no key).
    Result<std::pair<std::string, Bytes>> record_envelope_signature(std::string_view uuid, std::string_view kiosk_id,
                                                                    ByteView signature);
    // The same for several démarches in one transaction; the recorded pairs in order.
    struct EnvelopeSignature {
        std::string uuid;
        std::string kiosk_id;
        Bytes signature;
    };
    Result<std::vector<std::pair<std::string, Bytes>>> record_envelope_signatures(
        const std::vector<EnvelopeSignature>& signatures);
    // A part of one sealed attachment, for chunked uploads.
    Result<Bytes> read_attachment_chunk(std::string_view uuid, int index, std::uint64_t offset,
                                        std::uint64_t max_bytes);

    // [Agent] Statuses from partners; an older update never replaces a newer one.
    Result<void> upsert_status(std::string_view tracking_code, std::string_view status, std::string_view message,
                               Timestamp updated_at);
    // The same for a page of the hub's status feed, in one transaction (one
    // fsync): all stored, or none (an invalid code refuses the page).
    struct StatusUpdate {
        std::string tracking_code, status, message;
        Timestamp updated_at = 0;
    };
    Result<void> upsert_statuses(const std::vector<StatusUpdate>& updates);
    Result<void> set_last_sync(Timestamp t);
    // [Kiosk] "Suivre ma demande": nullopt when the code is unknown here.
    Result<std::optional<TrackingInfo>> status_for(std::string_view tracking_code);
    Result<std::optional<Timestamp>> last_sync();

    Result<RetentionSettings> retention();
    Result<void> set_retention(const RetentionSettings& r);
    // Purges delivered démarches past sealed_hours, forgets purged ones and
    // slot bookings past metadata_days and statuses past status_days.
    Result<RetentionReport> apply_retention(Timestamp now);

    // [Kiosk] Adds TALLY to the daily usage counters, in one transaction
    // (docs/usage-stats.md). Keys are ids only (usage::Tally refuses others).
    Result<void> add_usage(const usage::Tally& tally);
    // [Agent] The days whose counters changed since the hub acknowledged them,
    // oldest first, at most MAX_DAYS, each with its whole totals.
    Result<std::vector<usage::DayCounts>> unsent_usage(int max_days);
    // [Agent] The hub stored DAY as it was at GENERATION (from unsent_usage):
    // a change made since keeps the day unsent.
    Result<void> mark_usage_sent(std::string_view day, std::int64_t generation);

    // [Staff] Counts only: never a code, a UUID or contents.
    Result<QueueSummary> queue_summary(Timestamp now);
    // [Sync] UUIDs of the démarches not yet acknowledged by the hub (queued or
    // sending), oldest first: what `guichet-sync export-bundle` carries. Reads
    // only; claims nothing.
    Result<std::vector<std::string>> outbox_uuids();

    Timestamp now() const { return options_.clock(); }
    Database& database() { return db_; }  // tests and tools (bench) only
    const StoreOptions& options() const { return options_; }

private:
    Store(Database db, StoreOptions options) : db_(std::move(db)), options_(std::move(options)) {}
    Result<Receipt> submit_impl(const Submission& s);
    Result<std::int64_t> row_id(std::string_view uuid, State* state = nullptr);

    Database db_;
    StoreOptions options_;
    std::array<std::uint8_t, 32> checked_key_{};  // the last recipient key found usable
    bool have_checked_key_ = false;
};

// Attachment metadata as sealed: UTF-8 JSON {"name":"…","mime":"…"}. Wire
// format, shared with the partner (guichet_attachment_meta).
using sync::decode_attachment_meta;
using sync::encode_attachment_meta;

// A random UUID v4 in lower-case 8-4-4-4-12 form from 16 random bytes.
std::string format_uuid_v4(std::span<const std::uint8_t, 16> random);

}  // namespace guichet::store
