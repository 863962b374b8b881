#include "agent/status_import.hpp"

#include "common/file.hpp"
#include "protocol/messages.hpp"
#include "feeds/status_bundle.hpp"

namespace guichet::feeds {

namespace fs = std::filesystem;

Result<StatusImport> import_status_bundle(store::Store& store, const fs::path& bundle_dir, const std::string& kiosk_id,
                                          const crypto::KeyRing& keys, std::int64_t now) {
    StatusImport out;
    const fs::path path = bundle_dir / kStatusBundleDir / status_bundle_file_name(kiosk_id);
    std::error_code ec;
    if (!fs::exists(path, ec)) return out;
    out.found = true;
    auto text = read_text_file(path, kMaxStatusBundleSize);
    if (!text) return text.error();
    auto bundle = verify_status_bundle(*text, keys);
    if (!bundle) return fail(path.string() + ": " + bundle.error().message);
    if (bundle->kiosk_id != kiosk_id)
        return fail(path.string() + ": made for kiosk " + bundle->kiosk_id + ", this is " + kiosk_id + " (refused)");
    if (now >= bundle->expires) return fail(path.string() + ": expired (export the statuses again at the hub)");
    for (const auto& s : bundle->statuses) {
        if (!sync::is_status(s.status))
            return fail(path.string() + ": unknown status '" + s.status + "' for " + s.tracking_code);
    }
    // One transaction would be nicer; each upsert is idempotent, so a stick
    // pulled mid-import is simply imported again.
    for (const auto& s : bundle->statuses) {
        const std::string message = s.message.empty() ? std::string(sync::status_label_fr(s.status)) : s.message;
        if (auto r = store.upsert_status(s.tracking_code, s.status, message, s.updated_at); !r) return r.error();
    }
    out.statuses = bundle->statuses.size();
    out.seq = bundle->seq;
    return out;
}

}  // namespace guichet::feeds
