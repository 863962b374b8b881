// Partner services: list and fetch their sealed démarches, acknowledge them,
// post statuses (docs/protocol.md §5). A partner sees only démarches routed to
// its recipient id; anything else is a plain 404.
#include "hub/hub_server.hpp"
#include "protocol/answers.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"

#include "crypto/base64.hpp"

namespace guichet::sync::hub {

namespace {

constexpr std::size_t kMaxStatusMessage = 1000;

Result<std::vector<AttachmentManifest>> manifests(store::Database& db, std::int64_t demarche_id) {
    auto st = db.prepare(
        "SELECT idx, size, sealed_meta, sealed_length, sealed_blake2b FROM attachment WHERE demarche_id = ?1 ORDER BY "
        "idx");
    if (!st) return st.error();
    st->bind(1, demarche_id);
    std::vector<AttachmentManifest> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({static_cast<int>(st->column_int64(0)), static_cast<std::uint64_t>(st->column_int64(1)),
                       st->column_blob(2), static_cast<std::uint64_t>(st->column_int64(3)), st->column_text(4)});
    }
    return out;
}

// The author's key comes with the envelope so the partner can check the
// signature itself (docs/protocol.md §4.4: it trusts the hub's list of keys).
constexpr const char* kColumns =
    "id, uuid, tracking_code, form_id, form_version, created_at, received_at, acknowledged_at IS NOT NULL, "
    "recipient_id, kiosk_id, envelope_signature, "
    "(SELECT public_key FROM client WHERE client.id = demarche.kiosk_id AND client.kind = 'kiosk')";

PartnerDemarche read_row(const store::Statement& st) {
    PartnerDemarche d;
    d.uuid = st.column_text(1);
    d.tracking_code = st.column_text(2);
    d.form_id = st.column_text(3);
    d.form_version = st.column_int64(4);
    d.created_at = st.column_int64(5);
    d.received_at = st.column_int64(6);
    d.acknowledged = st.column_int64(7) != 0;
    d.recipient_id = st.column_text(8);
    d.envelope_signature = st.column_blob(10);
    if (!d.envelope_signature.empty()) {
        d.kiosk_id = st.column_text(9);
        d.kiosk_public_key = crypto::base64_encode(st.column_blob(11));
    }
    return d;
}

void list(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    const bool all = req.get_param_value("all") == "1";
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto st = db.prepare(std::string("SELECT ") + kColumns +
                         " FROM demarche WHERE recipient_id = ?1 AND complete = 1"
                         " AND (?2 OR acknowledged_at IS NULL) ORDER BY id LIMIT 1000");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *partner).bind(2, std::int64_t{all ? 1 : 0});
    std::vector<PartnerDemarche> out;
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        auto d = read_row(*st);
        auto atts = manifests(db, st->column_int64(0));
        if (!atts) return send_error(res, 500, "internal", atts.error().message);
        d.attachments = std::move(*atts);
        out.push_back(std::move(d));
    }
    send_json(res, 200, to_json(out));
}

// Row id of démarche UUID when it is complete and routed to PARTNER.
std::optional<std::int64_t> visible(store::Database& db, const std::string& uuid, const std::string& partner,
                                    http::Response& res) {
    auto st = db.prepare("SELECT id FROM demarche WHERE uuid = ?1 AND recipient_id = ?2 AND complete = 1");
    if (!st) return send_error(res, 500, "internal", st.error().message), std::nullopt;
    st->bind(1, uuid).bind(2, partner);
    auto row = st->step();
    if (!row) return send_error(res, 500, "internal", row.error().message), std::nullopt;
    if (!*row) return send_error(res, 404, "not-found", "no such démarche"), std::nullopt;
    return st->column_int64(0);
}

void fetch(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto id = visible(db, req.matches[1], *partner, res);
    if (!id) return;
    auto st = db.prepare(std::string("SELECT ") + kColumns + ", sealed_payload FROM demarche WHERE id = ?1");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *id);
    auto row = st->step();
    if (!row || !*row) return send_error(res, 500, "internal", "démarche vanished");
    auto d = read_row(*st);
    d.sealed_payload = st->column_blob(12);
    auto atts = manifests(db, *id);
    if (!atts) return send_error(res, 500, "internal", atts.error().message);
    d.attachments = std::move(*atts);
    send_json(res, 200, to_json(d));
}

void fetch_attachment(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto id = visible(db, req.matches[1], *partner, res);
    if (!id) return;
    auto st = db.prepare("SELECT data FROM chunk WHERE demarche_id = ?1 AND idx = ?2 ORDER BY offset");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *id).bind(2, static_cast<std::int64_t>(std::stoi(req.matches[2])));
    std::string body;
    bool any = false;
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        any = true;
        auto chunk = st->column_blob(0);
        body.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    }
    if (!any) return send_error(res, 404, "not-found", "no such attachment");
    res.status = 200;
    res.set_content(std::move(body), "application/octet-stream");
}

void ack(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto id = visible(db, req.matches[1], *partner, res);
    if (!id) return;
    auto st = db.prepare("UPDATE demarche SET acknowledged_at = coalesce(acknowledged_at, ?2) WHERE id = ?1");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *id).bind(2, ctx.now());
    if (auto r = st->run(); !r) return send_error(res, 500, "internal", r.error().message);
    res.status = 204;
}

void post_status(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    auto up = parse_status_update(req.body);
    if (!up) return send_error(res, 400, "malformed", up.error().message);
    if (!is_status(up->status))
        return send_error(
            res, 400, "unknown-status",
            "status " + up->status + ": expected recu, en_cours, a_completer, pret_a_retirer, termine or refuse");
    if (up->message.size() > kMaxStatusMessage) return send_error(res, 400, "malformed", "message over 1000 bytes");
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto find = db.prepare("SELECT kiosk_id FROM demarche WHERE tracking_code = ?1 AND recipient_id = ?2");
    if (!find) return send_error(res, 500, "internal", find.error().message);
    find->bind(1, up->tracking_code).bind(2, *partner);
    auto row = find->step();
    if (!row) return send_error(res, 500, "internal", row.error().message);
    if (!*row) return send_error(res, 404, "not-found", "no démarche with this tracking code for this service");
    auto st = db.prepare(
        "INSERT INTO status (tracking_code, kiosk_id, status, message, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, up->tracking_code)
        .bind(2, find->column_text(0))
        .bind(3, up->status)
        .bind(4, up->message)
        .bind(5, ctx.now());
    if (auto r = st->run(); !r) return send_error(res, 500, "internal", r.error().message);
    send_json(res, 200, to_json(StatusPosted{db.last_insert_rowid()}));
}

}  // namespace

void register_partner_routes(http::Server& server, HubContext& ctx) {
    server.Get(std::string(paths::kPartnerDemarches),
               [&ctx](const http::Request& req, http::Response& res) { list(ctx, req, res); });
    server.Get(patterns::partner_demarche(),
               [&ctx](const http::Request& req, http::Response& res) { fetch(ctx, req, res); });
    server.Get(patterns::partner_attachment(),
               [&ctx](const http::Request& req, http::Response& res) { fetch_attachment(ctx, req, res); });
    server.Post(patterns::partner_ack(), [&ctx](const http::Request& req, http::Response& res) { ack(ctx, req, res); });
    server.Post(std::string(paths::kPartnerStatuses),
                [&ctx](const http::Request& req, http::Response& res) { post_status(ctx, req, res); });
}

}  // namespace guichet::sync::hub
