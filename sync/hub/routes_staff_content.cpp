// What the hub publishes to its kiosks, for the staff pages (docs/staff-pages.md
// §5): the pack repository's index and the signed feeds, with which kiosk
// runs which pack version. Packs and feeds are signed on the staff PC
// (guichet-pack publish, guichet-hub publish-feed): the hub never holds the
// signing key. A feed file signed there may be uploaded here, and is checked
// against the pack key the hub was given (--pack-key) before it is served.
// Listing reads the files back split, not verified: they were checked when
// they were published.
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

void publish_feed(HubContext& ctx, const http::Request& req, http::Response& res) {
    if (!ctx.staff().require(req, res, StaffRole::staff)) return;
    const std::string kind = req.matches[1];
    if (!feeds::is_feed_kind(kind)) return send_error(res, 404, "not-found", "Type de flux inconnu.");
    if (ctx.options().pack_keys.empty())
        return send_error(res, 409, "no-pack-key",
                          "Ce hub ne connaît pas la clé publique des packs : démarrez-le avec --pack-key, ou publiez le "
                          "flux avec « guichet-hub publish-feed ».");
    std::string file;
    try {
        file = json::parse(req.body).at("file").get<std::string>();
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "Attendu : {\"file\": le contenu du fichier .gfd}.");
    }
    crypto::KeyRing keys;
    for (const auto& k : ctx.options().pack_keys) keys.add(k);
    const auto path = ctx.data_dir() / "feeds" / feeds::feed_file_name(kind);
    std::lock_guard lock(ctx.mutex());  // one publication at a time, checked against the file it replaces
    std::optional<std::string> held;
    if (auto text = read_text_file(path, feeds::kMaxFeedSize)) held = std::move(*text);
    auto feed = feeds::accept_feed(file, kind, keys, ctx.now(), held);
    if (!feed) return send_error(res, 422, "feed-refused", "Flux refusé : " + feed.error().message);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (auto w = write_file_atomic(path, as_bytes(file)); !w) return send_error(res, 500, "internal", w.error().message);
    send_json(res, 200, json{{"kind", kind}, {"version", feed->version}, {"items", feed->items.size()},
                             {"expires", feed->expires}}.dump());
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
    // A signed feed file, as JSON text (escaping may double it).
    ctx.limit_body({"POST", std::string(paths::kStaffFeeds) + "/", 2 * feeds::kMaxFeedSize + 1024});
    server.Post(patterns::staff_feed(),
                [&ctx](const http::Request& req, http::Response& res) { publish_feed(ctx, req, res); });
}

}  // namespace guichet::sync::hub
