#include "hub/status_export.hpp"

#include "common/file.hpp"
#include "feeds/feed_publish.hpp"

namespace guichet::feeds {

namespace fs = std::filesystem;

Result<std::vector<ExportedStatuses>> export_status_bundles(sync::hub::HubDb& hub, const fs::path& out_dir,
                                                           const crypto::SecretKey& key, std::int64_t now,
                                                           std::int64_t valid_seconds,
                                                           const std::optional<std::string>& kiosk) {
    auto& db = hub.db();
    std::vector<std::string> kiosks;
    {
        auto st = db.prepare("SELECT id FROM client WHERE kind = 'kiosk' AND revoked_at IS NULL "
                             "AND (CAST(?1 AS TEXT) IS NULL OR id = ?1) ORDER BY id");
        if (!st) return st.error();
        if (kiosk) st->bind(1, *kiosk);
        for (;;) {
            auto row = st->step();
            if (!row) return row.error();
            if (!*row) break;
            kiosks.push_back(st->column_text(0));
        }
    }
    if (kiosk && kiosks.empty()) return fail("no enrolled, unrevoked kiosk " + *kiosk);
    const fs::path dir = out_dir / kStatusBundleDir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(dir.string() + ": " + ec.message());
    std::vector<ExportedStatuses> out;
    for (const auto& id : kiosks) {
        StatusBundle b;
        b.kiosk_id = id;
        b.created = now;
        b.expires = now + valid_seconds;
        // The latest status of each tracking code: a kiosk's upsert keeps the
        // newest anyway, so the history adds nothing but bytes.
        auto st = db.prepare(
            "SELECT s.seq, s.tracking_code, s.status, s.message, s.updated_at FROM status s WHERE s.kiosk_id = ?1 "
            "AND s.seq = (SELECT MAX(t.seq) FROM status t WHERE t.kiosk_id = s.kiosk_id AND "
            "t.tracking_code = s.tracking_code) ORDER BY s.seq LIMIT ?2");
        if (!st) return st.error();
        st->bind(1, id).bind(2, static_cast<std::int64_t>(kMaxBundledStatuses));
        for (;;) {
            auto row = st->step();
            if (!row) return row.error();
            if (!*row) break;
            b.seq = static_cast<std::uint64_t>(st->column_int64(0));
            b.statuses.push_back({st->column_text(1), st->column_text(2), st->column_text(3), st->column_int64(4)});
        }
        const fs::path path = dir / status_bundle_file_name(id);
        if (auto r = write_file_atomic(path, as_bytes(sign_status_bundle(b, key))); !r) return r.error();
        out.push_back({id, b.statuses.size(), b.seq, path});
    }
    return out;
}

}  // namespace guichet::feeds
