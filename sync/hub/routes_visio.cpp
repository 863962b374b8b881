// The visio-accueil's routes (docs/protocol.md §10, docs/visio.md): a service
// announces a booked video appointment (slot id, tracking code, time), then
// the kiosk that booked it and the service relay their WebRTC signalling
// through the slot's room while it is open, and get TURN credentials for it.
// The hub relays the messages as opaque JSON; it never sees the media.
#include "hub/hub_server.hpp"
#include "hub/turn_credentials.hpp"
#include "hub/visio_rooms.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <regex>

namespace guichet::sync::hub {

namespace {

using json = nlohmann::json;

constexpr std::int64_t kOpensBefore = 10 * 60;         // a room opens 10 min before its slot…
constexpr std::int64_t kClosesAfter = 30 * 60;         // …and closes 30 min after its start
constexpr std::int64_t kMaxAhead = 400LL * 24 * 3600;  // a booking's time: within 400 days
constexpr std::uint64_t kMessageBodyLimit = 16 << 10;
constexpr std::uint64_t kBookingBodyLimit = 4 << 10;
constexpr int kDefaultWaitMs = 10000;

const char* const kSlotChars = "[a-z0-9._-]{1,64}";

bool is_slot_id(const std::string& s) {
    static const std::regex re(kSlotChars);
    return std::regex_match(s, re);
}

struct Booking {
    std::string partner_id, kiosk_id, tracking_code;
    std::int64_t starts_at = 0;
    std::int64_t opens_at() const { return starts_at - kOpensBefore; }
    std::int64_t closes_at() const { return starts_at + kClosesAfter; }
};

std::optional<Booking> find_booking(HubContext& ctx, const std::string& slot, http::Response& res) {
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "SELECT partner_id, kiosk_id, tracking_code, starts_at FROM visio_booking WHERE slot_id = ?1");
    if (!st) {
        send_error(res, 500, "internal", st.error().message);
        return std::nullopt;
    }
    st->bind(1, slot);
    auto row = st->step();
    if (!row) {
        send_error(res, 500, "internal", row.error().message);
        return std::nullopt;
    }
    if (!*row) {
        send_error(res, 404, "no-room", "no video appointment booked for this slot");
        return std::nullopt;
    }
    return Booking{st->column_text(0), st->column_text(1), st->column_text(2), st->column_int64(3)};
}

// The booking of SLOT when REQ comes from its kiosk or its service while the
// room is open; else the refusal is written. Another kiosk's or service's
// room answers as an unknown one: its existence is not theirs to learn.
std::optional<Booking> open_room(HubContext& ctx, const http::Request& req, http::Response& res, VisioSide side) {
    auto who = ctx.authenticate(req, res, side == VisioSide::kiosk ? ClientKind::kiosk : ClientKind::partner);
    if (!who) return std::nullopt;
    const std::string slot = req.matches[1];
    auto booking = find_booking(ctx, slot, res);
    if (!booking) return std::nullopt;
    if ((side == VisioSide::kiosk ? booking->kiosk_id : booking->partner_id) != *who) {
        ctx.count_refusal("no-room");
        send_error(res, 404, "no-room", "no video appointment booked for this slot");
        return std::nullopt;
    }
    const auto now = ctx.now();
    if (now < booking->opens_at()) {
        send_error(res, 403, "room-not-open",
                   "the room opens 10 minutes before the appointment, at " + std::to_string(booking->opens_at()));
        return std::nullopt;
    }
    if (now > booking->closes_at()) {
        send_error(res, 410, "room-closed", "the room closed 30 minutes after the appointment's time");
        return std::nullopt;
    }
    return booking;
}

void announce(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::string slot, code;
    std::int64_t start = 0;
    try {
        const auto j = json::parse(req.body);
        slot = j.at("slot").get<std::string>();
        code = j.at("tracking_code").get<std::string>();
        start = j.at("start").get<std::int64_t>();
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "expected {\"slot\", \"tracking_code\", \"start\"}");
    }
    if (!is_slot_id(slot)) return send_error(res, 400, "malformed", "slot: 1 to 64 of a-z 0-9 . _ -");
    const auto now = ctx.now();
    if (start < now - kClosesAfter || start > now + kMaxAhead)
        return send_error(res, 400, "malformed", "start: a Unix time from the last 30 minutes to 400 days ahead");
    std::lock_guard lock(ctx.mutex());
    auto& db = ctx.db().db();
    // The kiosk is the démarche's author: the service names a démarche of its own.
    auto find = db.prepare("SELECT kiosk_id FROM demarche WHERE tracking_code = ?1 AND recipient_id = ?2");
    if (!find) return send_error(res, 500, "internal", find.error().message);
    find->bind(1, code).bind(2, *partner);
    auto row = find->step();
    if (!row) return send_error(res, 500, "internal", row.error().message);
    if (!*row) return send_error(res, 404, "not-found", "no démarche with this tracking code for this service");
    const std::string kiosk = find->column_text(0);
    auto owner = db.prepare("SELECT partner_id FROM visio_booking WHERE slot_id = ?1");
    if (!owner) return send_error(res, 500, "internal", owner.error().message);
    owner->bind(1, slot);
    auto held = owner->step();
    if (!held) return send_error(res, 500, "internal", held.error().message);
    if (*held && owner->column_text(0) != *partner)
        return send_error(res, 409, "slot-taken", "this slot is booked by another service");
    auto put = db.prepare(
        "INSERT INTO visio_booking (slot_id, partner_id, kiosk_id, tracking_code, starts_at, announced_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (slot_id) DO UPDATE SET kiosk_id = excluded.kiosk_id, "
        "tracking_code = excluded.tracking_code, starts_at = excluded.starts_at, announced_at = excluded.announced_at");
    if (!put) return send_error(res, 500, "internal", put.error().message);
    put->bind(1, slot).bind(2, *partner).bind(3, kiosk).bind(4, code).bind(5, start).bind(6, now);
    if (auto r = put->run(); !r) return send_error(res, 500, "internal", r.error().message);
    // Old bookings go with each announcement: the table stays small.
    if (auto gone = db.prepare("DELETE FROM visio_booking WHERE starts_at < ?1"); gone)
        (void)gone->bind(1, now - 7 * 24 * 3600).run();
    Booking b{*partner, kiosk, code, start};
    send_json(res, 200,
              json{{"room", slot}, {"kiosk", kiosk}, {"opens_at", b.opens_at()}, {"closes_at", b.closes_at()}}.dump());
}

