#include "hub/staff_accounts.hpp"

#include "crypto/hash.hpp"
#include "crypto/sodium_init.hpp"
#include "hub/hub_db.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace guichet::sync::hub {

namespace {

crypto::Hash256 token_hash(std::string_view token) {
    return crypto::blake2b_256(as_bytes(token));
}

// UTF-8 code points, for the length rule (« é » is one character).
std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string_view to_string(StaffRole role) {
    return role == StaffRole::admin ? "admin" : "staff";
}

std::optional<StaffRole> parse_staff_role(std::string_view text) {
    if (text == "staff") return StaffRole::staff;
    if (text == "admin") return StaffRole::admin;
    return std::nullopt;
}

Result<std::string> hash_password(std::string_view password) {
    crypto::ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return fail("not enough memory to hash the password (Argon2id needs 64 MiB)");
    return std::string(out);
}

bool password_matches(const std::string& hash, std::string_view password) {
    crypto::ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::optional<std::string> weak_password(std::string_view password, std::string_view account, const StaffPolicy& policy) {
    if (characters(password) < policy.min_password_length)
        return "Le mot de passe doit compter au moins " + std::to_string(policy.min_password_length) + " caractères.";
    if (password.size() > 1024) return std::string("Le mot de passe est trop long (1 024 octets au plus).");
    if (!account.empty() && lower(password).find(lower(account)) != std::string::npos)
        return std::string("Le mot de passe ne doit pas contenir l’identifiant.");
    if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password.front(); }))
        return std::string("Le mot de passe ne doit pas répéter un seul caractère.");
    return std::nullopt;
}

bool is_account_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || !std::islower(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
               c == '_' || c == '-';
    });
}

Result<void> StaffAccounts::add(std::string_view name, const std::string& password_hash, StaffRole role,
                                std::int64_t now) {
    auto st = db_.prepare(
        "INSERT INTO staff_account (name, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT DO NOTHING");
    if (!st) return st.error();
    if (auto r = st->bind(1, name).bind(2, password_hash).bind(3, to_string(role)).bind(4, now).run(); !r)
        return r.error();
    if (db_.changes() != 1) return fail("exists");
    return {};
}

