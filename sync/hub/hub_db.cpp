#include "hub/hub_db.hpp"

#include "crypto/base64.hpp"
#include "crypto/hash.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>
#include <sys/stat.h>

namespace guichet::sync::hub {

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE client (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('kiosk', 'partner')),
  public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
  name        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE TABLE enroll_token (
  hash        BLOB PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  used_by     TEXT
);
CREATE TABLE nonce (
  client_id   TEXT NOT NULL,
  nonce       TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (client_id, nonce)
) WITHOUT ROWID;
CREATE INDEX nonce_expiry ON nonce (expires_at);
CREATE TABLE idempotency (
  key          TEXT PRIMARY KEY,
  client_id    TEXT NOT NULL,
  request_hash BLOB NOT NULL,
  status       INTEGER NOT NULL,
  answer       TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE TABLE demarche (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  kiosk_id         TEXT NOT NULL,
  tracking_code    TEXT NOT NULL,
  form_id          TEXT NOT NULL,
  form_version     INTEGER NOT NULL,
  recipient_id     TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  received_at      INTEGER NOT NULL,
  receipt          TEXT NOT NULL,
  sealed_payload   BLOB NOT NULL,
  attachment_count INTEGER NOT NULL,
  complete         INTEGER NOT NULL DEFAULT 0,
  completed_at     INTEGER,
  acknowledged_at  INTEGER
);
CREATE INDEX demarche_partner ON demarche (recipient_id, complete, acknowledged_at, id);
CREATE INDEX demarche_code ON demarche (tracking_code);
CREATE TABLE attachment (
  demarche_id    INTEGER NOT NULL REFERENCES demarche(id),
  idx            INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  sealed_meta    BLOB NOT NULL,
  sealed_length  INTEGER NOT NULL,
  sealed_blake2b TEXT NOT NULL,
  received       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (demarche_id, idx)
) WITHOUT ROWID;
CREATE TABLE chunk (
  demarche_id  INTEGER NOT NULL,
  idx          INTEGER NOT NULL,
  offset       INTEGER NOT NULL,
  data         BLOB NOT NULL,
  PRIMARY KEY (demarche_id, idx, offset)
);
CREATE TABLE status (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  tracking_code TEXT NOT NULL,
  kiosk_id      TEXT NOT NULL,
  status        TEXT NOT NULL,
  message       TEXT NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX status_kiosk ON status (kiosk_id, seq);
CREATE TABLE heartbeat (
  kiosk_id     TEXT PRIMARY KEY,
  received_at  INTEGER NOT NULL,
  body         TEXT NOT NULL
);
)sql";

// Version 2 (protocol 1.2): each démarche keeps its author's envelope
// signature; kiosk_id is the author (the kiosk named in the signed envelope).
// NULL for a démarche stored under 1.1.
// payload_blake2b: a sealed payload belongs to one démarche (crypto_box_seal
// draws an ephemeral key per message, so two genuine démarches never share
// one); the hub refuses a copy under another UUID. Filled for older rows here.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE demarche ADD COLUMN envelope_signature BLOB;
ALTER TABLE demarche ADD COLUMN payload_blake2b BLOB;
CREATE INDEX demarche_payload ON demarche (payload_blake2b);
)sql";

// Version 3 (protocol 1.4, the paged inbox §5.1): each démarche keeps the last
// status its service posted, so the inbox filters and shows it without a
// look-up per row; filled for older rows here. The inbox pages by id within
// the service.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE demarche ADD COLUMN last_status TEXT;
UPDATE demarche SET last_status = (SELECT status FROM status s WHERE s.tracking_code = demarche.tracking_code
                                   AND s.kiosk_id = demarche.kiosk_id ORDER BY seq DESC LIMIT 1);
CREATE INDEX demarche_inbox ON demarche (recipient_id, complete, id);
)sql";

// Version 4 (back office, docs/staff-pages.md): town-hall staff accounts
// (passwords as libsodium crypto_pwhash_str strings, Argon2id) and their
// sessions, kept by the hash of the cookie's token so that a copy of the
// database opens no session. Failed sign-ins count per account for the
// lockout.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE staff_account (
  name            TEXT PRIMARY KEY,
  password_hash   TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
  created_at      INTEGER NOT NULL,
  disabled_at     INTEGER,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE staff_session (
  token_hash    BLOB PRIMARY KEY,
  account       TEXT NOT NULL REFERENCES staff_account(name),
  csrf          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_session_account ON staff_session (account);
)sql";

