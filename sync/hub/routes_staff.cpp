// Observability: /metrics (Prometheus text format 0.0.4), and / which sends
// staff to their pages (/mairie/, docs/staff-pages.md). Counts and kiosk
// health only: never a tracking code or anything about a resident.
#include "hub/hub_server.hpp"
#include "hub/kiosk_health.hpp"
#include "hub/visio_rooms.hpp"

#include <sodium.h>

#include <sstream>

namespace guichet::sync::hub {

namespace {

// Label values: Prometheus escapes backslash, quote and newline.
std::string label(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        out += c == '\n' ? 'n' : c;
    }
    return out;
}

void metrics(HubContext& ctx, http::Response& res) {
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    auto list = kiosk_health(db);
    if (!list) return send_error(res, 500, "internal", list.error().message);
    const auto now = ctx.now();
    std::ostringstream out;
    int enrolled = 0, revoked = 0;
    for (const auto& k : *list) (k.revoked ? revoked : enrolled)++;
    out << "# HELP guichet_hub_kiosks Kiosks known to the hub.\n# TYPE guichet_hub_kiosks gauge\n"
        << "guichet_hub_kiosks{state=\"active\"} " << enrolled << "\n"
        << "guichet_hub_kiosks{state=\"revoked\"} " << revoked << "\n";
    out << "# HELP guichet_kiosk_heartbeat_age_seconds Seconds since the kiosk's last heartbeat.\n"
        << "# TYPE guichet_kiosk_heartbeat_age_seconds gauge\n";
    for (const auto& k : *list)
        if (k.beat_at)
            out << "guichet_kiosk_heartbeat_age_seconds{kiosk=\"" << label(k.id) << "\"} " << now - *k.beat_at << "\n";
    out << "# HELP guichet_kiosk_queue_depth Démarches waiting on the kiosk (queued + sending).\n"
        << "# TYPE guichet_kiosk_queue_depth gauge\n";
    for (const auto& k : *list)
        if (k.beat)
            out << "guichet_kiosk_queue_depth{kiosk=\"" << label(k.id) << "\"} " << k.beat->queued + k.beat->sending
                << "\n";
    out << "# HELP guichet_kiosk_free_disk_bytes Free disk on the kiosk's state volume.\n"
        << "# TYPE guichet_kiosk_free_disk_bytes gauge\n";
    for (const auto& k : *list)
        if (k.beat)
            out << "guichet_kiosk_free_disk_bytes{kiosk=\"" << label(k.id) << "\"} " << k.beat->free_disk_bytes << "\n";
    out << "# HELP guichet_kiosk_pack_version Pack version the kiosk installed, by how it came (delta, whole, "
           "unknown).\n"
        << "# TYPE guichet_kiosk_pack_version gauge\n";
    for (const auto& k : *list)
        if (k.beat)
            for (const auto& p : k.beat->packs)
                out << "guichet_kiosk_pack_version{kiosk=\"" << label(k.id) << "\",pack=\"" << label(p.id) << "\",via=\""
                    << (p.install ? label(p.install->via) : std::string("unknown")) << "\"} " << p.version << "\n";
    auto count = [&](const char* sql) { return db.query_int(sql).ok() ? db.query_int(sql).value() : -1; };
    out << "# HELP guichet_hub_demarches Démarches held by the hub.\n# TYPE guichet_hub_demarches gauge\n"
        << "guichet_hub_demarches{state=\"receiving\"} " << count("SELECT count(*) FROM demarche WHERE complete = 0")
        << "\n"
        << "guichet_hub_demarches{state=\"complete\"} "
        << count("SELECT count(*) FROM demarche WHERE complete = 1 AND acknowledged_at IS NULL") << "\n"
        << "guichet_hub_demarches{state=\"acknowledged\"} "
        << count("SELECT count(*) FROM demarche WHERE acknowledged_at IS NOT NULL") << "\n";
    out << "# HELP guichet_hub_statuses_total Statuses posted by partners.\n# TYPE guichet_hub_statuses_total counter\n"
        << "guichet_hub_statuses_total " << count("SELECT count(*) FROM status") << "\n";
    out << "# HELP guichet_hub_visio_rooms Visio-accueil rooms in memory.\n# TYPE guichet_hub_visio_rooms gauge\n"
        << "guichet_hub_visio_rooms " << ctx.visio().room_count() << "\n"
        << "# HELP guichet_hub_visio_waiters Signalling long-polls waiting now.\n"
        << "# TYPE guichet_hub_visio_waiters gauge\n"
        << "guichet_hub_visio_waiters " << ctx.visio().waiter_count() << "\n";
    out << "# HELP guichet_hub_refused_requests_total Requests refused, by reason, since the hub started.\n"
        << "# TYPE guichet_hub_refused_requests_total counter\n";
    for (const auto& [kind, n] : ctx.refusals())
        out << "guichet_hub_refused_requests_total{reason=\"" << label(kind) << "\"} " << n << "\n";
    res.status = 200;
    res.set_content(out.str(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

// Supervision only: the staff network (HubOptions::staff_from), or anyone with
// the metrics token when one is set. Another address gets a 403 that says how
// to reach it, and learns nothing of the kiosks.
bool metrics_allowed(const HubContext& ctx, const http::Request& req, http::Response& res) {
    const auto& token = ctx.options().metrics_token;
    const std::string bearer = req.get_header_value("Authorization");
    if (!token.empty() && bearer.size() == token.size() + 7 && bearer.starts_with("Bearer ") &&
        sodium_memcmp(bearer.data() + 7, token.data(), token.size()) == 0)
        return true;
    const auto& allowed = ctx.options().staff_from;
    if (http::address_in(req.remote_addr, allowed.empty() ? http::loopback_ranges() : allowed)) return true;
    // A JSON error like every refusal of the hub (the fuzz target checks it); its message is for people.
    send_error(res, 403, "staff-only",
               "Page réservée au personnel de la mairie : ouvrez-la sur le hub lui-même, ou déclarez le réseau du "
               "personnel au démarrage du hub (guichet-hub serve --staff-from 192.168.1.0/24), ou présentez le "
               "jeton de supervision (--metrics-token-file).");
    return false;
}

void register_staff_routes(http::Server& server, HubContext& ctx) {
    server.Get("/metrics", [&ctx](const http::Request& req, http::Response& res) {
        if (metrics_allowed(ctx, req, res)) metrics(ctx, res);
    });
    // The hub's home is the staff pages; the agents' back office is /bureau/.
    server.Get("/", [](const http::Request&, http::Response& res) {
        res.status = 303;
        res.set_header("Location", "/mairie/");
        res.set_content("", "text/plain");
    });
}

}  // namespace guichet::sync::hub
