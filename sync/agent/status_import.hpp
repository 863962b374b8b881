// The kiosk's side of statuses on a USB stick (docs/bundle.md §5):
// USB/statuses/<this kiosk's id>.gst must verify with the kiosk's trusted
// pack keys, name this kiosk and not be expired; each status then goes
// through Store::upsert_status, which never lets an older update replace a
// newer one, so importing a stick twice, or an older stick, changes nothing.
#pragma once

#include "crypto/minisign.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <optional>

namespace guichet::feeds {

struct StatusImport {
    bool found = false;  // the stick holds statuses for this kiosk
    std::size_t statuses = 0;
    std::uint64_t seq = 0;
};

Result<StatusImport> import_status_bundle(store::Store& store, const std::filesystem::path& bundle_dir,
                                          const std::string& kiosk_id, const crypto::KeyRing& keys, std::int64_t now);

}  // namespace guichet::feeds
