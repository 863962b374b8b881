// Partner services: list and fetch their sealed démarches, acknowledge them,
// post statuses (docs/protocol.md §5). A partner sees only démarches routed to
// its recipient id; anything else is a plain 404.
#include "hub/hub_server.hpp"
#include "protocol/answers.hpp"
#include "protocol/messages.hpp"
#include "protocol/partner_inbox.hpp"
#include "protocol/routes.hpp"

#include "crypto/base64.hpp"

namespace guichet::sync::hub {

namespace {

constexpr std::size_t kMaxStatusMessage = 1000;

Result<std::vector<AttachmentManifest>> manifests(sql::Database& db, std::int64_t demarche_id) {
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
    "(SELECT public_key FROM client WHERE client.id = demarche.kiosk_id AND client.kind = 'kiosk'), last_status";
constexpr int kColumnCount = 13;  // a query may add columns after kColumns, from this index

PartnerDemarche read_row(const sql::Statement& st) {
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
    d.status = st.column_opt_text(12).value_or("");
    return d;
}

// The démarches ST selects (kColumns first), each with its attachments' manifest.
Result<std::vector<PartnerDemarche>> read_listed(sql::Database& db, sql::Statement& st) {
    std::vector<PartnerDemarche> out;
    for (;;) {
        auto row = st.step();
        if (!row) return row.error();
        if (!*row) return out;
        auto d = read_row(st);
        auto atts = manifests(db, st.column_int64(0));
        if (!atts) return atts.error();
        d.attachments = std::move(*atts);
        out.push_back(std::move(d));
    }
}

// One page of the inbox (protocol 1.4, §5.1): filtered, sorted and counted here.
void list_page(HubContext& ctx, const std::string& partner, const InboxQuery& q, http::Response& res) {
    // Every filter is a bound parameter; NULL means « any ». The casts give
    // PostgreSQL a type for a parameter that is only NULL (SQLite ignores them).
    const std::string where =
        " FROM demarche WHERE recipient_id = ?1 AND complete = 1"
        " AND (CAST(?2 AS BIGINT) IS NULL OR (CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END) = ?2)"
        " AND (CAST(?3 AS TEXT) IS NULL OR (?3 = 'none' AND last_status IS NULL) OR last_status = ?3)"
        " AND (CAST(?4 AS TEXT) IS NULL OR form_id = ?4)"
        // contains: SQLite has no strpos, PostgreSQL no instr
        " AND (CAST(?5 AS TEXT) IS NULL OR ?5 = '' OR replace(tracking_code, ?5, '') <> tracking_code)"
        " AND (CAST(?6 AS BIGINT) IS NULL OR received_at >= ?6) AND (CAST(?7 AS BIGINT) IS NULL OR received_at <= ?7)";
    auto bind_filters = [&](sql::Statement& st) {
        st.bind(1, partner);
        if (q.acknowledged) st.bind(2, std::int64_t{*q.acknowledged ? 1 : 0});
        if (!q.status.empty()) st.bind(3, q.status);
        if (!q.form_id.empty()) st.bind(4, q.form_id);
        if (!q.code.empty()) st.bind(5, q.code);
        if (q.received_from) st.bind(6, *q.received_from);
        if (q.received_to) st.bind(7, *q.received_to);
    };
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    InboxPage page;
    page.page = q.page;
    page.per_page = q.per_page;
    auto count = db.prepare("SELECT count(*)" + where);
    if (!count) return send_error(res, 500, "internal", count.error().message);
    bind_filters(*count);
    if (auto row = count->step(); !row || !*row) return send_error(res, 500, "internal", "count");
    page.total = count->column_int64(0);
    auto st = db.prepare(std::string("SELECT ") + kColumns + where + " ORDER BY id " +
                         (q.newest_first ? "DESC" : "ASC") + " LIMIT ?8 OFFSET ?9");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    bind_filters(*st);
    st->bind(8, std::int64_t{q.per_page}).bind(9, (q.page - 1) * std::int64_t{q.per_page});
    auto listed = read_listed(db, *st);
    if (!listed) return send_error(res, 500, "internal", listed.error().message);
    page.demarches = std::move(*listed);
    auto counts = db.prepare(
        "SELECT acknowledged_at IS NOT NULL, count(*) FROM demarche WHERE recipient_id = ?1 AND complete = 1 GROUP BY 1");
    if (!counts) return send_error(res, 500, "internal", counts.error().message);
    counts->bind(1, partner);
    for (;;) {
        auto row = counts->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        (counts->column_int64(0) ? page.count_acknowledged : page.count_new) = counts->column_int64(1);
    }
    auto forms = db.prepare("SELECT DISTINCT form_id FROM demarche WHERE recipient_id = ?1 AND complete = 1 ORDER BY 1");
    if (!forms) return send_error(res, 500, "internal", forms.error().message);
    forms->bind(1, partner);
    for (;;) {
        auto row = forms->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        page.forms.push_back(forms->column_text(0));
    }
    send_json(res, 200, to_json(page));
}

void list(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    auto paged = parse_inbox_query([&req](const std::string& name) { return req.get_param_value(name); });
    if (!paged) return send_error(res, 400, "malformed", paged.error().message);
    if (*paged) return list_page(ctx, *partner, **paged, res);
    const bool all = req.get_param_value(paths::kQueryAll) == "1";
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto st = db.prepare(std::string("SELECT ") + kColumns +
                         " FROM demarche WHERE recipient_id = ?1 AND complete = 1"
                         " AND (?2 <> 0 OR acknowledged_at IS NULL) ORDER BY id LIMIT 1000");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *partner).bind(2, std::int64_t{all ? 1 : 0});
    auto listed = read_listed(db, *st);
    if (!listed) return send_error(res, 500, "internal", listed.error().message);
    send_json(res, 200, to_json(*listed));
}

// Row id of démarche UUID when it is complete and routed to PARTNER.
std::optional<std::int64_t> visible(sql::Database& db, const std::string& uuid, const std::string& partner,
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
    d.sealed_payload = st->column_blob(kColumnCount);
    auto atts = manifests(db, *id);
    if (!atts) return send_error(res, 500, "internal", atts.error().message);
    d.attachments = std::move(*atts);
    auto history = db.prepare(
        "SELECT status, message, updated_at FROM status WHERE tracking_code = ?1 AND kiosk_id = ?2 ORDER BY seq");
    if (!history) return send_error(res, 500, "internal", history.error().message);
    history->bind(1, d.tracking_code).bind(2, st->column_text(9));
    for (;;) {
        auto h = history->step();
        if (!h) return send_error(res, 500, "internal", h.error().message);
        if (!*h) break;
        d.history.push_back({{}, history->column_text(0), history->column_text(1), history->column_int64(2)});
    }
    send_json(res, 200, to_json(d));
}

void fetch_attachment(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto id = visible(db, req.matches[1], *partner, res);
    if (!id) return;
    auto st = db.prepare("SELECT data FROM chunk WHERE demarche_id = ?1 AND idx = ?2 ORDER BY \"offset\"");
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
    // The status (what the kiosk reads) and the inbox's last_status together.
    auto tx = sql::Transaction::begin(db);
    if (!tx) return send_error(res, 503, "busy", tx.error().message);
    auto find = db.prepare("SELECT kiosk_id FROM demarche WHERE tracking_code = ?1 AND recipient_id = ?2");
    if (!find) return send_error(res, 500, "internal", find.error().message);
    find->bind(1, up->tracking_code).bind(2, *partner);
    auto row = find->step();
    if (!row) return send_error(res, 500, "internal", row.error().message);
    if (!*row) return send_error(res, 404, "not-found", "no démarche with this tracking code for this service");
    auto st = db.prepare(
        "INSERT INTO status (tracking_code, kiosk_id, status, message, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
        "RETURNING seq");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, up->tracking_code)
        .bind(2, find->column_text(0))
        .bind(3, up->status)
        .bind(4, up->message)
        .bind(5, ctx.now());
    const auto seq = st->run_returning();
    if (!seq) return send_error(res, 500, "internal", seq.error().message);
    auto last = db.prepare("UPDATE demarche SET last_status = ?3 WHERE tracking_code = ?1 AND recipient_id = ?2");
    if (!last) return send_error(res, 500, "internal", last.error().message);
    last->bind(1, up->tracking_code).bind(2, *partner).bind(3, up->status);
    if (auto r = last->run(); !r) return send_error(res, 500, "internal", r.error().message);
    if (auto r = tx->commit(); !r) return send_error(res, 500, "internal", r.error().message);
    send_json(res, 200, to_json(StatusPosted{*seq}));
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