// The service's bookings (protocol 1.11), oldest first, for its agents'
// « Mes rendez-vous »: optionally those starting in [from, to]; at most 500.
// Each with its room's state by the hub's clock and the démarche it is for.
void list_bookings(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::int64_t from = 0, to = std::numeric_limits<std::int64_t>::max();
    try {
        if (req.has_param("from")) from = std::stoll(req.get_param_value("from"));
        if (req.has_param("to")) to = std::stoll(req.get_param_value("to"));
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "from, to: expected Unix times");
    }
    const auto now = ctx.now();
    std::lock_guard lock(ctx.mutex());
    // The démarche's uuid by a subquery: a tracking code names one démarche of a service.
    auto st = ctx.db().db().prepare(
        "SELECT b.slot_id, b.tracking_code, b.starts_at, (SELECT d.uuid FROM demarche d WHERE d.tracking_code = "
        "b.tracking_code AND d.recipient_id = b.partner_id LIMIT 1) FROM visio_booking b WHERE b.partner_id = ?1 "
        "AND b.starts_at >= ?2 AND b.starts_at <= ?3 ORDER BY b.starts_at, b.slot_id LIMIT 500");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, *partner).bind(2, from).bind(3, to);
    json list = json::array();
    for (;;) {
        auto row = st->step();
        if (!row) return send_error(res, 500, "internal", row.error().message);
        if (!*row) break;
        Booking b{*partner, "", st->column_text(1), st->column_int64(2)};
        const char* state = now < b.opens_at() ? "waiting" : now > b.closes_at() ? "closed" : "open";
        list.push_back(json{{"slot", st->column_text(0)},
                            {"tracking_code", b.tracking_code},
                            {"start", b.starts_at},
                            {"opens_at", b.opens_at()},
                            {"closes_at", b.closes_at()},
                            {"state", state},
                            {"demarche", st->column_text(3)}});
    }
    send_json(res, 200, json{{"now", now}, {"bookings", std::move(list)}}.dump());
}

