// The hub's SQLite database (DATA_DIR/hub.db, WAL, synchronous=FULL): clients
// (kiosks and partners), enrolment tokens, nonces, idempotency records,
// démarches with their attachments' chunks, statuses, heartbeats.
// Schema: docs/protocol.md §8. One connection, used under the hub's mutex.
#pragma once

#include "common/result.hpp"
#include "protocol/auth.hpp"
#include "sqlite/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

inline constexpr const char* kHubDatabaseFile = "hub.db";
// 2: démarche.envelope_signature (protocol 1.2); 3: last_status (1.4); 4: staff accounts and sessions;
// 5: usage counters (1.6, docs/usage-stats.md).
inline constexpr int kHubSchemaVersion = 6;

// 32 random bytes, base64url without padding: enrolment tokens, session tokens.
std::string random_token();

enum class ClientKind { kiosk, partner };
std::string_view to_string(ClientKind k);

class HubDb {
public:
    // Creates DATA_DIR (0700) and the database when missing; migrates.
    static Result<HubDb> open(const std::filesystem::path& data_dir);

    store::Database& db() { return db_; }

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
    explicit HubDb(store::Database db) : db_(std::move(db)) {}
    store::Database db_;
};

}  // namespace guichet::sync::hub
