// Kiosk-facing routes besides démarches: the probe, enrolment, the status
// feed and the heartbeat (docs/protocol.md §3, §6).
#include "hub/hub_server.hpp"
#include "hub/usage_stats.hpp"
#include "protocol/answers.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"

#include "crypto/base64.hpp"

namespace guichet::sync::hub {

namespace {

constexpr int kFeedPageSize = 500;

void enroll(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto msg = parse_enroll_request(req.body);
    if (!msg) return send_error(res, 400, "malformed", msg.error().message);
    auto key = parse_public_key(msg->public_key);
    if (!key) return send_error(res, 400, "malformed", key.error().message);
    std::lock_guard lock(ctx.mutex());
    auto id = ctx.db().enroll_kiosk(msg->token, *key, msg->name, ctx.now());
    if (!id) {
        if (id.error().message == "bad-token") {
            ctx.count_refusal("bad-token");
            return send_error(res, 403, "bad-token", "unknown, used or expired enrolment token");
        }
        return send_error(res, 500, "internal", id.error().message);
    }
    send_json(res, 200, to_json(EnrollResponse{*id}));
}

void status_feed(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    std::int64_t since = 0;
    try {
        if (req.has_param(paths::kQuerySince)) since = std::stoll(req.get_param_value(paths::kQuerySince));
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "since: expected an integer");
    }
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "SELECT seq, tracking_code, status, message, updated_at FROM status "
        "WHERE kiosk_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *kiosk).bind(2, since).bind(3, std::int64_t{kFeedPageSize});
    StatusFeed feed;
    feed.cursor = since;
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        feed.cursor = st->column_int64(0);
        feed.statuses.push_back({st->column_text(1), st->column_text(2), st->column_text(3), st->column_int64(4)});
    }
    send_json(res, 200, to_json(feed));
}

void heartbeat(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    auto beat = parse_heartbeat(req.body);
    if (!beat) return send_error(res, 400, "malformed", beat.error().message);
    // The usage counters (1.6) go to their own table, not into the kept heartbeat.
    const bool with_usage = !beat->usage.empty();
    const std::vector<UsageDay> usage = std::move(beat->usage);
    beat->usage.clear();
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "INSERT INTO heartbeat (kiosk_id, received_at, body) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, body = excluded.body");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *kiosk).bind(2, ctx.now()).bind(3, to_json(*beat));  // re-serialised: only known fields
    if (auto r = st->run(); !r) return send_error(res, 500, "internal", r.error().message);
    if (!with_usage) {
        res.status = 204;  // what a 1.5 agent expects
        return;
    }
    auto stored = store_usage(ctx.db().db(), *kiosk, usage, ctx.now());
    if (!stored) return send_error(res, 500, "internal", stored.error().message);
    send_json(res, 200, to_json(HeartbeatAnswer{std::move(*stored)}));
}

}  // namespace

void register_kiosk_routes(http::Server& server, HubContext& ctx) {
    server.Get(std::string(paths::kPing), [](const http::Request&, http::Response& res) {
        send_json(res, 200, to_json(PingAnswer{kProtocolVersion, BatchLimits{kBatchMaxDemarches, kBatchMaxBytes}}));
    });
    server.Post(std::string(paths::kEnroll), [&ctx](const http::Request& req, http::Response& res) { enroll(ctx, req, res); });
    server.Get(std::string(paths::kKioskStatuses),
               [&ctx](const http::Request& req, http::Response& res) { status_feed(ctx, req, res); });
    server.Post(std::string(paths::kKioskHeartbeat),
                [&ctx](const http::Request& req, http::Response& res) { heartbeat(ctx, req, res); });
}

}  // namespace guichet::sync::hub