void cancel(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto partner = ctx.authenticate(req, res, ClientKind::partner);
    if (!partner) return;
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare("DELETE FROM visio_booking WHERE slot_id = ?1 AND partner_id = ?2");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, std::string(req.matches[1])).bind(2, *partner);
    if (auto r = st->run(); !r) return send_error(res, 500, "internal", r.error().message);
    if (ctx.db().db().changes() == 0)
        return send_error(res, 404, "no-room", "no video appointment booked for this slot");
    res.status = 204;
}

// The kiosk's own booking for a tracking code (§10, 1.11): the resident types
// the code of their démarche; the slot stays the hub's and the service's.
// The hub's clock comes with it, so that the kiosk says "not yet" or "closed"
// by the hub's time. Another kiosk's booking answers as none.
void kiosk_booking(HubContext& ctx, const http::Request& req, http::Response& res) {
    auto kiosk = ctx.authenticate(req, res, ClientKind::kiosk);
    if (!kiosk) return;
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "SELECT slot_id, starts_at FROM visio_booking WHERE tracking_code = ?1 AND kiosk_id = ?2 "
        "ORDER BY starts_at DESC LIMIT 1");
    if (!st) return send_error(res, 500, "internal", st.error().message);
    st->bind(1, std::string(req.matches[1])).bind(2, *kiosk);
    auto row = st->step();
    if (!row) return send_error(res, 500, "internal", row.error().message);
    if (!*row) return send_error(res, 404, "no-room", "no video appointment booked for this tracking code");
    const Booking b{{}, *kiosk, {}, st->column_int64(1)};
    send_json(res, 200,
              json{{"room", st->column_text(0)},
                   {"start", b.starts_at},
                   {"opens_at", b.opens_at()},
                   {"closes_at", b.closes_at()},
                   {"now", ctx.now()}}
                  .dump());
}

const char* const kMessageTypes[] = {"offer", "answer", "candidate", "bye"};

void post_message(HubContext& ctx, VisioRooms& rooms, VisioSide side, const http::Request& req, http::Response& res) {
    auto booking = open_room(ctx, req, res, side);
    if (!booking) return;
    json j;
    try {
        j = json::parse(req.body);
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "the body is not JSON");
    }
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        return send_error(res, 400, "malformed", "expected {\"type\": offer|answer|candidate|bye, \"data\": {…}}");
    const auto type = j["type"].get<std::string>();
    if (std::find(std::begin(kMessageTypes), std::end(kMessageTypes), type) == std::end(kMessageTypes))
        return send_error(res, 400, "malformed", "type: offer, answer, candidate or bye");
    json data = j.contains("data") ? j["data"] : json::object();
    if (!data.is_object()) return send_error(res, 400, "malformed", "data: a JSON object");
    // Only the two known members travel, re-serialised: nothing else of the body.
    const std::string data_text = data.dump(-1, ' ', false, json::error_handler_t::strict);
    if (data_text.size() > rooms.limits().max_message_bytes)
        return send_error(res, 413, "too-large",
                          "data over " + std::to_string(rooms.limits().max_message_bytes) + " bytes");
    const std::string message = json{{"type", type}, {"data", std::move(data)}}.dump();
    std::int64_t seq = 0;
    switch (rooms.post(req.matches[1], booking->closes_at(), side, message, ctx.now(), seq)) {
        case VisioRooms::Posted::ok:
            return send_json(res, 200, json{{"seq", seq}}.dump());
        case VisioRooms::Posted::queue_full:
            ctx.count_refusal("room-full");
            res.set_header("Retry-After", "1");
            return send_error(res, 429, "room-full", "the other side has not read its messages yet");
        case VisioRooms::Posted::too_many_rooms:
            ctx.count_refusal("too-many-rooms");
            res.set_header("Retry-After", "5");
            return send_error(res, 503, "busy", "too many video rooms open at once");
    }
}

