// guichet-hub import-bundle (docs/bundle.md §4).
#include "hub/bundle_import.hpp"

#include "hub/submission.hpp"
#include "protocol/messages.hpp"
#include "protocol/outbox_bundle.hpp"

#include "common/file.hpp"
#include "crypto/hash.hpp"

#include <algorithm>

namespace guichet::sync::hub {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxBodyBytes = 2 << 20;                  // as the HTTP upload's limit
constexpr std::uint64_t kMaxAttachmentBytes = (16 << 20) + 64;    // as a sealed attachment's
constexpr std::uint64_t kChunkBytes = 1 << 20;                    // rows as the HTTP path writes them

// Reads a file the signed manifest lists and checks its size and hash.
Result<Bytes> read_listed(const fs::path& dir, const BundleFile& f, std::uint64_t limit) {
    if (f.size > limit) return fail(f.path + ": " + std::to_string(f.size) + " bytes is over the limit");
    auto data = read_file(dir / f.path, limit);
    if (!data) return fail(f.path + ": " + data.error().message);
    if (data->size() != f.size || to_hex(crypto::blake2b_256(*data)) != f.blake2b)
        return fail(f.path + ": does not match the signed manifest (altered or truncated)");
    return data;
}

// Stores each attachment the hub does not hold whole yet, replacing partial
// chunks an interrupted network upload left; then marks the démarche complete.
Result<void> store_attachments(sql::Database& db, const std::string& uuid, const std::vector<Bytes>& data,
                               std::int64_t now) {
    auto d = db.prepare("SELECT id FROM demarche WHERE uuid = ?1");
    if (!d) return d.error();
    d->bind(1, uuid);
    auto row = d->step();
    if (!row) return row.error();
    if (!*row) return fail("the hub has no démarche " + uuid);
    const auto id = d->column_int64(0);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const auto idx = static_cast<std::int64_t>(i);
        auto a = db.prepare(
            "SELECT received, sealed_length, sealed_blake2b FROM attachment WHERE demarche_id = ?1 AND idx = ?2");
        if (!a) return a.error();
        a->bind(1, id).bind(2, idx);
        auto found = a->step();
        if (!found) return found.error();
        if (!*found) return fail("attachment " + std::to_string(i) + " is not in the submission's manifest");
        if (a->column_int64(0) >= a->column_int64(1)) continue;
        if (static_cast<std::int64_t>(data[i].size()) != a->column_int64(1) ||
            to_hex(crypto::blake2b_256(data[i])) != a->column_text(2))
            return fail("attachment " + std::to_string(i) + " does not match the submission's sealed_blake2b");
        auto drop = db.prepare("DELETE FROM chunk WHERE demarche_id = ?1 AND idx = ?2");
        if (!drop) return drop.error();
        drop->bind(1, id).bind(2, idx);
        if (auto r = drop->run(); !r) return r.error();
        for (std::uint64_t off = 0; off < data[i].size(); off += kChunkBytes) {
            auto ins = db.prepare("INSERT INTO chunk (demarche_id, idx, \"offset\", data) VALUES (?1, ?2, ?3, ?4)");
            if (!ins) return ins.error();
            const auto n = std::min<std::uint64_t>(kChunkBytes, data[i].size() - off);
            ins->bind(1, id).bind(2, idx).bind(3, static_cast<std::int64_t>(off)).bind(4, ByteView(data[i].data() + off, n));
            if (auto r = ins->run(); !r) return r.error();
        }
        auto upd = db.prepare("UPDATE attachment SET received = sealed_length WHERE demarche_id = ?1 AND idx = ?2");
        if (!upd) return upd.error();
        upd->bind(1, id).bind(2, idx);
        if (auto r = upd->run(); !r) return r.error();
    }
    auto done = db.prepare(
        "UPDATE demarche SET complete = 1, completed_at = ?2 WHERE id = ?1 AND complete = 0 AND NOT EXISTS "
        "(SELECT 1 FROM attachment WHERE demarche_id = ?1 AND received < sealed_length)");
    if (!done) return done.error();
    done->bind(1, id).bind(2, now);
    return done->run();
}

