// The staff pages' API (docs/staff-pages.md): sign-in, kiosks, partner
// services and accounts. JSON in and out; every route but sign-in goes
// through StaffGate::require (session, CSRF on changes, role).
#include "hub/hub_server.hpp"
#include "hub/kiosk_health.hpp"
#include "hub/staff_gate.hpp"
#include "protocol/routes.hpp"

#include "common/qr_code.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <regex>

namespace guichet::sync::hub {

using nlohmann::json;

namespace {

// The body of a change as a JSON object; nullopt (and 400 written) otherwise.
std::optional<json> body_of(const http::Request& req, http::Response& res) {
    try {
        auto j = json::parse(req.body.empty() ? std::string("{}") : req.body);
        if (j.is_object()) return j;
    } catch (const std::exception&) {
    }
    send_error(res, 400, "malformed", "Corps de requête illisible : un objet JSON est attendu.");
    return std::nullopt;
}

std::string text_member(const json& j, const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A name people gave: 1–100 characters, no control characters.
bool is_display_name(std::string_view name) {
    if (name.empty() || name.size() > 300) return false;
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

json kiosk_json(const KioskHealth& k, std::int64_t now, const std::map<std::string, std::uint64_t>& published) {
    json j = {{"id", k.id}, {"name", k.name}, {"revoked", k.revoked}, {"enrolled_at", k.enrolled_at}};
    j["last_heartbeat"] = k.beat_at ? json(*k.beat_at) : json(nullptr);
    if (k.beat) {
        const auto& b = *k.beat;
        j["queued"] = b.queued + b.sending;
        j["oldest_queued"] = b.oldest_queued ? json(*b.oldest_queued) : json(nullptr);
        j["last_sync"] = b.last_sync ? json(*b.last_sync) : json(nullptr);
        j["free_disk_bytes"] = b.free_disk_bytes;
        j["software_version"] = b.software_version;
        json packs = json::array();
        for (const auto& p : b.packs) {
            json pj = {{"id", p.id}, {"version", p.version}};
            if (p.install) pj["install"] = {{"via", p.install->via}, {"from", p.install->from}, {"bytes", p.install->bytes}};
            packs.push_back(std::move(pj));
        }
        j["packs"] = std::move(packs);
        // Pack updates stuck on a missing, damaged or refused file (pack-repository.md §4).
        json stuck = json::array();
        for (const auto& p : b.pack_problems)
            stuck.push_back({{"id", p.id},
                             {"version", p.version},
                             {"failures", p.failures},
                             {"retry_at", p.retry_at},
                             {"error", p.error.substr(0, 200)}});
        j["pack_problems"] = std::move(stuck);
    }
    json problems = json::array();
    for (const auto& p : kiosk_problems(k, now, published)) problems.push_back({{"code", p.code}, {"text", p.text}});
    j["problems"] = std::move(problems);
    return j;
}

void list_kiosks(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    const auto published = published_pack_versions(ctx);
    std::lock_guard lock(ctx.mutex());
    auto list = kiosk_health(ctx.db().db());
    if (!list) return send_error(res, 500, "internal", list.error().message);
    const auto now = ctx.now();
    json out = {{"now", now}, {"kiosks", json::array()}, {"published", published}};
    for (const auto& k : *list) out["kiosks"].push_back(kiosk_json(k, now, published));
    send_json(res, 200, out.dump());
}

void make_enroll_token(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    auto body = body_of(req, res);
    if (!body) return;
    std::int64_t hours = 168;
    if (auto it = body->find("valid_hours"); it != body->end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 720)
            return send_error(res, 400, "malformed", "Durée de validité : de 1 à 720 heures.");
        hours = it->get<std::int64_t>();
    }
    std::string token;
    {
        std::lock_guard lock(ctx.mutex());
        auto made = ctx.db().create_enroll_token(ctx.now(), hours * 3600);
        if (!made) return send_error(res, 500, "internal", made.error().message);
        token = std::move(*made);
    }
    // The hub as the browser reached it: what the kiosk's installer types.
    const std::string host = req.get_header_value("Host");
    const std::string hub_url = (req.secure_transport ? "https://" : "http://") + (host.empty() ? "HUB" : host);
    const std::string command = "guichet-sync enroll --state /var/lib/guichet/kiosk --hub " + hub_url + " --token " + token;
    auto qr = encode_qr(command);
    json out = {{"token", token}, {"expires_at", ctx.now() + hours * 3600}, {"command", command}};
    out["qr_svg"] = qr ? qr_svg(*qr, "Code QR de la commande d’inscription de la borne") : std::string();
    res.set_header("Cache-Control", "no-store");
    send_json(res, 200, out.dump());
}

void rename_kiosk(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    auto body = body_of(req, res);
    if (!body) return;
    const std::string name = text_member(*body, "name");
    if (!is_display_name(name))
        return send_error(res, 400, "malformed", "Nom de borne : de 1 à 100 caractères, sans caractère de contrôle.");
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare("UPDATE client SET name = ?2 WHERE id = ?1 AND kind = 'kiosk'");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    if (auto r = st->bind(1, std::string(req.matches[1])).bind(2, name).run(); !r)
        return send_error(res, 500, "internal", r.error().message);
    if (ctx.db().db().changes() != 1) return send_error(res, 404, "not-found", "Aucune borne de ce nom.");
    send_json(res, 200, json{{"id", std::string(req.matches[1])}, {"name", name}}.dump());
}

// Kiosks and partners alike: their signed requests are refused from now on.
void revoke_client(HubContext& ctx, const http::Request& req, http::Response& res, const char* kind) {
    if (!ctx.staff().require(req, res, StaffRole::admin)) return;
    const std::string id = req.matches[1];
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "UPDATE client SET revoked_at = coalesce(revoked_at, ?3) WHERE id = ?1 AND kind = ?2");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    if (auto r = st->bind(1, id).bind(2, kind).bind(3, ctx.now()).run(); !r)
        return send_error(res, 500, "internal", r.error().message);
    if (ctx.db().db().changes() != 1) return send_error(res, 404, "not-found", "Inconnu de ce hub.");
    send_json(res, 200, json{{"id", id}, {"revoked", true}}.dump());
}

void list_partners(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "SELECT c.id, c.created_at, c.revoked_at, "
        "(SELECT count(*) FROM demarche d WHERE d.recipient_id = c.id AND d.complete = 1 AND d.acknowledged_at IS "
        "NULL), (SELECT count(*) FROM demarche d WHERE d.recipient_id = c.id) "
        "FROM client c WHERE c.kind = 'partner' ORDER BY c.id");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    json list = json::array();
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        auto revoked = st->column_opt_int64(2);
        list.push_back({{"id", st->column_text(0)},
                        {"registered_at", st->column_int64(1)},
                        {"revoked_at", revoked ? json(*revoked) : json(nullptr)},
                        {"waiting", st->column_int64(3)},
                        {"total", st->column_int64(4)}});
    }
    send_json(res, 200, json{{"partners", list}}.dump());
}

