// What the hub publishes to its kiosks, for the staff pages (docs/back-office.md
// §4.3): the pack repository's index and the signed feeds, with which kiosk
// runs which pack version. Read-only: packs and feeds are signed on the staff
// PC (guichet-pack publish, guichet-hub publish-feed), so the hub never holds
// the signing key. The files were checked when they were published; here
// they are only read back (split, not verified: the hub has no trusted key).
#include "hub/hub_server.hpp"
#include "hub/kiosk_health.hpp"
#include "hub/staff_gate.hpp"
#include "protocol/routes.hpp"

#include "common/file.hpp"
#include "crypto/signed_document.hpp"
#include "feeds/feed.hpp"
#include "repo/index.hpp"

#include <nlohmann/json.hpp>

namespace guichet::sync::hub {

using nlohmann::json;

namespace {

struct ReadIndex {
    repo::Index index;
    std::string key_id;
};

std::optional<ReadIndex> read_index(const std::filesystem::path& data_dir) {
    auto text = read_text_file(data_dir / "repo" / std::string(repo::kIndexName), repo::kMaxIndexSize);
    if (!text) return std::nullopt;
    auto doc = crypto::split_signed_document(*text, repo::kIndexUntrustedComment, "index", "guichet-pack publish");
    if (!doc) return std::nullopt;
    auto index = repo::Index::parse(doc->body);
    if (!index) return std::nullopt;
    return ReadIndex{std::move(*index), crypto::key_id_hex(doc->signature.key_id)};
}

void list_packs(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    json out = {{"index", nullptr}, {"packs", json::array()}, {"kiosks", json::array()}};
    if (auto read = read_index(ctx.data_dir())) {
        const auto& i = read->index;
        out["index"] = {{"version", i.version}, {"created", i.created}, {"expires", i.expires}, {"key_id", read->key_id}};
        for (const auto& p : i.packs) {
            json deltas = json::array();
            for (const auto& d : p.deltas) deltas.push_back({{"from", d.from}, {"size", d.size}});
            out["packs"].push_back({{"id", p.id}, {"version", p.version}, {"size", p.size}, {"deltas", deltas}});
        }
    }
    std::lock_guard lock(ctx.mutex());
    auto list = kiosk_health(ctx.db().db());
    if (!list) return send_error(res, 500, "internal", list.error().message);
    for (const auto& k : *list) {
        if (k.revoked) continue;
        json packs = json::array();
        if (k.beat)
            for (const auto& p : k.beat->packs) packs.push_back({{"id", p.id}, {"version", p.version}});
        out["kiosks"].push_back({{"id", k.id}, {"name", k.name}, {"packs", packs}});
    }
    out["now"] = ctx.now();
    send_json(res, 200, out.dump());
}

void list_feeds(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    json out = json::array();
    for (const char* kind : {"jobs", "events", "slots"}) {
        json f = {{"kind", kind}, {"published", false}};
        auto text = read_text_file(ctx.data_dir() / "feeds" / feeds::feed_file_name(kind), 4u << 20);
        if (text) {
            auto doc = crypto::split_signed_document(*text, feeds::kFeedUntrustedComment, "feed",
                                                     "guichet-hub publish-feed");
            auto feed = doc ? feeds::Feed::parse(doc->body) : Result<feeds::Feed>(doc.error());
            if (feed) {
                json items = json::array();
                for (const auto& item : feed->items)
                    items.push_back({{"id", item.id}, {"title", item.field("title")}});
                f = {{"kind", kind},         {"published", true},
                     {"version", feed->version}, {"created", feed->created},
                     {"expires", feed->expires}, {"in_force", feed->expires > ctx.now()},
                     {"key_id", crypto::key_id_hex(doc->signature.key_id)}, {"items", items}};
            } else {
                f["error"] = "Fichier illisible : " + feed.error().message;
            }
        }
        out.push_back(std::move(f));
    }
    send_json(res, 200, json{{"feeds", out}, {"now", ctx.now()}}.dump());
}

}  // namespace

std::map<std::string, std::uint64_t> published_pack_versions(const HubContext& ctx) {
    std::map<std::string, std::uint64_t> out;
    if (auto read = read_index(ctx.data_dir()))
        for (const auto& p : read->index.packs) out[p.id] = p.version;
    return out;
}

void register_staff_content_routes(http::Server& server, HubContext& ctx) {
    server.Get(std::string(paths::kStaffPacks),
               [&ctx](const http::Request& req, http::Response& res) { list_packs(ctx, req, res); });
    server.Get(std::string(paths::kStaffFeeds),
               [&ctx](const http::Request& req, http::Response& res) { list_feeds(ctx, req, res); });
}

}  // namespace guichet::sync::hub