// One démarche in one transaction: accepted as over HTTP, then its attachments.
ImportedDemarche import_one(sql::Database& db, const fs::path& dir, const std::string& kiosk,
                            const BundleDemarche& bd, std::int64_t now) {
    using Outcome = ImportedDemarche::Outcome;
    ImportedDemarche out{bd.uuid, Outcome::refused, {}, {}};
    auto body = read_listed(dir, bd.body, kMaxBodyBytes);
    if (!body) return out.reason = body.error().message, out;
    std::vector<Bytes> attachments;
    for (const auto& f : bd.attachments) {
        auto data = read_listed(dir, f, kMaxAttachmentBytes);
        if (!data) return out.reason = data.error().message, out;
        attachments.push_back(std::move(*data));
    }
    auto tx = sql::Transaction::begin(db);
    if (!tx) return out.reason = tx.error().message, out;
    const std::string text(body->begin(), body->end());
    // The bundle's maker is only the carrier: the démarche is stored as its envelope's author's.
    auto accepted = accept_submission(db, Channel::bundle, kiosk, bd.uuid, text, now);
    if (!accepted) return out.reason = accepted.error().message, out;
    out.author = accepted->author;
    using Kind = SubmissionOutcome::Kind;
    if (accepted->kind == Kind::conflict || accepted->kind == Kind::malformed || accepted->kind == Kind::refused)
        return out.reason = (accepted->error.empty() ? "" : accepted->error + ": ") + accepted->answer, out;
    if (auto up = parse_submission_upload(text); up && up->attachments.size() != attachments.size())
        return out.reason = "the bundle carries " + std::to_string(attachments.size()) + " attachments, the submission lists " +
                            std::to_string(up->attachments.size()),
               out;
    if (auto r = store_attachments(db, bd.uuid, attachments, now); !r) return out.reason = r.error().message, out;
    if (auto r = tx->commit(); !r) return out.reason = r.error().message, out;
    out.outcome = accepted->kind == Kind::stored ? Outcome::added : Outcome::already_present;
    return out;
}

}  // namespace

int BundleImportReport::count(ImportedDemarche::Outcome o) const {
    return static_cast<int>(std::count_if(demarches.begin(), demarches.end(),
                                          [o](const ImportedDemarche& d) { return d.outcome == o; }));
}

Result<BundleImportReport> import_outbox_bundle(HubDb& hub, const fs::path& usb, std::int64_t now) {
    std::error_code ec;
    const fs::path dir = fs::is_directory(usb / kOutboxBundleDir, ec) ? usb / kOutboxBundleDir : usb;
    const fs::path manifest_path = dir / kOutboxManifestFile;
    if (!fs::exists(manifest_path, ec))
        return fail(manifest_path.string() +
                    " is missing: the bundle is incomplete (the stick was pulled before export-bundle finished?); "
                    "export it again on the kiosk");
    auto text = read_text_file(manifest_path, kMaxOutboxManifestBytes);
    if (!text) return fail(manifest_path.string() + ": " + text.error().message);
    auto manifest = parse_outbox_manifest(*text);
    if (!manifest) return fail(manifest_path.string() + ": " + manifest.error().message);
    auto client = hub.find_client(manifest->kiosk_id, ClientKind::kiosk);
    if (!client) return fail(manifest_path.string() + ": kiosk '" + manifest->kiosk_id + "' is not enrolled at this hub");
    if (client->revoked) return fail(manifest_path.string() + ": kiosk '" + manifest->kiosk_id + "' is revoked");
    if (auto r = verify_outbox_manifest(*text, client->key); !r)
        return fail(manifest_path.string() + ": " + r.error().message);

    BundleImportReport report{manifest->kiosk_id, {}};
    auto& db = hub.db();
    for (const auto& d : manifest->demarches) report.demarches.push_back(import_one(db, dir, manifest->kiosk_id, d, now));
    // The heartbeat is the kiosk's state when the stick was made: kept only when newer than the last one.
    if (auto beat = parse_heartbeat(manifest->heartbeat); beat) {
        auto st = db.prepare(
            "INSERT INTO heartbeat (kiosk_id, received_at, body) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, body = excluded.body "
            "WHERE excluded.received_at > heartbeat.received_at");
        if (!st) return st.error();
        st->bind(1, manifest->kiosk_id).bind(2, manifest->created_at).bind(3, to_json(*beat));
        if (auto r = st->run(); !r) return r.error();
    }
    return report;
}

}  // namespace guichet::sync::hub
