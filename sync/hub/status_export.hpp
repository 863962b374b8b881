// `guichet-hub export-statuses` (docs/bundle.md §5): for each kiosk, the latest
// status of each of its tracking codes, signed with the pack signing key into
// OUT/statuses/<kiosk id>.gst for the USB navette.
#pragma once

#include "crypto/signing/signing.hpp"
#include "hub/hub_db.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guichet::feeds {

struct ExportedStatuses {
    std::string kiosk_id;
    std::size_t statuses = 0;
    std::uint64_t seq = 0;
    std::filesystem::path path;
};

// Every enrolled, unrevoked kiosk, or only KIOSK. Each file is written
// atomically (fsync, rename).
Result<std::vector<ExportedStatuses>> export_status_bundles(sync::hub::HubDb& db, const std::filesystem::path& out_dir,
                                                           const crypto::SecretKey& key, std::int64_t now,
                                                           std::int64_t valid_seconds,
                                                           const std::optional<std::string>& kiosk = {});

}  // namespace guichet::feeds
