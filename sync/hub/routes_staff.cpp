// Observability: /metrics (Prometheus text format 0.0.4) and a small HTML page
// for staff listing kiosks and their health (docs/protocol.md §6). Counts and
// kiosk health only: never a tracking code or anything about a resident.
#include "hub/hub_server.hpp"
#include "protocol/messages.hpp"

#include "common/time_format.hpp"

#include <sstream>

namespace guichet::sync::hub {

namespace {

struct KioskHealth {
    std::string id, name;
    bool revoked = false;
    std::optional<std::int64_t> beat_at;
    std::optional<Heartbeat> beat;
};

Result<std::vector<KioskHealth>> kiosks(store::Database& db) {
    auto st = db.prepare(
        "SELECT c.id, c.name, c.revoked_at IS NOT NULL, h.received_at, h.body FROM client c "
        "LEFT JOIN heartbeat h ON h.kiosk_id = c.id WHERE c.kind = 'kiosk' ORDER BY c.id");
    if (!st) return st.error();
    std::vector<KioskHealth> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        KioskHealth k{st->column_text(0), st->column_text(1), st->column_int64(2) != 0, st->column_opt_int64(3), {}};
        if (auto body = st->column_opt_text(4)) {
            auto beat = parse_heartbeat(*body);
            if (beat) k.beat = std::move(*beat);
        }
        out.push_back(std::move(k));
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

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
    auto list = kiosks(db);
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
    out << "# HELP guichet_hub_refused_requests_total Requests refused, by reason, since the hub started.\n"
        << "# TYPE guichet_hub_refused_requests_total counter\n";
    for (const auto& [kind, n] : ctx.refusals())
        out << "guichet_hub_refused_requests_total{reason=\"" << label(kind) << "\"} " << n << "\n";
    res.status = 200;
    res.set_content(out.str(), "text/plain; version=0.0.4; charset=utf-8");
}

std::string age(std::int64_t seconds) {
    if (seconds < 120) return std::to_string(seconds) + " s";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min";
    if (seconds < 172800) return std::to_string(seconds / 3600) + " h";
    return std::to_string(seconds / 86400) + " jours";
}

std::string size_text(std::uint64_t bytes) {
    if (bytes < 10 * 1024) return std::to_string(bytes) + " o";
    if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " Kio";
    return std::to_string(bytes / (1024 * 1024)) + " Mio";
}

// "anor v3 (delta depuis v2, 14 Kio)": how the kiosk's agent installed it, when its heartbeat says (protocol 1.3).
std::string pack_text(const PackVersion& p) {
    std::string out = html_escape(p.id) + " v" + std::to_string(p.version);
    if (!p.install) return out;
    const auto& i = *p.install;
    out += i.via == kInstallDelta ? " (delta depuis v" + std::to_string(i.from) + ", " : std::string(" (complet, ");
    return out + size_text(i.bytes) + ")";
}

void staff_page(HubContext& ctx, http::Response& res) {
    std::lock_guard lock(ctx.mutex());
    auto list = kiosks(ctx.db().db());
    if (!list) return send_error(res, 500, "internal", list.error().message);
    const auto now = ctx.now();
    std::ostringstream out;
    // In French, for town-hall staff (docs/back-office.md: accounts and the full staff pages come next).
    out << "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Hub Guichet — bornes</title>"
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
           "td,th{border:1px solid #888;padding:.3em .6em;text-align:left}.bad{background:#fdd}</style></head><body>"
           "<h1>Bornes</h1><table><tr><th>Borne</th><th>Nom</th><th>Dernier signal</th><th>File d’attente</th>"
           "<th>Plus ancienne en attente</th><th>Dernière synchronisation</th><th>Packs</th><th>Disque libre</th>"
           "<th>Logiciel</th></tr>\n";
    for (const auto& k : *list) {
        const bool stale = !k.beat_at || now - *k.beat_at > 3600;
        out << "<tr" << (k.revoked || stale ? " class=\"bad\"" : "") << "><td>" << html_escape(k.id)
            << (k.revoked ? " (révoquée)" : "") << "</td><td>" << html_escape(k.name) << "</td>";
        if (!k.beat) {
            out << "<td colspan=\"7\">jamais</td></tr>\n";
            continue;
        }
        const auto& b = *k.beat;
        out << "<td>il y a " << age(now - *k.beat_at) << "</td><td>" << b.queued + b.sending << "</td><td>"
            << (b.oldest_queued ? age(now - *b.oldest_queued) : std::string("—")) << "</td><td>"
            << (b.last_sync ? format_utc(*b.last_sync) : std::string("jamais")) << "</td><td>";
        for (const auto& p : b.packs) out << pack_text(p) << " ";
        // Pack updates stuck on a missing, damaged or refused file (pack-repository.md §4).
        for (const auto& p : b.pack_problems)
            out << "<br><b>" << html_escape(p.id) << " v" << p.version << " : échec " << p.failures
                << "×</b>, prochain essai " << format_utc(p.retry_at) << " : " << html_escape(p.error.substr(0, 200));
        out << "</td><td>" << b.free_disk_bytes / (1024 * 1024) << " Mio</td><td>" << html_escape(b.software_version)
            << "</td></tr>\n";
    }
    out << "</table><p>Métriques pour la supervision : <a href=\"/metrics\">/metrics</a>.</p></body></html>\n";
    res.status = 200;
    res.set_content(out.str(), "text/html; charset=utf-8");
}

}  // namespace

// Staff and operators only (HubOptions::staff_from): another address gets a
// 403 that says how to open the page, and learns nothing of the kiosks.
bool staff_address(const HubContext& ctx, const http::Request& req, http::Response& res) {
    const auto& allowed = ctx.options().staff_from;
    if (http::address_in(req.remote_addr, allowed.empty() ? http::loopback_ranges() : allowed)) return true;
    // A JSON error like every refusal of the hub (the fuzz target checks it); its message is for people.
    send_error(res, 403, "staff-only",
               "Page réservée au personnel de la mairie : ouvrez-la sur le hub lui-même, ou déclarez le réseau du "
               "personnel au démarrage du hub (guichet-hub serve --staff-from 192.168.1.0/24).");
    return false;
}

void register_staff_routes(http::Server& server, HubContext& ctx) {
    server.Get("/metrics", [&ctx](const http::Request& req, http::Response& res) {
        if (staff_address(ctx, req, res)) metrics(ctx, res);
    });
    server.Get("/", [&ctx](const http::Request& req, http::Response& res) {
        if (staff_address(ctx, req, res)) staff_page(ctx, res);
    });
}

}  // namespace guichet::sync::hub
