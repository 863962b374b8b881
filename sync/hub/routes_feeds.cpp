#include "hub/routes_feeds.hpp"

#include "common/file.hpp"
#include "feeds/feed.hpp"
#include "protocol/routes.hpp"

namespace guichet::feeds {

namespace {

void serve_feed(sync::hub::HubContext& ctx, const sync::hub::http::Request& req, sync::hub::http::Response& res) {
    if (!ctx.authenticate(req, res, sync::hub::ClientKind::kiosk)) return;
    const std::string kind = req.matches[1];
    if (!is_feed_kind(kind)) return sync::hub::send_error(res, 404, "not-found", "no such feed kind");
    const auto path = ctx.data_dir() / kFeedsDir / feed_file_name(kind);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return sync::hub::send_error(res, 404, "not-found", "no " + kind + " feed published yet");
    // publish-feed replaces the file by rename: a read sees the old or the new one.
    auto file = read_text_file(path, kMaxFeedSize);
    if (!file) return sync::hub::send_error(res, 500, "internal", "feed file unreadable or over 512 KiB");
    const std::string etag = feed_etag(*file);
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.set_content(std::move(*file), "application/octet-stream");
}

}  // namespace

void register_feed_routes(sync::hub::http::Server& server, sync::hub::HubContext& ctx) {
    server.Get(
        sync::patterns::feed(),
        [&ctx](const sync::hub::http::Request& req, sync::hub::http::Response& res) { serve_feed(ctx, req, res); });
}

}  // namespace guichet::feeds
