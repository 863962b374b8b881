#include "hub/hub_schema.hpp"

#include "crypto/hash.hpp"
#include "hub/hub_db.hpp"

#include <iterator>
#include <utility>
#include <vector>

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

Result<void> fill_payload_hashes(sql::Database& db) {
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

// Version 6 (protocol 1.10, docs/visio.md): the video appointments that
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

// Version 7 (docs/hub-storage.md §5): what several hubs behind nginx must
// share, moved from files of one hub's data directory into the store: the
// régie's sealed registers (were DATA/registers/*.sealed) and the PayFiP
// offers and attempts (were DATA/invoices/payments.db).
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE sealed_register (
  partner_id  TEXT PRIMARY KEY,
  version     INTEGER NOT NULL,
  sealed      BLOB NOT NULL,
  saved_at    INTEGER NOT NULL
);
CREATE TABLE invoice_offer (
  ref TEXT PRIMARY KEY, service TEXT NOT NULL, refdet TEXT NOT NULL, montant INTEGER NOT NULL,
  objet TEXT NOT NULL, exer TEXT NOT NULL, mel TEXT NOT NULL, paid_at INTEGER, paid_idop TEXT,
  retired INTEGER NOT NULL DEFAULT 0);
CREATE INDEX invoice_offer_service ON invoice_offer(service, refdet);
CREATE TABLE invoice_attempt (
  idop TEXT PRIMARY KEY, ref TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,
  resultrans TEXT, numauto TEXT, checked_at INTEGER);
)sql";

// Version 7 in PostgreSQL's types.
constexpr const char* kPostgresSchemaV7 = R"sql(
CREATE TABLE sealed_register (
  partner_id  TEXT PRIMARY KEY,
  version     BIGINT NOT NULL,
  sealed      BYTEA NOT NULL,
  saved_at    BIGINT NOT NULL
);
CREATE TABLE invoice_offer (
  ref TEXT PRIMARY KEY, service TEXT NOT NULL, refdet TEXT NOT NULL, montant BIGINT NOT NULL,
  objet TEXT NOT NULL, exer TEXT NOT NULL, mel TEXT NOT NULL, paid_at BIGINT, paid_idop TEXT,
  retired BIGINT NOT NULL DEFAULT 0);
CREATE INDEX invoice_offer_service ON invoice_offer(service, refdet);
CREATE TABLE invoice_attempt (
  idop TEXT PRIMARY KEY, ref TEXT NOT NULL, created_at BIGINT NOT NULL, state TEXT NOT NULL,
  resultrans TEXT, numauto TEXT, checked_at BIGINT);
)sql";

// The same tables at version 6 in PostgreSQL's types: BIGINT for INTEGER,
// BYTEA for BLOB, identities for rowids. "offset" is a reserved word there,
// quoted here and in the hub's statements (SQLite accepts it quoted too).
constexpr const char* kPostgresSchema = R"sql(
CREATE TABLE client (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('kiosk', 'partner')),
  public_key  BYTEA NOT NULL CHECK (length(public_key) = 32),
  name        TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);
