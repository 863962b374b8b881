// The agent's feed step (docs/feeds.md §6): for each kind, GET
// /v1/kiosk/feeds/<kind> with If-None-Match, then accept_feed (signature by a
// trusted pack key, kind, expiry, version only goes up) and write
// STATE/feeds/<kind>.gfd atomically (fsync, rename). Registered with
// Agent::add_step(make_feed_step(…)).
#pragma once

#include "agent/agent.hpp"
#include "crypto/minisign.hpp"

#include <filesystem>
#include <functional>

namespace guichet::feeds {

struct FeedStepOptions {
    // The kiosk's trusted pack keys, as the pack step loads them (configured
    // keys, then the trust store's rotations); called at each cycle.
    std::function<Result<crypto::KeyRing>()> keys;
};

struct FeedFetch {
    std::string kind;
    enum class Outcome { unchanged, none_published, installed, refused, failed } outcome = Outcome::unchanged;
    std::uint64_t version = 0;
    std::string message;
};

// One pass over every kind; the file of a kind is replaced only by a feed
// that passed every check. STATE_DIR/feeds is created when missing.
std::vector<FeedFetch> fetch_feeds(sync::HubClient& hub, const std::filesystem::path& state_dir,
                                   const crypto::KeyRing& keys, std::int64_t now);

sync::agent::CycleStep make_feed_step(FeedStepOptions options);

}  // namespace guichet::feeds
