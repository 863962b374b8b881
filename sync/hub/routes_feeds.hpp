// The hub's feed route (docs/protocol.md §6.1, docs/feeds.md §5):
// GET /v1/kiosk/feeds/<kind> serves DATA/feeds/<kind>.gfd to enrolled kiosks,
// with an ETag and 304 for If-None-Match. Added with Hub::add_module.
#pragma once

#include "hub/hub_server.hpp"

namespace guichet::feeds {

void register_feed_routes(sync::hub::http::Server& server, sync::hub::HubContext& ctx);

}  // namespace guichet::feeds
