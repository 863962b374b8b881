// guichet-sync export-bundle (docs/bundle.md §4).
#include "agent/bundle_export.hpp"

#include "protocol/outbox_bundle.hpp"

#include "common/file.hpp"

#include <ctime>

namespace guichet::sync::agent {

namespace fs = std::filesystem;

namespace {

Result<BundleFile> write_listed(const fs::path& dir, const std::string& name, ByteView data) {
    if (auto r = write_file_atomic(dir / name, data); !r) return r.error();
    return describe_bundle_file(name, data);
}

}  // namespace

Result<BundleExportReport> export_outbox_bundle(const AgentOptions& options, const fs::path& usb) {
    auto kiosk_id = enrolled_kiosk_id(options.state_dir);
    if (!kiosk_id) return kiosk_id.error();
    const fs::path key_file = options.state_dir / kKeyFile;
    auto key = RequestKey::load(key_file);
    if (!key) return fail(key_file.string() + ": " + key.error().message);
    const auto now = options.clock ? options.clock() : static_cast<std::int64_t>(std::time(nullptr));
    auto store = store::Store::open(options.state_dir / store::kDatabaseFile, {});
    if (!store) return store.error();

    const fs::path dir = usb / kOutboxBundleDir;
    const fs::path manifest_path = dir / kOutboxManifestFile;
    std::error_code ec;
    // The manifest goes first and comes back last: an interrupted export leaves none.
    fs::remove(manifest_path, ec);
    if (ec) return fail("cannot remove the old " + manifest_path.string() + ": " + ec.message());
    fs::remove_all(dir / "demarches", ec);
    fs::create_directories(dir / "demarches", ec);
    if (ec) return fail("cannot create " + (dir / "demarches").string() + ": " + ec.message());

    OutboxManifest manifest;
    manifest.kiosk_id = *kiosk_id;
    manifest.created_at = now;
    BundleExportReport report{*kiosk_id, 0, 0, 0};
    auto uuids = store->outbox_uuids();
    if (!uuids) return uuids.error();
    for (const auto& uuid : *uuids) {
        auto sealed = store->load_sealed(uuid);
        if (!sealed) return sealed.error();
        BundleDemarche entry;
        entry.uuid = uuid;
        auto up = signed_submission_upload(*store, *sealed, *kiosk_id, *key);
        if (!up) return up.error();
        const auto body = to_json(*up);
        auto body_file = write_listed(dir, "demarches/" + uuid + ".json", as_bytes(body));
        if (!body_file) return body_file.error();
        entry.body = *body_file;
        report.bytes += body.size();
        for (const auto& a : sealed->attachments) {
            auto file = write_listed(dir, "demarches/" + uuid + "." + std::to_string(a.index) + ".sealed", a.sealed_data);
            if (!file) return file.error();
            entry.attachments.push_back(*file);
            report.bytes += a.sealed_data.size();
            ++report.attachments;
        }
        manifest.demarches.push_back(std::move(entry));
        ++report.demarches;
    }
    auto beat = current_heartbeat(*store, options, now);
    if (!beat) return beat.error();
    manifest.heartbeat = to_json(*beat);
    if (auto r = write_file_atomic(manifest_path, as_bytes(sign_outbox_manifest(manifest, *key))); !r) return r.error();
    return report;
}

}  // namespace guichet::sync::agent
