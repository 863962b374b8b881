#include "ui/feeds.hpp"

#include "common/file.hpp"
#include "feeds/feed.hpp"

#include <algorithm>

namespace guichet::ui {

namespace fs = std::filesystem;

FeedContent load_feeds(const fs::path& state_dir, const crypto::KeyRing& keys, std::int64_t now,
                       const std::string& now_local) {
    FeedContent out;
    for (const std::string& kind : feeds::feed_kinds()) {
        const fs::path path = state_dir / feeds::kFeedsDir / feeds::feed_file_name(kind);
        std::error_code ec;
        if (!fs::exists(path, ec)) continue;
        auto text = read_text_file(path, feeds::kMaxFeedSize);
        if (!text) {
            out.problems.push_back(path.string() + ": " + text.error().message);
            continue;
        }
        // The agent checked it when it arrived; the kiosk checks again (its own
        // keys, its own clock: an expired feed disappears without the agent).
        auto feed = feeds::verify_feed_file(*text, keys);
        if (!feed) {
            out.problems.push_back(path.string() + ": " + feed.error().message);
            continue;
        }
        if (feed->kind != kind) {
            out.problems.push_back(path.string() + ": holds a '" + feed->kind + "' feed");
            continue;
        }
        if (now >= feed->expires) {
            out.problems.push_back(path.string() + ": version " + std::to_string(feed->version) + " has expired");
            continue;
        }
        out.versions[kind] = feed->version;
        for (const auto& item : feed->items) {
            if (kind == "slots") {
                FeedSlot s{item.id, item.field("title"), item.field("agency"), item.field("start"),
                           std::stoi(item.field("duration_min")), item.field("place"), item.field("summary"),
                           item.field("contact"), item.field("service")};
                if (now_local.empty() || s.start >= now_local) out.slots.push_back(std::move(s));
                continue;
            }
            FeedEntry e;
            e.path = "feed:" + kind + "/" + item.id;
            e.title = item.field("title");
            e.kind = kind == "jobs" ? "job_offer" : "event";
            e.fields = item.fields;
            e.fields.erase("title");
            out.entries.push_back(std::move(e));
        }
    }
    std::stable_sort(out.slots.begin(), out.slots.end(),
                     [](const FeedSlot& a, const FeedSlot& b) { return a.start < b.start; });
    return out;
}

}  // namespace guichet::ui
