#include "store/schema.hpp"

#include <string>

namespace guichet::store {

namespace {

// Never edit a migration once released: add a new one.
constexpr Migration kMigrations[] = {
    {1, "initial schema", R"sql(
CREATE TABLE demarche (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT    NOT NULL UNIQUE,
  tracking_code    TEXT    NOT NULL UNIQUE,
  form_id          TEXT    NOT NULL,
  form_version     INTEGER NOT NULL,
  recipient_id     TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  state            TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'sending', 'delivered', 'purged')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  claimed_at       INTEGER,
  last_error       TEXT,
  last_error_at    INTEGER,
  delivered_at     INTEGER,
  hub_receipt      TEXT,
  payload_size     INTEGER NOT NULL,
  attachment_count INTEGER NOT NULL,
  attachment_bytes INTEGER NOT NULL,
  sealed_payload   BLOB,
  CHECK ((state = 'purged') = (sealed_payload IS NULL))
);
CREATE TABLE attachment (
  id          INTEGER PRIMARY KEY,
  demarche_id INTEGER NOT NULL REFERENCES demarche(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  size        INTEGER NOT NULL,
  sealed_meta BLOB    NOT NULL,
  sealed_data BLOB    NOT NULL,
  UNIQUE (demarche_id, idx)
);
CREATE TABLE status (
  tracking_code TEXT PRIMARY KEY,
  status        TEXT    NOT NULL,
  message       TEXT    NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
    {2, "outbox and retention indexes", R"sql(
CREATE INDEX demarche_due ON demarche (next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX demarche_lease ON demarche (claimed_at) WHERE state = 'sending';
CREATE INDEX demarche_state_delivered ON demarche (state, delivered_at);
CREATE INDEX status_updated ON status (updated_at);
)sql"},
    {3, "retention settings", R"sql(
CREATE TABLE retention (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  sealed_hours  INTEGER NOT NULL CHECK (sealed_hours >= 0),
  metadata_days INTEGER NOT NULL CHECK (metadata_days >= 1),
  status_days   INTEGER NOT NULL CHECK (status_days >= 1)
);
INSERT INTO retention (id, sealed_hours, metadata_days, status_days) VALUES (1, 0, 180, 180);
)sql"},
    {4, "slots booked at this kiosk", R"sql(
CREATE TABLE booked_slot (
  slot_id       TEXT    NOT NULL,
  tracking_code TEXT    NOT NULL,
  booked_at     INTEGER NOT NULL,
  PRIMARY KEY (slot_id, tracking_code)
) WITHOUT ROWID;
CREATE INDEX booked_slot_at ON booked_slot (booked_at);
)sql"},
    {5, "envelope signatures", R"sql(
ALTER TABLE demarche ADD COLUMN envelope_kiosk TEXT;
ALTER TABLE demarche ADD COLUMN envelope_signature BLOB;
)sql"},
    // Anonymous daily counters (issue #18, docs/usage-stats.md): ids only. The
    // generation grows with each change of a day; the hub has the day as it was
    // at sent_generation.
    {6, "usage counters", R"sql(
CREATE TABLE usage_counter (
  day     TEXT    NOT NULL CHECK (length(day) = 10),
  counter TEXT    NOT NULL,
  item    TEXT    NOT NULL CHECK (length(item) <= 64 AND item NOT GLOB '*[^a-z0-9._-]*'),
  idx     INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 1000),
  value   INTEGER NOT NULL CHECK (value >= 0),
  PRIMARY KEY (day, counter, item, idx)
) WITHOUT ROWID;
CREATE TABLE usage_day (
  day             TEXT    PRIMARY KEY,
  generation      INTEGER NOT NULL,
  sent_generation INTEGER NOT NULL DEFAULT 0
);
)sql"},
};

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int current_schema_version() {
    return kMigrations[std::size(kMigrations) - 1].version;
}

Result<int> schema_version(Database& db) {
    auto v = db.query_int("PRAGMA user_version");
    if (!v) return v.error();
    return static_cast<int>(*v);
}

Result<void> migrate(Database& db, int target) {
    const int current = current_schema_version();
    if (target < 0) target = current;
    auto where = db.path().string() + ": ";
    auto now = schema_version(db);
    if (!now) return fail(where + now.error().message);
    if (*now > current)
        return fail(where + "the database has schema version " + std::to_string(*now) +
                    ", newer than this program's (" + std::to_string(current) + "); update the kiosk software");
    for (const auto& m : kMigrations) {
        if (m.version > target) break;
        if (m.version <= *now) continue;
        auto txn = Transaction::begin(db);
        if (!txn) return fail(where + "migration " + std::to_string(m.version) + ": " + txn.error().message);
        auto seen = schema_version(db);  // another process may have migrated meanwhile
        if (!seen) return fail(where + seen.error().message);
        if (*seen >= m.version) {
            *now = *seen;
            continue;  // the transaction rolls back: nothing was written
        }
        if (*seen != m.version - 1)
            return fail(where + "schema version " + std::to_string(*seen) + " cannot take migration " +
                        std::to_string(m.version));
        auto step = db.exec(m.sql);
        if (step) step = db.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (step) step = txn->commit();
        if (!step)
            return fail(where + "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                        ") failed, the database stays at version " + std::to_string(m.version - 1) + ": " +
                        step.error().message);
        *now = m.version;
    }
    return {};
}

}  // namespace guichet::store