void add_partner(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::admin)) return;
    auto body = body_of(req, res);
    if (!body) return;
    const std::string id = text_member(*body, "id");
    if (!std::regex_match(id, std::regex("[a-z0-9][a-z0-9._-]{0,63}")))
        return send_error(res, 400, "malformed",
                          "Identifiant du service : de 1 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - ».");
    auto key = parse_public_key(text_member(*body, "public_key"));
    if (!key)
        return send_error(res, 400, "malformed",
                          "Clé publique illisible : collez le contenu du fichier ID.sign.pub donné par "
                          "« guichet-partner keygen » (" + key.error().message + ").");
    std::lock_guard lock(ctx.mutex());
    if (auto r = ctx.db().add_partner(id, *key, ctx.now()); !r)
        return send_error(res, 409, "conflict", "Cet identifiant est déjà celui d’une borne.");
    send_json(res, 200, json{{"id", id}, {"registered", true}}.dump());
}

json account_json(const StaffAccount& a, std::int64_t now) {
    return {{"name", a.name},
            {"role", to_string(a.role)},
            {"created_at", a.created_at},
            {"disabled", a.disabled_at.has_value()},
            {"locked", a.locked_until > now}};
}

void list_accounts(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::admin)) return;
    std::lock_guard lock(ctx.mutex());
    auto list = StaffAccounts(ctx.db().db()).list();
    if (!list) return send_error(res, 500, "internal", list.error().message);
    json out = json::array();
    for (const auto& a : *list) out.push_back(account_json(a, ctx.now()));
    send_json(res, 200, json{{"accounts", out}}.dump());
}