CREATE TABLE enroll_token (
  hash        BYTEA PRIMARY KEY,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT,
  used_by     TEXT
);
CREATE TABLE nonce (
  client_id   TEXT NOT NULL,
  nonce       TEXT NOT NULL,
  expires_at  BIGINT NOT NULL,
  PRIMARY KEY (client_id, nonce)
);
CREATE INDEX nonce_expiry ON nonce (expires_at);
CREATE TABLE idempotency (
  key          TEXT PRIMARY KEY,
  client_id    TEXT NOT NULL,
  request_hash BYTEA NOT NULL,
  status       BIGINT NOT NULL,
  answer       TEXT NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE TABLE demarche (
  id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  uuid               TEXT NOT NULL UNIQUE,
  kiosk_id           TEXT NOT NULL,
  tracking_code      TEXT NOT NULL,
  form_id            TEXT NOT NULL,
  form_version       BIGINT NOT NULL,
  recipient_id       TEXT NOT NULL,
  created_at         BIGINT NOT NULL,
  received_at        BIGINT NOT NULL,
  receipt            TEXT NOT NULL,
  sealed_payload     BYTEA NOT NULL,
  attachment_count   BIGINT NOT NULL,
  complete           BIGINT NOT NULL DEFAULT 0,
  completed_at       BIGINT,
  acknowledged_at    BIGINT,
  envelope_signature BYTEA,
  payload_blake2b    BYTEA,
  last_status        TEXT
);
CREATE INDEX demarche_partner ON demarche (recipient_id, complete, acknowledged_at, id);
CREATE INDEX demarche_code ON demarche (tracking_code);
CREATE INDEX demarche_payload ON demarche (payload_blake2b);
CREATE INDEX demarche_inbox ON demarche (recipient_id, complete, id);
CREATE TABLE attachment (
  demarche_id    BIGINT NOT NULL REFERENCES demarche(id),
  idx            BIGINT NOT NULL,
  size           BIGINT NOT NULL,
  sealed_meta    BYTEA NOT NULL,
  sealed_length  BIGINT NOT NULL,
  sealed_blake2b TEXT NOT NULL,
  received       BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (demarche_id, idx)
);
CREATE TABLE chunk (
  demarche_id  BIGINT NOT NULL,
  idx          BIGINT NOT NULL,
  "offset"     BIGINT NOT NULL,
  data         BYTEA NOT NULL,
  PRIMARY KEY (demarche_id, idx, "offset")
);
CREATE TABLE status (
  seq           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  tracking_code TEXT NOT NULL,
  kiosk_id      TEXT NOT NULL,
  status        TEXT NOT NULL,
  message       TEXT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX status_kiosk ON status (kiosk_id, seq);
CREATE TABLE heartbeat (
  kiosk_id     TEXT PRIMARY KEY,
  received_at  BIGINT NOT NULL,
  body         TEXT NOT NULL
);
CREATE TABLE staff_account (
  name            TEXT PRIMARY KEY,
  password_hash   TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
  created_at      BIGINT NOT NULL,
  disabled_at     BIGINT,
  failed_logins   BIGINT NOT NULL DEFAULT 0,
  locked_until    BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE staff_session (
  token_hash    BYTEA PRIMARY KEY,
  account       TEXT NOT NULL REFERENCES staff_account(name),
  csrf          TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  last_seen_at  BIGINT NOT NULL
);
CREATE INDEX staff_session_account ON staff_session (account);
CREATE TABLE usage_counter (
  kiosk_id  TEXT    NOT NULL,
  day       TEXT    NOT NULL,
  counter   TEXT    NOT NULL,
  item      TEXT    NOT NULL,
  idx       BIGINT  NOT NULL,
  value     BIGINT  NOT NULL,
  PRIMARY KEY (kiosk_id, day, counter, item, idx)
);
CREATE INDEX usage_counter_day ON usage_counter (day);
CREATE TABLE usage_day (
  kiosk_id     TEXT    NOT NULL,
  day          TEXT    NOT NULL,
  received_at  BIGINT  NOT NULL,
  PRIMARY KEY (kiosk_id, day)
);
CREATE TABLE visio_booking (
  slot_id        TEXT PRIMARY KEY,
  partner_id     TEXT NOT NULL,
  kiosk_id       TEXT NOT NULL,
  tracking_code  TEXT NOT NULL,
  starts_at      BIGINT NOT NULL,
  announced_at   BIGINT NOT NULL
);
CREATE INDEX visio_booking_start ON visio_booking (starts_at);
)sql";

// Any number, the same for every hub: the lock that serializes schema creation.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7305823911)";

}  // namespace

Result<void> migrate_sqlite_hub(sql::Database& db, const std::filesystem::path& file) {
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (auto r = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"); !r) return r.error();
    auto version = db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    if (*version > kHubSchemaVersion)
        return fail(file.string() + ": schema version " + std::to_string(*version) +
                    " is newer than this hub (" + std::to_string(kHubSchemaVersion) + "): update guichet-hub");
    struct Migration {
        int to;
        const char* sql;
        Result<void> (*then)(sql::Database&);  // fills what SQL alone cannot, or null
    };
    static constexpr Migration kMigrations[] = {
        {1, kSchemaV1, nullptr}, {2, kSchemaV2, fill_payload_hashes}, {3, kSchemaV3, nullptr},
        {4, kSchemaV4, nullptr}, {5, kSchemaV5, nullptr}, {6, kSchemaV6, nullptr}, {7, kSchemaV7, nullptr},
    };
    static_assert(std::size(kMigrations) == kHubSchemaVersion, "one migration per schema version");
    for (const auto& m : kMigrations) {
        if (*version >= m.to) continue;
        // Each step in its own transaction, checked again inside it: another
        // process opening the same file may have migrated meanwhile.
        auto tx = sql::Transaction::begin(db);
        if (!tx) return tx.error();
        auto now = db.query_int("PRAGMA user_version");
        if (!now) return now.error();
        if (*now < m.to) {
            if (auto r = db.exec(m.sql); !r) return r.error();
            if (m.then != nullptr) {
                if (auto r = m.then(db); !r) return r.error();
            }
            if (auto r = db.exec("PRAGMA user_version = " + std::to_string(m.to)); !r) return r.error();
        }
        if (auto r = tx->commit(); !r) return r.error();
    }
    return {};
}

Result<void> create_postgres_hub(sql::Database& db) {
    // Version 6 is created whole; later versions are steps from it, so that
    // a département's database made by an older hub is brought up to date.
    struct Step {
        int to;
        const char* sql;
    };
    static constexpr Step kSteps[] = {{7, kPostgresSchemaV7}};
    static_assert(6 + std::size(kSteps) == kHubSchemaVersion,
                  "PostgreSQL's schema follows SQLite's: add the new version to both");
    auto tx = sql::Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto r = db.query_int(kSchemaLock); !r) return r.error();
    if (auto r = db.exec("CREATE TABLE IF NOT EXISTS hub_schema (version BIGINT NOT NULL)"); !r) return r.error();
    auto version = db.query_int("SELECT coalesce(max(version), 0) FROM hub_schema");
    if (!version) return version.error();
    if (*version > kHubSchemaVersion)
        return fail("PostgreSQL: the hub's schema version " + std::to_string(*version) + " is newer than this hub (" +
                    std::to_string(kHubSchemaVersion) + "): update guichet-hub");
    std::int64_t now = *version;
    if (now == 0) {
        if (auto r = db.exec(kPostgresSchema); !r) return r.error();
        now = 6;
    }
    for (const auto& step : kSteps) {
        if (now >= step.to) continue;
        if (auto r = db.exec(step.sql); !r) return r.error();
        now = step.to;
    }
    if (now != *version) {
        if (auto r = db.exec("DELETE FROM hub_schema"); !r) return r.error();
        if (auto r = db.exec("INSERT INTO hub_schema (version) VALUES (" + std::to_string(now) + ")"); !r)
            return r.error();
    }
    return tx->commit();
}

}  // namespace guichet::sync::hub
