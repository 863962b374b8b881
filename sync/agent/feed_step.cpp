#include "agent/feed_step.hpp"

#include "common/file.hpp"
#include "feeds/feed.hpp"
#include "protocol/routes.hpp"

namespace guichet::feeds {

namespace fs = std::filesystem;

std::vector<FeedFetch> fetch_feeds(sync::HubClient& hub, const fs::path& state_dir, const crypto::KeyRing& keys,
                                   std::int64_t now) {
    using Outcome = FeedFetch::Outcome;
    std::vector<FeedFetch> out;
    const fs::path dir = state_dir / kFeedsDir;
    for (const std::string& kind : feed_kinds()) {
        FeedFetch f;
        f.kind = kind;
        const fs::path path = dir / feed_file_name(kind);
        std::optional<std::string> held;
        std::error_code ec;
        if (fs::exists(path, ec))
            if (auto text = read_text_file(path, kMaxFeedSize)) held = std::move(*text);
        std::vector<sync::Header> headers;
        if (held) headers.push_back({"If-None-Match", feed_etag(*held)});
        const std::string route = sync::paths::feed(kind);
        // One byte over the cap lets an oversized answer show itself and be refused.
        auto answer = hub.send("GET", route, {}, {}, "", headers, kMaxFeedSize + 1);
        if (!answer) {
            f.outcome = Outcome::failed;
            f.message = answer.error().message;
        } else if (answer->status == 304) {
            f.outcome = Outcome::unchanged;
        } else if (answer->status == 404) {
            f.outcome = Outcome::none_published;
        } else if (answer->status != 200) {
            f.outcome = Outcome::failed;
            f.message = sync::describe_answer("GET", route, *answer);
        } else if (auto feed = accept_feed(answer->body, kind, keys, now, held); !feed) {
            f.outcome = Outcome::refused;
            f.message = feed.error().message;
        } else if (held && *held == answer->body) {
            f.outcome = Outcome::unchanged;
            f.version = feed->version;
        } else {
            fs::create_directories(dir, ec);
            if (auto r = write_file_atomic(path, as_bytes(answer->body)); !r) {
                f.outcome = Outcome::failed;
                f.message = r.error().message;
            } else {
                f.outcome = Outcome::installed;
                f.version = feed->version;
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

sync::agent::CycleStep make_feed_step(FeedStepOptions options) {
    return {"feeds", [options](sync::agent::CycleContext& ctx) -> Result<void> {
                auto keys = options.keys();
                if (!keys) return keys.error();
                for (const auto& f : fetch_feeds(ctx.hub, ctx.options.state_dir, *keys, ctx.now)) {
                    if (f.outcome == FeedFetch::Outcome::refused || f.outcome == FeedFetch::Outcome::failed)
                        ctx.report.errors.push_back("feed '" + f.kind + "': " + f.message);
                    if (ctx.stop) break;
                }
                return {};
            }};
}

}  // namespace guichet::feeds