void add_account(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::admin)) return;
    auto body = body_of(req, res);
    if (!body) return;
    const std::string name = text_member(*body, "name");
    std::string password = text_member(*body, "password");
    const auto role = parse_staff_role(text_member(*body, "role"));
    if (!is_account_name(name))
        return send_error(res, 400, "malformed",
                          "Identifiant : de 1 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - », commençant par une "
                          "lettre.");
    if (!role) return send_error(res, 400, "malformed", "Rôle : « staff » ou « admin ».");
    if (auto weak = weak_password(password, name, ctx.options().staff_policy))
        return send_error(res, 400, "weak-password", *weak);
    auto hash = hash_password(password);
    sodium_memzero(password.data(), password.size());
    if (!hash) return send_error(res, 503, "busy", hash.error().message);
    std::lock_guard lock(ctx.mutex());
    if (auto r = StaffAccounts(ctx.db().db()).add(name, *hash, *role, ctx.now()); !r)
        return r.error().message == "exists" ? send_error(res, 409, "exists", "Ce compte existe déjà.")
                                             : send_error(res, 500, "internal", r.error().message);
    send_json(res, 200, json{{"name", name}, {"role", to_string(*role)}}.dump());
}

void account_action(HubContext& ctx, const http::Request& req, http::Response& res) {
    const std::string name = req.matches[1], action = req.matches[2];
    // Anyone changes their own password; the rest is for administrators.
    auto session = ctx.staff().require(req, res, StaffRole::staff);
    if (!session) return;
    if (!(action == "password" && session->account == name) && session->role != StaffRole::admin)
        return send_error(res, 403, "role", "Action réservée aux administrateurs du hub.");
    if (action == "disable" && name == session->account)
        return send_error(res, 400, "self", "Vous ne pouvez pas désactiver votre propre compte.");
    StaffAccounts accounts(ctx.db().db());
    if (action == "password") {
        auto body = body_of(req, res);
        if (!body) return;
        std::string password = text_member(*body, "password");
        if (auto weak = weak_password(password, name, ctx.options().staff_policy))
            return send_error(res, 400, "weak-password", *weak);
        auto hash = hash_password(password);
        sodium_memzero(password.data(), password.size());
        if (!hash) return send_error(res, 503, "busy", hash.error().message);
        std::lock_guard lock(ctx.mutex());
        auto done = accounts.set_password(name, *hash);
        if (!done) return send_error(res, 500, "internal", done.error().message);
        if (!*done) return send_error(res, 404, "not-found", "Aucun compte de ce nom.");
    } else {
        std::lock_guard lock(ctx.mutex());
        auto done = accounts.set_disabled(name, action == "disable", ctx.now());
        if (!done) return send_error(res, 500, "internal", done.error().message);
        if (!*done) return send_error(res, 404, "not-found", "Aucun compte de ce nom.");
    }
    send_json(res, 200, json{{"name", name}, {"done", action}}.dump());
}

}  // namespace

void register_staff_api_routes(http::Server& server, HubContext& ctx) {
    using Req = const http::Request&;
    using Res = http::Response&;
    const std::string session(paths::kStaffSession);
    server.Post(session, [&ctx](Req req, Res res) { ctx.staff().sign_in(req, res); });
    server.Get(session, [&ctx](Req req, Res res) { ctx.staff().whoami(req, res); });
    server.Delete(session, [&ctx](Req req, Res res) { ctx.staff().sign_out(req, res); });
    server.Get(std::string(paths::kStaffKiosks), [&ctx](Req req, Res res) { list_kiosks(ctx, req, res); });
    server.Post(std::string(paths::kStaffEnrollTokens), [&ctx](Req req, Res res) { make_enroll_token(ctx, req, res); });
    server.Post(patterns::staff_kiosk_rename(), [&ctx](Req req, Res res) { rename_kiosk(ctx, req, res); });
    server.Post(patterns::staff_kiosk_revoke(), [&ctx](Req req, Res res) { revoke_client(ctx, req, res, "kiosk"); });
    server.Get(std::string(paths::kStaffPartners), [&ctx](Req req, Res res) { list_partners(ctx, req, res); });
    server.Post(std::string(paths::kStaffPartners), [&ctx](Req req, Res res) { add_partner(ctx, req, res); });
    server.Post(patterns::staff_partner_revoke(), [&ctx](Req req, Res res) { revoke_client(ctx, req, res, "partner"); });
    server.Get(std::string(paths::kStaffAccounts), [&ctx](Req req, Res res) { list_accounts(ctx, req, res); });
    server.Post(std::string(paths::kStaffAccounts), [&ctx](Req req, Res res) { add_account(ctx, req, res); });
    server.Post(patterns::staff_account_action(), [&ctx](Req req, Res res) { account_action(ctx, req, res); });
}

}  // namespace guichet::sync::hub
