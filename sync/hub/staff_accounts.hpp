// Town-hall staff accounts and their sessions (docs/staff-pages.md).
// Passwords are libsodium crypto_pwhash_str strings (Argon2id, the
// "interactive" limits): hashing and checking take tens of milliseconds and
// 64 MiB, so they run outside the hub's database mutex (StaffGate bounds how
// many run at once). A session is a random token in a cookie; the database
// keeps only its BLAKE2b hash, with a CSRF token the pages send back on every
// change.
#pragma once

#include "common/result.hpp"
#include "sql/sql.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync::hub {

enum class StaffRole { staff, admin };
std::string_view to_string(StaffRole role);
std::optional<StaffRole> parse_staff_role(std::string_view text);

// How long sessions live and how hard sign-in is to guess.
struct StaffPolicy {
    std::int64_t idle_seconds = 30 * 60;          // no request for this long: signed out
    std::int64_t absolute_seconds = 12 * 3600;    // a working day, then sign in again
    int free_failures = 5;                        // wrong passwords in a row before the lock
    std::int64_t first_lock_seconds = 60;         // doubled at each further failure
    std::int64_t max_lock_seconds = 15 * 60;
    std::size_t min_password_length = 12;         // ANSSI/CNIL: 12 characters at least
};

// Argon2id hash string of PASSWORD (slow: never under the hub's mutex).
Result<std::string> hash_password(std::string_view password);
// Whether PASSWORD matches HASH (as slow as hash_password).
bool password_matches(const std::string& hash, std::string_view password);
// A French sentence saying why PASSWORD is refused, or nullopt when it is fine.
std::optional<std::string> weak_password(std::string_view password, std::string_view account, const StaffPolicy& policy);
// Whether NAME may name an account: 1–64 of [a-z0-9._-], starting with a letter.
bool is_account_name(std::string_view name);

struct StaffAccount {
    std::string name;
    StaffRole role = StaffRole::staff;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> disabled_at;
    int failed_logins = 0;
    std::int64_t locked_until = 0;
    std::string password_hash;  // filled by find() only
};

struct StaffSession {
    std::string account;
    StaffRole role = StaffRole::staff;
    std::string csrf;
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
};

struct NewSession {
    std::string token;  // for the cookie; the database keeps its hash only
    StaffSession session;
};

// Account and session records; the caller holds the hub's mutex.
class StaffAccounts {
public:
    explicit StaffAccounts(sql::Database& db) : db_(db) {}

    // Error "exists" when NAME is taken.
    Result<void> add(std::string_view name, const std::string& password_hash, StaffRole role, std::int64_t now);
    // The new hash; ends the account's sessions and lifts its lock. false: no such account.
    Result<bool> set_password(std::string_view name, const std::string& password_hash);
    // Disabling ends the account's sessions. false: no such account.
    Result<bool> set_disabled(std::string_view name, bool disabled, std::int64_t now);
    Result<std::vector<StaffAccount>> list();
    Result<std::optional<StaffAccount>> find(std::string_view name);

    // A wrong password for NAME: counts it, and past POLICY's free failures
    // locks the account for a time that doubles with each further failure.
    Result<void> record_failure(std::string_view name, std::int64_t now, const StaffPolicy& policy);
    Result<void> record_success(std::string_view name);

    // Also removes every session past POLICY's limits.
    Result<NewSession> open_session(const StaffAccount& account, std::int64_t now, const StaffPolicy& policy);
    // The live session of TOKEN (idle and absolute limits, account enabled),
    // its last use moved to NOW (at most once a minute); nullopt when none.
    Result<std::optional<StaffSession>> find_session(std::string_view token, std::int64_t now, const StaffPolicy& policy);
    Result<void> close_session(std::string_view token);

private:
    sql::Database& db_;
};

}  // namespace guichet::sync::hub
