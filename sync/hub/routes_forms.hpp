// GET /v1/partner/forms (docs/protocol.md §5.2, since 1.5): the layout of the
// forms whose démarches reach the calling service, read from the packs the hub
// publishes (form_catalog.hpp). Plugged in with Hub::add_module(register_form_routes).
#pragma once

#include "hub/hub_server.hpp"

namespace guichet::sync::hub {

void register_form_routes(http::Server& server, HubContext& ctx);

}  // namespace guichet::sync::hub