void poll_messages(HubContext& ctx, VisioRooms& rooms, VisioSide side, const http::Request& req, http::Response& res) {
    std::int64_t since = 0;
    int wait_ms = kDefaultWaitMs;
    try {
        if (req.has_param("since")) since = std::stoll(req.get_param_value("since"));
        // Clamped before the product: "wait=99999999999" must not overflow.
        if (req.has_param("wait"))
            wait_ms = static_cast<int>(std::clamp(std::stoll(req.get_param_value("wait")), -1LL, 3600LL) * 1000);
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "since, wait: expected integers");
    }
    if (since < 0 || wait_ms < 0) return send_error(res, 400, "malformed", "since, wait: expected integers ≥ 0");
    auto booking = open_room(ctx, req, res, side);  // the database mutex is released before the wait
    if (!booking) return;
    auto polled = rooms.poll(req.matches[1], booking->closes_at(), side, since, wait_ms, ctx.now());
    if (polled.room_refused) {
        ctx.count_refusal("too-many-rooms");
        res.set_header("Retry-After", "5");
        return send_error(res, 503, "busy", "too many video rooms open at once");
    }
    std::string body = "{\"waited\":" + std::string(polled.waited ? "true" : "false") + ",\"messages\":[";
    for (std::size_t i = 0; i < polled.messages.size(); ++i) body += (i ? "," : "") + polled.messages[i];
    body += "]}";
    send_json(res, 200, body);
}

void turn(HubContext& ctx, VisioSide side, const http::Request& req, http::Response& res) {
    auto booking = open_room(ctx, req, res, side);
    if (!booking) return;
    const auto& o = ctx.options();
    if (o.turn_secret.empty() || o.turn_uris.empty())
        return send_error(res, 503, "no-turn",
                          "this hub has no TURN server configured (--turn-secret-file, --turn-uri)");
    // Valid for the call, not beyond the room.
    const auto expires = std::min(ctx.now() + o.turn_ttl_seconds, booking->closes_at());
    const auto id = side == VisioSide::kiosk ? booking->kiosk_id : booking->partner_id;
    auto c = turn_credentials(o.turn_secret, expires, id);
    send_json(res, 200,
              json{{"urls", o.turn_uris}, {"username", c.username}, {"credential", c.password}, {"expires_at", expires}}
                  .dump());
}

}  // namespace

void register_visio_routes(http::Server& server, HubContext& ctx) {
    ctx.limit_body({"POST", std::string(paths::kKioskVisioPrefix), kMessageBodyLimit});
    ctx.limit_body({"POST", std::string(paths::kPartnerVisioPrefix), kMessageBodyLimit});
    ctx.limit_body({"POST", std::string(paths::kPartnerVisioBookings), kBookingBodyLimit});
    VisioRooms& rooms = ctx.visio();
    const std::string slot = std::string("(") + kSlotChars + ")";
    server.Post(std::string(paths::kPartnerVisioBookings),
                [&ctx](const http::Request& req, http::Response& res) { announce(ctx, req, res); });
    server.Get(std::string(paths::kPartnerVisioBookings),
               [&ctx](const http::Request& req, http::Response& res) { list_bookings(ctx, req, res); });
    server.Delete(std::string(paths::kPartnerVisioBookings) + "/" + slot,
                  [&ctx](const http::Request& req, http::Response& res) { cancel(ctx, req, res); });
    server.Get(std::string(paths::kKioskVisioBookings) + "/([A-Za-z0-9-]{1,32})",
               [&ctx](const http::Request& req, http::Response& res) { kiosk_booking(ctx, req, res); });
    for (const auto side : {VisioSide::kiosk, VisioSide::agent}) {
        const std::string base =
            std::string(side == VisioSide::kiosk ? paths::kKioskVisioPrefix : paths::kPartnerVisioPrefix) + slot;
        server.Post(base + "/messages", [&ctx, &rooms, side](const http::Request& req, http::Response& res) {
            post_message(ctx, rooms, side, req, res);
        });
        server.Get(base + "/messages", [&ctx, &rooms, side](const http::Request& req, http::Response& res) {
            poll_messages(ctx, rooms, side, req, res);
        });
        server.Get(base + "/turn",
                   [&ctx, side](const http::Request& req, http::Response& res) { turn(ctx, side, req, res); });
    }
}

}  // namespace guichet::sync::hub
