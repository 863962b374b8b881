#include "hub/routes_register.hpp"

#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "protocol/routes.hpp"
#include "sql/sql.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <mutex>

namespace guichet::sync::hub {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Before hub schema 7 each register was a file, DATA/registers/<service>.sealed:
// one header line, then the sealed bytes as the browser sent them.
constexpr std::string_view kMagic = "guichet-register 1 ";

struct Stored {
    std::int64_t version = 0;  // 0: none yet
    Bytes sealed;
};

Result<Stored> load_file(const fs::path& file) {
    auto bytes = read_file(file, kMaxSealedRegister + 64);
    if (!bytes) return bytes.error();
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    const auto eol = text.find('\n');
    if (!text.starts_with(kMagic) || eol == std::string_view::npos) return fail(file.string() + ": not a sealed register");
    Stored s;
    try {
        s.version = std::stoll(std::string(text.substr(kMagic.size(), eol - kMagic.size())));
    } catch (...) {
        return fail(file.string() + ": unreadable version");
    }
    s.sealed.assign(bytes->begin() + static_cast<std::ptrdiff_t>(eol + 1), bytes->end());
    return s;
}

Result<Stored> load(sql::Database& db, const std::string& partner) {
    auto st = db.prepare("SELECT version, sealed FROM sealed_register WHERE partner_id = ?1");
    if (!st) return st.error();
    st->bind(1, partner);
    auto row = st->step();
    if (!row) return row.error();
    Stored s;
    if (*row) {
        s.version = st->column_int64(0);
        s.sealed = st->column_blob(1);
    }
    return s;
}

// Moves the files an older hub kept into the store (hub schema 7), then
// renames the folder DATA/registers.imported. A file already in the store
// (another hub imported it) is left as the store has it.
Result<std::size_t> import_register_files(sql::Database& db, const fs::path& dir, std::int64_t now) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return std::size_t{0};
    std::size_t imported = 0;
    auto tx = sql::Transaction::begin(db);
    if (!tx) return tx.error();
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".sealed") continue;
        auto stored = load_file(entry.path());
        if (!stored) return stored.error();
        auto put = db.prepare("INSERT INTO sealed_register (partner_id, version, sealed, saved_at) "
                              "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (partner_id) DO NOTHING");
        if (!put) return put.error();
        put->bind(1, entry.path().stem().string()).bind(2, stored->version).bind(3, ByteView(stored->sealed)).bind(4, now);
        if (auto r = put->run(); !r) return r.error();
        imported += db.changes();
    }
    if (ec) return fail(dir.string() + ": " + ec.message());
    if (auto c = tx->commit(); !c) return c.error();
    fs::rename(dir, fs::path(dir.string() + ".imported"), ec);
    if (ec) return fail(dir.string() + ": imported, but not renamed: " + ec.message());
    return imported;
}

}  // namespace

void register_register_routes(http::Server& server, HubContext& ctx) {
    // base64 makes the body a third bigger; the JSON around it is small.
    ctx.limit_body({"PUT", std::string(paths::kPartnerRegister), kMaxSealedRegister / 3 * 4 + 4096});
    {
        std::lock_guard<std::mutex> guard(ctx.mutex());
        const auto dir = ctx.data_dir() / "registers";
        if (auto moved = import_register_files(ctx.db().db(), dir, ctx.now()); !moved)
            std::cerr << "guichet-hub: the sealed registers of " << dir.string()
                      << " stay there, not imported: " << moved.error().message << "\n";
        else if (*moved > 0)
            std::cerr << "guichet-hub: " << *moved << " sealed register(s) moved from " << dir.string()
                      << " into the hub's store\n";
    }

    server.Get(std::string(paths::kPartnerRegister), [&ctx](const http::Request& req, http::Response& res) {
        auto partner = ctx.authenticate(req, res, ClientKind::partner);
        if (!partner) return;
        std::lock_guard<std::mutex> guard(ctx.mutex());
        auto stored = load(ctx.db().db(), *partner);
        if (!stored) return send_error(res, 500, "storage", stored.error().message);
        if (stored->version == 0) return send_error(res, 404, "no-register", "this service has stored no register yet");
        res.set_header("ETag", "\"" + std::to_string(stored->version) + "\"");
        send_json(res, 200, json{{"version", stored->version}, {"sealed", crypto::base64_encode(stored->sealed)}}.dump());
    });

    server.Put(std::string(paths::kPartnerRegister), [&ctx](const http::Request& req, http::Response& res) {
        auto partner = ctx.authenticate(req, res, ClientKind::partner);
        if (!partner) return;
        json j = json::parse(req.body, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("base") || !j["base"].is_number_integer() ||
            !j.contains("sealed") || !j["sealed"].is_string())
            return send_error(res, 400, "malformed", "expected {\"base\": version, \"sealed\": base64}");
        auto sealed = crypto::base64_decode(j["sealed"].get<std::string>());
        // 40 bytes: a secretbox's nonce and tag; anything shorter cannot be a sealed document.
        if (!sealed || sealed->size() < 40 || sealed->size() > kMaxSealedRegister)
            return send_error(res, 400, "malformed", "sealed: base64 of 40 bytes to 16 MiB expected");
        const std::int64_t base = j["base"].get<std::int64_t>();
        std::lock_guard<std::mutex> guard(ctx.mutex());
        auto& db = ctx.db().db();
        auto tx = sql::Transaction::begin(db);
        if (!tx) return send_error(res, 500, "storage", tx.error().message);
        auto stored = load(db, *partner);
        if (!stored) return send_error(res, 500, "storage", stored.error().message);
        auto conflict = [&](std::int64_t current) {
            // Another agent saved first: this one must read that version, apply its change again, and retry.
            res.set_header("ETag", "\"" + std::to_string(current) + "\"");
            send_json(res, 412, json{{"error", "version-conflict"},
                                     {"message", "the register changed since version " + std::to_string(base)},
                                     {"version", current}}.dump());
        };
        if (base != stored->version) return conflict(stored->version);
        const std::int64_t next = stored->version + 1;
        // The version in the WHERE clause: on PostgreSQL another hub may have
        // saved since the read; then nothing changes and this one conflicts.
        auto put = db.prepare(
            "INSERT INTO sealed_register (partner_id, version, sealed, saved_at) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (partner_id) DO UPDATE SET version = excluded.version, sealed = excluded.sealed, "
            "saved_at = excluded.saved_at WHERE sealed_register.version = ?5");
        if (!put) return send_error(res, 500, "storage", put.error().message);
        put->bind(1, *partner).bind(2, next).bind(3, ByteView(*sealed)).bind(4, ctx.now()).bind(5, base);
        if (auto r = put->run(); !r) return send_error(res, 500, "storage", r.error().message);
        if (db.changes() != 1) return conflict(base + 1);
        if (auto c = tx->commit(); !c) return send_error(res, 500, "storage", c.error().message);
        res.set_header("ETag", "\"" + std::to_string(next) + "\"");
        send_json(res, 200, json{{"version", next}}.dump());
    });
}

}  // namespace guichet::sync::hub
