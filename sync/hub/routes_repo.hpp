// The hub's pack-repository routes (docs/pack-repository.md §1, docs/protocol.md):
// GET /v1/repo/<name> serves DATA/repo/<name> (the index, packs, deltas) to
// enrolled kiosks, with HTTP Range support so downloads resume. Plugged in
// with Hub::add_module(register_repo_routes).
#pragma once

#include "hub/hub_server.hpp"

namespace guichet::repo {

void register_repo_routes(sync::hub::http::Server& server, sync::hub::HubContext& ctx);

}  // namespace guichet::repo
