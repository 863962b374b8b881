#include "hub/hub_db.hpp"

#include "hub/hub_schema.hpp"

#include "crypto/base64.hpp"
#include "crypto/hash.hpp"
#include "crypto/sodium_init.hpp"
#include "common/file.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>

namespace guichet::sync::hub {

namespace {

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

Result<std::optional<std::string>> postgres_conninfo(const std::filesystem::path& data_dir) {
    const auto file = data_dir / kPostgresConfigFile;
    struct stat st{};
    if (::stat(file.c_str(), &st) != 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return fail(file.string() + ": " + errno_text());
    }
    // It may hold a password: only the hub's user reads it.
    if ((st.st_mode & 077) != 0)
        return fail(file.string() + ": readable by other users: chmod 600 it, it may hold the database's password");
    auto text = read_file(file, 64 * 1024);
    if (!text) return text.error();
    std::string conninfo;
    for (const char c : *text) {
        if (c == '\n') break;
        conninfo += static_cast<char>(c);
    }
    while (!conninfo.empty() && (conninfo.back() == ' ' || conninfo.back() == '\r')) conninfo.pop_back();
    if (conninfo.empty()) return fail(file.string() + ": empty: write the PostgreSQL connection on its first line");
    return std::optional<std::string>(std::move(conninfo));
}

Result<HubDb> HubDb::open(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail("cannot create the data directory " + data_dir.string() + ": " + ec.message());
    ::chmod(data_dir.c_str(), 0700);
    if (auto conninfo = postgres_conninfo(data_dir); !conninfo) {
        return conninfo.error();
    } else if (conninfo->has_value()) {
        return open_postgres(**conninfo);
    }
    store::OpenOptions open_options;
    open_options.file_mode = 0600;
    auto db = sql::Database::open_sqlite(data_dir / kHubDatabaseFile, open_options);
    if (!db) return db.error();
    if (auto r = migrate_sqlite_hub(*db, data_dir / kHubDatabaseFile); !r) return r.error();
    return HubDb(std::move(*db));
}

Result<HubDb> HubDb::open_postgres(const std::string& conninfo) {
    auto db = sql::Database::open_postgres(conninfo);
    if (!db) return db.error();
    if (auto r = create_postgres_hub(*db); !r) return r.error();
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
    // PostgreSQL the same way (synchronous_commit off for this insert only),
    // so that a request waits for one WAL flush, not two. Measured with
    // guichet-sync-bench --postgres: no change in the batched ingest on this
    // machine (1,080–1,141/s after, 1,106–1,111/s before; docs/benchmarks.md).
    const bool sqlite = db_.backend() == sql::Backend::sqlite;
    if (auto r = db_.exec(sqlite ? "PRAGMA synchronous = NORMAL" : "SET synchronous_commit = off"); !r)
        return r.error();
    auto st = db_.prepare("INSERT INTO nonce (client_id, nonce, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
    Result<void> ran = st ? st->bind(1, client_id).bind(2, nonce).bind(3, expires_at).run() : Result<void>(st.error());
    const bool fresh = ran.ok() && db_.changes() == 1;
    if (auto r = db_.exec(sqlite ? "PRAGMA synchronous = FULL" : "SET synchronous_commit = on"); !r) return r.error();
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
    auto tx = sql::Transaction::begin(db_);
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
            "INSERT INTO client (id, kind, public_key, name, created_at) "
            "VALUES (?1, 'kiosk', ?2, ?3, ?4) ON CONFLICT DO NOTHING");
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
        "ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, revoked_at = NULL WHERE client.kind = 'partner'");
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
