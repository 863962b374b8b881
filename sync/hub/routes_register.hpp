// The service's sealed register (docs/protocol.md §5.3, since 1.9;
// docs/back-office.md §8): ONE opaque document per partner service that its
// agents' browsers encrypt, read and replace. The régie keeps its SEPA mandate
// register there. The hub stores bytes it cannot open (the key derives from
// the service's box secret key, which the hub never holds) and serialises
// writers with a version number:
//   GET /v1/partner/register   {"version": N, "sealed": base64} or 404 none yet
//   PUT /v1/partner/register   {"base": N, "sealed": base64}: 200 {"version": N+1},
//                              412 {"error": "version-conflict", "version": current}
// Plugged in with Hub::add_module(register_register_routes).
#pragma once

#include "hub/hub_server.hpp"

namespace guichet::sync::hub {

inline constexpr std::uint64_t kMaxSealedRegister = 16u << 20;  // bytes, before base64

void register_register_routes(http::Server& server, HubContext& ctx);

}  // namespace guichet::sync::hub
