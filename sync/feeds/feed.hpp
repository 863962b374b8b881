// Signed kiosk feeds, format version 1 (docs/feeds.md): job offers, events and
// appointment slots published by town-hall staff, signed with the pack signing
// key the kiosk already trusts, fetched by the agent and read by the kiosk.
// Parsing and verification only: signing is in feed_publish (staff, hub tool).
#pragma once

#include "common/result.hpp"
#include "crypto/hash.hpp"
#include "crypto/minisign.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::feeds {

inline constexpr int kFeedFormat = 1;
inline constexpr std::uint64_t kMaxFeedSize = 512 * 1024;  // a whole .gfd file
inline constexpr std::size_t kMaxItems = 500;
inline constexpr std::size_t kMaxMembers = 24;       // per item
inline constexpr std::size_t kMaxValueBytes = 4000;  // per member value
inline constexpr std::string_view kFeedUntrustedComment = "guichet feed";
inline constexpr std::string_view kFeedsDir = "feeds";  // under the hub's DATA and the kiosk's STATE

// "jobs", "events", "slots".
const std::vector<std::string>& feed_kinds();
bool is_feed_kind(std::string_view kind);
std::string feed_file_name(std::string_view kind);  // "jobs.gfd"
// The trusted comment a feed signature must carry (binds kind and version).
std::string feed_comment(std::string_view kind, std::uint64_t version);

struct FeedItem {
    std::string id;
    std::map<std::string, std::string> fields;  // every member but "id", all strings (title, dates…)
    std::string field(const std::string& name) const;  // "" when absent
};

struct Feed {
    std::string kind;
    std::uint64_t version = 0;
    std::int64_t created = 0;
    std::int64_t expires = 0;
    std::vector<FeedItem> items;

    // Canonical JSON body (sorted members, compact): the signed bytes.
    std::string to_json() const;
    // Parses and checks a body: types, limits, the kind's required members and
    // date shapes, unique ids. WHERE prefixes messages ("feed: ").
    static Result<Feed> parse(std::string_view json);
};

// Checks one item of KIND (required members, dates "YYYY-MM-DD", slot start
// "YYYY-MM-DDTHH:MM", member names and sizes). Message without prefix.
Result<void> check_item(std::string_view kind, const FeedItem& item);

// The whole check of a .gfd file: size, canonical signature block, signature
// by a trusted key, body, then the trusted comment against kind and version.
// Expiry is not checked here (see accept_feed and is_current).
Result<Feed> verify_feed_file(std::string_view file, const crypto::KeyRing& keys);

// What the agent does with a feed from the hub: verify_feed_file, the kind it
// asked for, not expired at NOW, and a version above PREVIOUS's (the file it
// holds; the same version is accepted only byte-identical). Rollback refused.
Result<Feed> accept_feed(std::string_view file, std::string_view kind, const crypto::KeyRing& keys, std::int64_t now,
                         const std::optional<std::string>& previous);

// Quoted hex BLAKE2b-256 of the whole file: the hub's ETag for it.
std::string feed_etag(std::string_view file);

}  // namespace guichet::feeds
