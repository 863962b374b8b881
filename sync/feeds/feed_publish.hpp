// Publishing a signed feed (docs/feeds.md §4): staff's source file (JSON) is
// checked with FILE:LINE errors, signed with the pack signing key and written
// atomically as DATA/feeds/<kind>.gfd, where the hub serves it. Links the
// signing library: staff tools and the hub's command line only, never a kiosk.
#pragma once

#include "crypto/signing/signing.hpp"
#include "feed.hpp"
#include "status_bundle.hpp"

#include <filesystem>

namespace guichet::feeds {

// Reads staff's source: {"items": [{"id": "…", "title": "…", …}, …]}, every
// value a string. Errors name the file and line: "jobs.json:12: item 2 ('x'):
// missing member 'employer'".
Result<std::vector<FeedItem>> read_feed_source(const std::filesystem::path& source, std::string_view kind);

// The .gfd file text: canonical signature block then FEED's canonical body.
std::string sign_feed(const Feed& feed, const crypto::SecretKey& key);

// The .gst file text of a status bundle (docs/bundle.md §5).
std::string sign_status_bundle(const StatusBundle& bundle, const crypto::SecretKey& key);

struct PublishFeedOptions {
    std::filesystem::path data_dir;  // the hub's data directory: writes data_dir/feeds/<kind>.gfd
    std::string kind;
    std::vector<FeedItem> items;
    std::int64_t created = 0;
    std::int64_t valid_seconds = 7 * 86400;
};

struct PublishedFeed {
    std::uint64_t version = 0;
    std::uint64_t bytes = 0;
    std::filesystem::path path;
};

// The held feed (if any) must verify with KEY's public half; the new version
// is the held one + 1 (1 for the first). Written with fsync and rename.
Result<PublishedFeed> publish_feed(const PublishFeedOptions& options, const crypto::SecretKey& key);

}  // namespace guichet::feeds