// Version 5 (protocol 1.6, docs/usage-stats.md): the kiosks' anonymous usage
// counters, a day's totals per kiosk, replaced whole when a kiosk sends the day again.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE usage_counter (
  kiosk_id  TEXT    NOT NULL,
  day       TEXT    NOT NULL,
  counter   TEXT    NOT NULL,
  item      TEXT    NOT NULL,
  idx       INTEGER NOT NULL,
  value     INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, day, counter, item, idx)
) WITHOUT ROWID;
CREATE INDEX usage_counter_day ON usage_counter (day);
CREATE TABLE usage_day (
  kiosk_id     TEXT    NOT NULL,
  day          TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, day)
) WITHOUT ROWID;
)sql";

// Version 6 (protocol 1.9, docs/visio.md): the video appointments that
// services announced (slot id, kiosk, time), so that the hub opens their
// signalling room; nothing else of the sealed démarche.
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE visio_booking (
  slot_id        TEXT PRIMARY KEY,
  partner_id     TEXT NOT NULL,
  kiosk_id       TEXT NOT NULL,
  tracking_code  TEXT NOT NULL,
  starts_at      INTEGER NOT NULL,
  announced_at   INTEGER NOT NULL
);
CREATE INDEX visio_booking_start ON visio_booking (starts_at);
)sql";

Result<void> fill_payload_hashes(store::Database& db) {
    auto rows = db.prepare("SELECT id, sealed_payload FROM demarche WHERE payload_blake2b IS NULL");
    if (!rows) return rows.error();
    std::vector<std::pair<std::int64_t, crypto::Hash256>> hashes;
    for (;;) {
        auto row = rows->step();
        if (!row) return row.error();
        if (!*row) break;
        hashes.emplace_back(rows->column_int64(0), crypto::blake2b_256(rows->column_blob(1)));
    }
    auto set = db.prepare("UPDATE demarche SET payload_blake2b = ?2 WHERE id = ?1");
    if (!set) return set.error();
    for (const auto& [id, hash] : hashes) {
        if (auto r = set->bind(1, id).bind(2, ByteView(hash)).run(); !r) return r.error();
    }
    return {};
}

}  // namespace

std::string random_token() {
    crypto::ensure_sodium();
    std::array<std::uint8_t, 32> raw{};
    randombytes_buf(raw.data(), raw.size());
    std::string t = crypto::base64_encode(raw);
    sodium_memzero(raw.data(), raw.size());
    // base64url without padding: safe on a command line and in JSON.
    for (auto& c : t) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!t.empty() && t.back() == '=') t.pop_back();
    return t;
}

namespace {

std::string random_kiosk_id() {
    std::array<std::uint8_t, 4> raw{};
    randombytes_buf(raw.data(), raw.size());
    return "k-" + to_hex(raw);
}

}  // namespace

std::string_view to_string(ClientKind k) {
    return k == ClientKind::kiosk ? "kiosk" : "partner";
}

