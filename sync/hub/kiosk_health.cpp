#include "hub/kiosk_health.hpp"

namespace guichet::sync::hub {

bool is_web_channel_id(std::string_view id) {
    if (!id.starts_with("web-") || id.size() < 5 || id.size() > 44) return false;
    for (char c : id.substr(4))
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

Result<std::vector<KioskHealth>> kiosk_health(sql::Database& db) {
    auto st = db.prepare(
        "SELECT c.id, c.name, c.revoked_at IS NOT NULL, c.created_at, h.received_at, h.body FROM client c "
        "LEFT JOIN heartbeat h ON h.kiosk_id = c.id WHERE c.kind = 'kiosk' ORDER BY c.id");
    if (!st) return st.error();
    std::vector<KioskHealth> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        KioskHealth k{st->column_text(0), st->column_text(1), st->column_int64(2) != 0, st->column_int64(3),
                      st->column_opt_int64(4), {}};
        if (auto body = st->column_opt_text(5)) {
            auto beat = parse_heartbeat(*body);
            if (beat) k.beat = std::move(*beat);
        }
        out.push_back(std::move(k));
    }
    return out;
}

std::string age_fr(std::int64_t seconds) {
    if (seconds < 120) return std::to_string(seconds) + " s";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min";
    if (seconds < 172800) return std::to_string(seconds / 3600) + " h";
    return std::to_string(seconds / 86400) + " jours";
}

std::vector<KioskProblem> kiosk_problems(const KioskHealth& k, std::int64_t now,
                                         const std::map<std::string, std::uint64_t>& published) {
    std::vector<KioskProblem> out;
    if (k.revoked || is_web_channel_id(k.id)) return out;
    if (!k.beat_at) {
        out.push_back({"no-heartbeat", "Aucun signal reçu depuis l’inscription"});
        return out;
    }
    if (now - *k.beat_at > kSilentKioskSeconds)
        out.push_back({"no-heartbeat", "Aucun signal depuis " + age_fr(now - *k.beat_at)});
    if (!k.beat) return out;
    const auto& b = *k.beat;
    if (b.oldest_queued && now - *b.oldest_queued > kOldQueueSeconds)
        out.push_back({"old-queue", "Démarches en attente d’envoi depuis " + age_fr(now - *b.oldest_queued)});
    if (b.free_disk_bytes < kLowDiskBytes)
        out.push_back({"disk-low", "Disque presque plein : " + std::to_string(b.free_disk_bytes >> 20) + " Mio libres"});
    for (const auto& [id, version] : published) {
        std::optional<std::uint64_t> installed;
        for (const auto& p : b.packs)
            if (p.id == id) installed = p.version;
        if (!installed || *installed < version)
            out.push_back({"pack-outdated", "Pack « " + id + " » : " +
                                                (installed ? "v" + std::to_string(*installed) : std::string("absent")) +
                                                " sur la borne, v" + std::to_string(version) + " publiée"});
    }
    if (b.printer && b.printer->state != "ok")
        out.push_back({"printer", "Imprimante : " + (b.printer->message.empty() ? b.printer->state : b.printer->message)});
    for (const auto& p : b.pack_problems)
        out.push_back({"pack-failing", "Mise à jour du pack « " + p.id + " » v" + std::to_string(p.version) +
                                           " en échec (" + std::to_string(p.failures) + " essais)"});
    return out;
}

}  // namespace guichet::sync::hub
