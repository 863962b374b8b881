#include "hub/routes_forms.hpp"

#include "hub/form_catalog.hpp"
#include "protocol/routes.hpp"

#include <memory>

namespace guichet::sync::hub {

void register_form_routes(http::Server& server, HubContext& ctx) {
    crypto::KeyRing keys;  // --pack-key: packs read only when their signature verifies
    for (const auto& k : ctx.options().pack_keys) keys.add(k);
    auto catalog = std::make_shared<FormCatalog>(ctx.data_dir() / "repo", std::move(keys));
    server.Get(std::string(paths::kPartnerForms), [&ctx, catalog](const http::Request& req, http::Response& res) {
        // Signed by the service like every partner route; only its own forms are
        // listed, so no other service's démarche types leak (docs/back-office.md §4).
        auto partner = ctx.authenticate(req, res, ClientKind::partner);
        if (!partner) return;
        send_json(res, 200, catalog->forms_for(*partner).dump());
    });
}

}  // namespace guichet::sync::hub