Result<HubDb> HubDb::open(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail("cannot create the data directory " + data_dir.string() + ": " + ec.message());
    ::chmod(data_dir.c_str(), 0700);
    store::OpenOptions open_options;
    open_options.file_mode = 0600;
    auto db = store::Database::open(data_dir / kHubDatabaseFile, open_options);
    if (!db) return db.error();
    auto mode = db->query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (auto r = db->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"); !r) return r.error();
    auto version = db->query_int("PRAGMA user_version");
    if (!version) return version.error();
    if (*version > kHubSchemaVersion)
        return fail((data_dir / kHubDatabaseFile).string() + ": schema version " + std::to_string(*version) +
                    " is newer than this hub (" + std::to_string(kHubSchemaVersion) + "): update guichet-hub");
    if (*version < 1) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 1) {
            if (auto r = db->exec(kSchemaV1); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 1"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    if (*version < 2) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 2) {
            if (auto r = db->exec(kSchemaV2); !r) return r.error();
            if (auto r = fill_payload_hashes(*db); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 2"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    if (*version < 3) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 3) {
            if (auto r = db->exec(kSchemaV3); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 3"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    if (*version < 4) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 4) {
            if (auto r = db->exec(kSchemaV4); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 4"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    if (*version < 5) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 5) {
            if (auto r = db->exec(kSchemaV5); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 5"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    if (*version < 6) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) return tx.error();
        if (db->query_int("PRAGMA user_version").value() < 6) {
            if (auto r = db->exec(kSchemaV6); !r) return r.error();
            if (auto r = db->exec("PRAGMA user_version = 6"); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    return HubDb(std::move(*db));
}

std::optional<ClientRecord> HubDb::find_client(std::string_view id, ClientKind kind) {
    auto st = db_.prepare("SELECT public_key, revoked_at IS NOT NULL FROM client WHERE id = ?1 AND kind = ?2");
    if (!st) return std::nullopt;
    st->bind(1, id).bind(2, to_string(kind));
    auto row = st->step();
    if (!row || !*row) return std::nullopt;
    ClientRecord rec;
    auto key = st->column_blob(0);
    if (key.size() != rec.key.size()) return std::nullopt;
    std::copy(key.begin(), key.end(), rec.key.begin());
    rec.revoked = st->column_int64(1) != 0;
    return rec;
}

Result<bool> HubDb::remember_nonce(std::string_view client_id, std::string_view nonce, std::int64_t expires_at) {
    // Without its own fsync: the nonce reaches the disk with the request's own
    // write (synchronous = FULL fsyncs the whole WAL), or the next one. A power
    // cut can only forget the nonces of the last reads, which replay harmlessly.
    if (auto r = db_.exec("PRAGMA synchronous = NORMAL"); !r) return r.error();
    auto st = db_.prepare("INSERT OR IGNORE INTO nonce (client_id, nonce, expires_at) VALUES (?1, ?2, ?3)");
    Result<void> ran = st ? st->bind(1, client_id).bind(2, nonce).bind(3, expires_at).run() : Result<void>(st.error());
    const bool fresh = ran.ok() && db_.changes() == 1;
    if (auto r = db_.exec("PRAGMA synchronous = FULL"); !r) return r.error();
    if (!ran) return ran.error();
    return fresh;
}

Result<void> HubDb::forget_nonces_before(std::int64_t now) {
    auto st = db_.prepare("DELETE FROM nonce WHERE expires_at < ?1");
    if (!st) return st.error();
    st->bind(1, now);
    return st->run();
}

Result<std::string> HubDb::create_enroll_token(std::int64_t now, std::int64_t valid_seconds) {
    auto token = random_token();
    auto hash = crypto::blake2b_256(as_bytes(token));
    auto st = db_.prepare("INSERT INTO enroll_token (hash, created_at, expires_at) VALUES (?1, ?2, ?3)");
    if (!st) return st.error();
    st->bind(1, ByteView(hash)).bind(2, now).bind(3, now + valid_seconds);
    if (auto r = st->run(); !r) return r.error();
    return token;
}

Result<std::string> HubDb::enroll_kiosk(std::string_view token, const crypto::Ed25519PublicKey& key,
                                        std::string_view name, std::int64_t now) {
    auto hash = crypto::blake2b_256(as_bytes(token));
    auto tx = store::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto find = db_.prepare("SELECT expires_at, used_at IS NOT NULL FROM enroll_token WHERE hash = ?1");
    if (!find) return find.error();
    find->bind(1, ByteView(hash));
    auto row = find->step();
    if (!row) return row.error();
    if (!*row || find->column_int64(1) != 0 || find->column_int64(0) < now) return fail("bad-token");
    std::string id;
    for (int attempt = 0; attempt < 16; ++attempt) {
        id = random_kiosk_id();
        auto ins = db_.prepare(
            "INSERT OR IGNORE INTO client (id, kind, public_key, name, created_at) "
            "VALUES (?1, 'kiosk', ?2, ?3, ?4)");
        if (!ins) return ins.error();
        ins->bind(1, id).bind(2, ByteView(key)).bind(3, name.substr(0, 200)).bind(4, now);
        if (auto r = ins->run(); !r) return r.error();
        if (db_.changes() == 1) break;
        id.clear();
    }
    if (id.empty()) return fail("cannot draw a free kiosk id");
    auto use = db_.prepare("UPDATE enroll_token SET used_at = ?2, used_by = ?3 WHERE hash = ?1");
    if (!use) return use.error();
    use->bind(1, ByteView(hash)).bind(2, now).bind(3, id);
    if (auto r = use->run(); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return id;
}

Result<void> HubDb::add_partner(std::string_view id, const crypto::Ed25519PublicKey& key, std::int64_t now) {
    auto st = db_.prepare(
        "INSERT INTO client (id, kind, public_key, name, created_at) VALUES (?1, 'partner', ?2, ?1, ?3) "
        "ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, revoked_at = NULL WHERE kind = 'partner'");
    if (!st) return st.error();
    st->bind(1, id).bind(2, ByteView(key)).bind(3, now);
    if (auto r = st->run(); !r) return r.error();
    if (db_.changes() != 1) return fail("client " + std::string(id) + " exists and is a kiosk, not a partner");
    return {};
}

Result<bool> HubDb::revoke(std::string_view id, std::int64_t now) {
    auto st = db_.prepare("UPDATE client SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id).bind(2, now);
    if (auto r = st->run(); !r) return r.error();
    return db_.changes() == 1;
}

}  // namespace guichet::sync::hub
