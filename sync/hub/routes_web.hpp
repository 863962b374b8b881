// The web channel (docs/protocol.md §11, since 1.12): démarches sealed in a
// resident's browser on the commune's website, sent unsigned to
// PUT /v1/web/demarches/{uuid}. The hub checks the form against the packs it
// publishes, rate-limits per address and in total, signs the envelope with
// the channel's own key (an enrolled "kiosk" whose key the hub holds, since a
// browser can hold no shared secret) and stores it as a kiosk's démarche.
#pragma once

#include "hub/hub_server.hpp"
#include "hub/kiosk_health.hpp"
#include "protocol/auth.hpp"

#include <memory>
#include <string>

namespace guichet::sync::hub {

struct WebChannelOptions {
    std::string id;                 // web-[a-z0-9-]{1,40}; empty: the channel is off
    int rate_per_address = 6;       // requests per minute from one address
    int rate_total = 120;           // requests per minute from everyone
};

inline constexpr std::uint64_t kWebSubmissionLimit = 256 << 10;

// is_web_channel_id(): hub/kiosk_health.hpp.

struct WebChannel {
    WebChannelOptions options;
    RequestKey key;
};

// Loads (or makes, once) DATA/web-channel/ID.key and enrols its public key as
// kiosk ID « Site web »; fails when ID is enrolled with another key or as a partner.
Result<std::shared_ptr<WebChannel>> open_web_channel(HubContext& ctx, WebChannelOptions options);

// The route; CHANNEL null: it answers 403 web-channel-off.
RouteModule web_routes(std::shared_ptr<WebChannel> channel);

}  // namespace guichet::sync::hub
