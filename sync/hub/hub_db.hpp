// The hub's store: clients (kiosks and partners), enrolment tokens, nonces,
// idempotency records, démarches with their attachments' chunks, statuses,
// heartbeats. SQLite (DATA_DIR/hub.db, WAL, synchronous=FULL) for one town
// hall, PostgreSQL for a département (docs/hub-storage.md), behind sql::Database.
// Schema: docs/protocol.md §8, hub/hub_schema.*. One connection per hub process, used under its mutex.
#pragma once

#include "common/result.hpp"
#include "protocol/auth.hpp"
#include "sql/sql.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

inline constexpr const char* kHubDatabaseFile = "hub.db";
// When DATA_DIR holds this file (mode 0600), its first line is libpq's
// connection to the PostgreSQL server that holds the hub's tables instead of
// hub.db: every guichet-hub command then uses it (docs/hub-storage.md).
inline constexpr const char* kPostgresConfigFile = "postgres.conf";

// The connection in DATA_DIR/postgres.conf, or nullopt when there is none.
Result<std::optional<std::string>> postgres_conninfo(const std::filesystem::path& data_dir);
// 2: démarche.envelope_signature (protocol 1.2); 3: last_status (1.4); 4: staff accounts and sessions;
// 5: usage counters (1.6, docs/usage-stats.md); 6: visio bookings (1.10); 7: the régie's sealed registers
// and PayFiP's payments, shared by several hubs (docs/hub-storage.md §5).
inline constexpr int kHubSchemaVersion = 7;

// 32 random bytes, base64url without padding: enrolment tokens, session tokens.
std::string random_token();

enum class ClientKind { kiosk, partner };
std::string_view to_string(ClientKind k);

class HubDb {
public:
    // Creates DATA_DIR (0700) and the database when missing; migrates. On
    // PostgreSQL when DATA_DIR/postgres.conf names a server.
    static Result<HubDb> open(const std::filesystem::path& data_dir);
    // A département's hub: the tables on a PostgreSQL server several hubs share
    // (libpq's conninfo or a postgresql:// URI; docs/hub-storage.md).
    static Result<HubDb> open_postgres(const std::string& conninfo);

    sql::Database& db() { return db_; }

    // Authentication lookups (protocol/auth.hpp Verifier).
    std::optional<ClientRecord> find_client(std::string_view id, ClientKind kind);
    Result<bool> remember_nonce(std::string_view client_id, std::string_view nonce, std::int64_t expires_at);
    Result<void> forget_nonces_before(std::int64_t now);

    // Staff commands.
    Result<std::string> create_enroll_token(std::int64_t now, std::int64_t valid_seconds);  // the token, once
    // Consumes TOKEN and registers a kiosk with PUBLIC_KEY, in one transaction.
    // Error message "bad-token" when the token is unknown, used or expired.
    Result<std::string> enroll_kiosk(std::string_view token, const crypto::Ed25519PublicKey& key, std::string_view name,
                                     std::int64_t now);
    Result<void> add_partner(std::string_view id, const crypto::Ed25519PublicKey& key, std::int64_t now);
    // false when there is no such client.
    Result<bool> revoke(std::string_view id, std::int64_t now);

private:
    explicit HubDb(sql::Database db) : db_(std::move(db)) {}
    sql::Database db_;
};

}  // namespace guichet::sync::hub