Result<bool> StaffAccounts::set_password(std::string_view name, const std::string& password_hash) {
    auto tx = sql::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = db_.prepare(
        "UPDATE staff_account SET password_hash = ?2, failed_logins = 0, locked_until = 0 WHERE name = ?1");
    if (!st) return st.error();
    if (auto r = st->bind(1, name).bind(2, password_hash).run(); !r) return r.error();
    if (db_.changes() != 1) return false;
    auto end = db_.prepare("DELETE FROM staff_session WHERE account = ?1");
    if (!end) return end.error();
    if (auto r = end->bind(1, name).run(); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return true;
}

Result<bool> StaffAccounts::set_disabled(std::string_view name, bool disabled, std::int64_t now) {
    auto tx = sql::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto st = db_.prepare("UPDATE staff_account SET disabled_at = ?2 WHERE name = ?1");
    if (!st) return st.error();
    if (auto r = st->bind(1, name).bind(2, disabled ? std::optional<std::int64_t>(now) : std::nullopt).run(); !r)
        return r.error();
    if (db_.changes() != 1) return false;
    auto end = db_.prepare("DELETE FROM staff_session WHERE account = ?1");
    if (!end) return end.error();
    if (auto r = end->bind(1, name).run(); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return true;
}

namespace {

constexpr const char* kAccountColumns =
    "SELECT name, role, created_at, disabled_at, failed_logins, locked_until, password_hash FROM staff_account";

StaffAccount account_of(const sql::Statement& st) {
    StaffAccount a;
    a.name = st.column_text(0);
    a.role = parse_staff_role(st.column_text(1)).value_or(StaffRole::staff);
    a.created_at = st.column_int64(2);
    a.disabled_at = st.column_opt_int64(3);
    a.failed_logins = static_cast<int>(st.column_int64(4));
    a.locked_until = st.column_int64(5);
    return a;
}

}  // namespace

Result<std::vector<StaffAccount>> StaffAccounts::list() {
    auto st = db_.prepare(std::string(kAccountColumns) + " ORDER BY name");
    if (!st) return st.error();
    std::vector<StaffAccount> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(account_of(*st));
    }
    return out;
}

Result<std::optional<StaffAccount>> StaffAccounts::find(std::string_view name) {
    auto st = db_.prepare(std::string(kAccountColumns) + " WHERE name = ?1");
    if (!st) return st.error();
    st->bind(1, name);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<StaffAccount>();
    auto a = account_of(*st);
    a.password_hash = st->column_text(6);
    return std::optional<StaffAccount>(std::move(a));
}

Result<void> StaffAccounts::record_failure(std::string_view name, std::int64_t now, const StaffPolicy& policy) {
    auto found = find(name);
    if (!found) return found.error();
    if (!*found) return {};
    const int failures = (*found)->failed_logins + 1;
    std::int64_t locked_until = 0;
    if (failures >= policy.free_failures) {
        const int doublings = std::min(failures - policy.free_failures, 20);
        locked_until = now + std::min(policy.first_lock_seconds << doublings, policy.max_lock_seconds);
    }
    auto st = db_.prepare("UPDATE staff_account SET failed_logins = ?2, locked_until = ?3 WHERE name = ?1");
    if (!st) return st.error();
    return st->bind(1, name).bind(2, failures).bind(3, locked_until).run();
}

Result<void> StaffAccounts::record_success(std::string_view name) {
    auto st = db_.prepare("UPDATE staff_account SET failed_logins = 0, locked_until = 0 WHERE name = ?1");
    if (!st) return st.error();
    return st->bind(1, name).run();
}

Result<NewSession> StaffAccounts::open_session(const StaffAccount& account, std::int64_t now,
                                               const StaffPolicy& policy) {
    // Sessions past either limit go, everyone's, at each sign-in: reads never write for it.
    auto purge = db_.prepare("DELETE FROM staff_session WHERE last_seen_at < ?1 OR created_at < ?2");
    if (!purge) return purge.error();
    if (auto r = purge->bind(1, now - policy.idle_seconds).bind(2, now - policy.absolute_seconds).run(); !r)
        return r.error();
    NewSession out{random_token(), {account.name, account.role, random_token(), now, now}};
    const auto hash = token_hash(out.token);
    auto st = db_.prepare(
        "INSERT INTO staff_session (token_hash, account, csrf, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)");
    if (!st) return st.error();
    if (auto r = st->bind(1, ByteView(hash)).bind(2, account.name).bind(3, out.session.csrf).bind(4, now).run(); !r)
        return r.error();
    return out;
}

Result<std::optional<StaffSession>> StaffAccounts::find_session(std::string_view token, std::int64_t now,
                                                                const StaffPolicy& policy) {
    const auto hash = token_hash(token);
    auto st = db_.prepare(
        "SELECT s.account, a.role, s.csrf, s.created_at, s.last_seen_at FROM staff_session s "
        "JOIN staff_account a ON a.name = s.account WHERE s.token_hash = ?1 AND a.disabled_at IS NULL "
        "AND s.last_seen_at >= ?2 AND s.created_at >= ?3");
    if (!st) return st.error();
    st->bind(1, ByteView(hash)).bind(2, now - policy.idle_seconds).bind(3, now - policy.absolute_seconds);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<StaffSession>();
    StaffSession s{st->column_text(0), parse_staff_role(st->column_text(1)).value_or(StaffRole::staff),
                   st->column_text(2), st->column_int64(3), st->column_int64(4)};
    st->reset();
    // One write a minute at most per session, not one per request.
    if (now - s.last_seen_at >= 60) {
        auto touch = db_.prepare("UPDATE staff_session SET last_seen_at = ?2 WHERE token_hash = ?1");
        if (!touch) return touch.error();
        if (auto r = touch->bind(1, ByteView(hash)).bind(2, now).run(); !r) return r.error();
        s.last_seen_at = now;
    }
    return std::optional<StaffSession>(std::move(s));
}

Result<void> StaffAccounts::close_session(std::string_view token) {
    const auto hash = token_hash(token);
    auto st = db_.prepare("DELETE FROM staff_session WHERE token_hash = ?1");
    if (!st) return st.error();
    return st->bind(1, ByteView(hash)).run();
}

}  // namespace guichet::sync::hub
