#include "hub/routes_repo.hpp"

#include "common/file.hpp"
#include "protocol/routes.hpp"
#include "repo/transport.hpp"

#include <memory>

namespace guichet::repo {

namespace {

void serve_file(sync::hub::HubContext& ctx, const sync::hub::http::Request& req, sync::hub::http::Response& res) {
    if (!ctx.authenticate(req, res, sync::hub::ClientKind::kiosk)) return;
    const std::string name = req.matches[1];
    if (!is_safe_repo_name(name)) return sync::hub::send_error(res, 400, "malformed", "not a repository file name");
    auto mapped = MappedFile::open(ctx.data_dir() / "repo" / name);
    if (!mapped) return sync::hub::send_error(res, 404, "not-found", "no such file in the pack repository");
    // The mapping stays valid if publish replaces the file meanwhile (rename).
    auto file = std::make_shared<MappedFile>(std::move(*mapped));
    if (file->size() == 0) return res.set_content("", "application/octet-stream");
    // The server answers a Range request from the provider with 206 and the asked bytes.
    res.set_content_provider(static_cast<std::size_t>(file->size()), "application/octet-stream",
                             [file](std::size_t offset, std::size_t length, sync::hub::http::DataSink& sink) {
                                 const auto bytes = file->bytes();
                                 if (offset > bytes.size() || length > bytes.size() - offset) return false;
                                 return sink.write(reinterpret_cast<const char*>(bytes.data()) + offset, length);
                             });
}

}  // namespace

void register_repo_routes(sync::hub::http::Server& server, sync::hub::HubContext& ctx) {
    server.Get(sync::patterns::repo_file(), [&ctx](const sync::hub::http::Request& req, sync::hub::http::Response& res) { serve_file(ctx, req, res); });
}

}  // namespace guichet::repo
