// Statuses carried hub → kiosk on a USB stick (docs/bundle.md §5): one signed
// file per kiosk, USB/statuses/<kiosk id>.gst, holding the latest status of
// each of that kiosk's tracking codes. Signed with the pack signing key (as
// feeds, docs/feeds.md §1), so a kiosk checks it with keys it already trusts.
// Parsing and verification only; signing is in feed_publish.
#pragma once

#include "feed.hpp"

namespace guichet::feeds {

inline constexpr int kStatusBundleFormat = 1;
inline constexpr std::string_view kStatusBundleUntrustedComment = "guichet statuses";
inline constexpr std::string_view kStatusBundleDir = "statuses";  // under the stick's root
inline constexpr std::uint64_t kMaxStatusBundleSize = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxBundledStatuses = 50'000;

struct BundledStatus {
    std::string tracking_code;
    std::string status;   // machine value (pret_a_retirer…), as protocol.md §5
    std::string message;  // the partner's text, may be empty
    std::int64_t updated_at = 0;
};

struct StatusBundle {
    std::string kiosk_id;
    std::uint64_t seq = 0;  // the hub's highest status sequence number included
    std::int64_t created = 0;
    std::int64_t expires = 0;
    std::vector<BundledStatus> statuses;

    std::string to_json() const;  // canonical body: the signed bytes
    static Result<StatusBundle> parse(std::string_view json);
};

std::string status_bundle_comment(std::string_view kiosk_id, std::uint64_t seq);
std::string status_bundle_file_name(std::string_view kiosk_id);  // "<kiosk id>.gst"

// Size, canonical signature block, trusted key, body, then the trusted comment
// against the body's kiosk and sequence number. Expiry and the kiosk are the
// importer's checks.
Result<StatusBundle> verify_status_bundle(std::string_view file, const crypto::KeyRing& keys);

}  // namespace guichet::feeds
