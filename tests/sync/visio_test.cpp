// The visio-accueil's rooms and signalling through a real hub process
// (docs/visio.md, docs/protocol.md §10): a service announces a booked slot,
// its kiosk and the service relay offer, answer and candidates by long-poll;
// other clients, unbooked slots and closed rooms are refused; every queue,
// size and wait is bounded.
#include "hub/turn_credentials.hpp"
#include "hub/visio_rooms.hpp"
#include "visio/room_signalling.hpp"
#include "visio_fixture.hpp"

#include <cstdlib>

#include <future>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using namespace guichet::test::sync::visio;

namespace {

std::string message(const std::string& type, const json& data) {
    return json{{"type", type}, {"data", data}}.dump();
}

}  // namespace

TEST_CASE("visio: a booked slot's room relays offer, answer and candidates between its kiosk and its service") {
    VisioFixture f;
    auto booked = f.announce("rdv-ft-0900", now() + 120);
    REQUIRE_MESSAGE(booked.status == 200, booked.body);
    const auto room = json::parse(booked.body);
    CHECK(room.at("kiosk") == f.kiosk.id);
    CHECK(room.at("closes_at").get<std::int64_t>() - room.at("opens_at").get<std::int64_t>() == 40 * 60);

    auto kiosk = f.as_kiosk();
    auto agent = f.as_partner();
    const std::string kiosk_path = "/v1/kiosk/visio/rdv-ft-0900/messages";
    const std::string agent_path = "/v1/partner/visio/rdv-ft-0900/messages";
    const json offer = {{"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}, {"type", "offer"}};
    auto posted = call(kiosk, "POST", kiosk_path, message("offer", offer));
    REQUIRE_MESSAGE(posted.status == 200, posted.body);
    CHECK(json::parse(posted.body).at("seq") == 1);
    posted =
        call(kiosk, "POST", kiosk_path,
             message("candidate", {{"candidate", "candidate:1 1 UDP 1 127.0.0.1 9 typ relay"}, {"sdpMLineIndex", 0}}));
    CHECK(json::parse(posted.body).at("seq") == 2);

    // The agent reads both, in order, without waiting.
    auto got = call(agent, "GET", agent_path, {}, {{"since", "0"}, {"wait", "5"}});
    REQUIRE_MESSAGE(got.status == 200, got.body);
    auto body = json::parse(got.body);
    REQUIRE(body.at("messages").size() == 2);
    CHECK(body["messages"][0].at("type") == "offer");
    CHECK(body["messages"][0].at("data") == offer);
    CHECK(body["messages"][1].at("seq") == 2);
    CHECK(body["messages"][1].at("type") == "candidate");
    // Read up to 2: gone.
    got = call(agent, "GET", agent_path, {}, {{"since", "2"}, {"wait", "0"}});
    CHECK(json::parse(got.body).at("messages").empty());

    // The kiosk waits; the agent's answer ends its wait at once, not at its deadline.
    auto waiter = std::async(std::launch::async, [&] {
        auto k2 = f.as_kiosk();
        const auto t0 = std::chrono::steady_clock::now();
        auto a = call(k2, "GET", kiosk_path, {}, {{"since", "0"}, {"wait", "15"}});
        return std::make_pair(a, std::chrono::steady_clock::now() - t0);
    });
    REQUIRE(wait_for_waiters(f.hub.url, 1));  // the poll is waiting: the answer must wake it
    posted = call(agent, "POST", agent_path, message("answer", {{"sdp", "v=0\r\n"}, {"type", "answer"}}));
    REQUIRE_MESSAGE(posted.status == 200, posted.body);
    REQUIRE(waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto [answer, took] = waiter.get();
    REQUIRE_MESSAGE(answer.status == 200, answer.body);
    body = json::parse(answer.body);
    REQUIRE(body.at("messages").size() == 1);
    CHECK(body["messages"][0].at("type") == "answer");
    CHECK(took < std::chrono::seconds(10));

    // The service cancels: the room is gone.
    auto cancelled = call(agent, "DELETE", "/v1/partner/visio/bookings/rdv-ft-0900");
    CHECK(cancelled.status == 204);
    got = call(kiosk, "GET", kiosk_path, {}, {{"wait", "0"}});
    CHECK(got.status == 404);
    CHECK(error_kind(got) == "no-room");
}

TEST_CASE(
    "visio: rooms refuse other kiosks, other services, unbooked slots, times outside their window and a revoked "
    "kiosk") {
    VisioFixture f;
    REQUIRE(f.announce("rdv-1", now() + 60).status == 200);
    const std::string msg = message("offer", {{"sdp", "v=0"}});

    auto anonymous = HubClient::create(f.hub.url);
    REQUIRE(anonymous.ok());
    CHECK(call(*anonymous, "POST", "/v1/kiosk/visio/rdv-1/messages", msg).status == 401);
    CHECK(call(*anonymous, "GET", "/v1/partner/visio/rdv-1/messages").status == 401);

    auto other_kiosk = f.as_other_kiosk();
    auto a = call(other_kiosk, "POST", "/v1/kiosk/visio/rdv-1/messages", msg);
    CHECK(a.status == 404);
    CHECK(error_kind(a) == "no-room");
    auto other_partner = f.as_other_partner();
    a = call(other_partner, "GET", "/v1/partner/visio/rdv-1/messages", {}, {{"wait", "0"}});
    CHECK(a.status == 404);
    // A kiosk is not a service, nor the other way round.
    auto kiosk = f.as_kiosk();
    CHECK(call(kiosk, "GET", "/v1/partner/visio/rdv-1/messages", {}, {{"wait", "0"}}).status == 401);

    a = call(kiosk, "POST", "/v1/kiosk/visio/rdv-never-booked/messages", msg);
    CHECK(a.status == 404);

    // Another service cannot take the slot, nor book for a démarche not its own.
    a = call(other_partner, "POST", "/v1/partner/visio/bookings",
             json{{"slot", "rdv-1"}, {"tracking_code", "ANR-VISI-01"}, {"start", now()}}.dump());
    CHECK(a.status == 404);  // the démarche is not urbanisme's
    a = f.announce("rdv-2", now(), "ANR-NONE-00");
    CHECK(a.status == 404);
    a = f.announce("RDV majuscules", now());
    CHECK(a.status == 400);
    a = f.announce("rdv-3", now() + 1000LL * 24 * 3600);
    CHECK(a.status == 400);

    // Before the window and after it.
    REQUIRE(f.announce("rdv-later", now() + 3600).status == 200);
    a = call(kiosk, "POST", "/v1/kiosk/visio/rdv-later/messages", msg);
    CHECK(a.status == 403);
    CHECK(error_kind(a) == "room-not-open");
    REQUIRE(f.announce("rdv-past", now() - 29 * 60).status == 200);  // 1 min left
    CHECK(call(kiosk, "POST", "/v1/kiosk/visio/rdv-past/messages", msg).status == 200);
    {
        auto db = guichet::sync::hub::HubDb::open(f.dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->db().exec("UPDATE visio_booking SET starts_at = starts_at - 120 WHERE slot_id = 'rdv-past'").ok());
    }
    a = call(kiosk, "POST", "/v1/kiosk/visio/rdv-past/messages", msg);
    CHECK(a.status == 410);
    CHECK(error_kind(a) == "room-closed");

    // A kiosk revoked while its room is open: refused, credentials included.
    REQUIRE(f.announce("rdv-revoked", now()).status == 200);
    CHECK(call(kiosk, "POST", "/v1/kiosk/visio/rdv-revoked/messages", msg).status == 200);
    {
        auto db = guichet::sync::hub::HubDb::open(f.dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->revoke(f.kiosk.id, now()).value());
    }
    a = call(kiosk, "GET", "/v1/kiosk/visio/rdv-revoked/messages", {}, {{"wait", "0"}});
    CHECK(a.status == 403);
    CHECK(error_kind(a) == "revoked-client");
    CHECK(call(kiosk, "GET", "/v1/kiosk/visio/rdv-revoked/turn").status == 403);
}

TEST_CASE("visio: hostile signalling is bounded in size, queue and wait") {
    VisioFixture f;
    REQUIRE(f.announce("rdv-h", now()).status == 200);
    auto kiosk = f.as_kiosk();
    const std::string path = "/v1/kiosk/visio/rdv-h/messages";

    CHECK(call(kiosk, "POST", path, "not json").status == 400);
    CHECK(call(kiosk, "POST", path, R"({"type":"exec","data":{}})").status == 400);
    CHECK(call(kiosk, "POST", path, R"({"type":"offer","data":"text"})").status == 400);
    auto a = call(kiosk, "POST", path, message("offer", {{"sdp", std::string(9000, 'a')}}));
    CHECK(a.status == 413);
    a = call(kiosk, "POST", path, message("offer", {{"sdp", std::string(20000, 'a')}}));
    CHECK(a.status == 413);  // over the route's body limit: refused before the body is read

    // A side that never reads: the queue stops at 32.
    int accepted = 0, refused = 0;
    for (int i = 0; i < 40; ++i) {
        auto p = call(kiosk, "POST", path, message("candidate", {{"i", i}}));
        if (p.status == 200) ++accepted;
        if (p.status == 429 && error_kind(p) == "room-full") ++refused;
    }
    CHECK(accepted == 32);
    CHECK(refused == 8);
    // Reading frees the queue.
    auto agent = f.as_partner();
    auto got = call(agent, "GET", "/v1/partner/visio/rdv-h/messages", {}, {{"since", "32"}, {"wait", "0"}});
    CHECK(json::parse(got.body).at("messages").empty());
    CHECK(call(kiosk, "POST", path, message("bye", json::object())).status == 200);
    // An absurd wait is clamped, not overflowed; a message waiting answers at once.
    got = call(agent, "GET", "/v1/partner/visio/rdv-h/messages", {}, {{"since", "32"}, {"wait", "99999999999"}});
    REQUIRE_MESSAGE(got.status == 200, got.body);
    CHECK(json::parse(got.body).at("messages").size() == 1);

    CHECK(call(kiosk, "GET", path, {}, {{"wait", "x"}}).status == 400);
    CHECK(call(kiosk, "GET", path, {}, {{"wait", "-1"}}).status == 400);
    CHECK(call(kiosk, "GET", path, {}, {{"since", "99999999999999999999999"}}).status == 400);
    // A wait asked for an hour ends at the hub's bound (25 s) at most; a second
    // poll of the same side ends the first one at once.
    auto first = std::async(std::launch::async, [&] {
        auto k2 = f.as_kiosk();
        const auto t0 = std::chrono::steady_clock::now();
        auto r = call(k2, "GET", path, {}, {{"wait", "3600"}});
        return std::make_pair(r, std::chrono::steady_clock::now() - t0);
    });
    REQUIRE(wait_for_waiters(f.hub.url, 1));
    auto second = call(kiosk, "GET", path, {}, {{"wait", "1"}});
    CHECK(second.status == 200);
    REQUIRE(first.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto [r, took] = first.get();
    CHECK(r.status == 200);
    CHECK(json::parse(r.body).at("messages").empty());
    CHECK(took < std::chrono::seconds(10));
}

TEST_CASE("visio: long-polls cannot take the hub's worker threads") {
    VisioFixture f;
    // Eight rooms' kiosk sides waiting at once: four wait, the others answer
    // at once with waited=false, and the hub still answers other requests.
    std::vector<std::future<HttpAnswer>> polls;
    for (int i = 0; i < 8; ++i) {
        const std::string slot = "rdv-w" + std::to_string(i);
        REQUIRE(f.announce(slot, now()).status == 200);
    }
    for (int i = 0; i < 8; ++i) {
        polls.push_back(std::async(std::launch::async, [&f, i] {
            auto k = f.as_kiosk();
            return call(k, "GET", "/v1/kiosk/visio/rdv-w" + std::to_string(i) + "/messages", {}, {{"wait", "4"}});
        }));
    }
    auto ping = HubClient::create(f.hub.url);
    REQUIRE(ping.ok());
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(call(*ping, "GET", "/v1/ping").status == 200);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
    int waited = 0, not_waited = 0;
    for (auto& p : polls) {
        REQUIRE(p.wait_for(std::chrono::seconds(15)) == std::future_status::ready);
        auto a = p.get();
        REQUIRE_MESSAGE(a.status == 200, a.body);
        (json::parse(a.body).at("waited").get<bool>() ? waited : not_waited)++;
    }
    CHECK(waited == 4);
    CHECK(not_waited == 4);
}

TEST_CASE("visio: the rooms in memory are bounded and expire with their window") {
    using guichet::sync::hub::VisioRooms;
    using guichet::sync::hub::VisioSide;
    guichet::sync::hub::VisioLimits limits;
    limits.max_rooms = 2;
    VisioRooms rooms(limits);
    std::int64_t seq = 0;
    CHECK(rooms.post("a", 100, VisioSide::kiosk, R"({"type":"offer"})", 10, seq) == VisioRooms::Posted::ok);
    CHECK(rooms.post("b", 200, VisioSide::agent, R"({"type":"offer"})", 10, seq) == VisioRooms::Posted::ok);
    CHECK(rooms.post("c", 200, VisioSide::kiosk, R"({"type":"offer"})", 10, seq) == VisioRooms::Posted::too_many_rooms);
    auto polled = rooms.poll("a", 100, VisioSide::agent, 0, 0, 10);
    REQUIRE(polled.messages.size() == 1);
    CHECK(polled.messages[0] == R"({"seq":1,"type":"offer"})");
    // Room a closes at 100: at 101 it is gone, and c fits.
    CHECK(rooms.post("c", 200, VisioSide::kiosk, R"({"type":"offer"})", 101, seq) == VisioRooms::Posted::ok);
    CHECK(rooms.room_count() == 2);
    // A stopped registry waits no more.
    rooms.stop();
    const auto t0 = std::chrono::steady_clock::now();
    polled = rooms.poll("c", 200, VisioSide::kiosk, 0, 5000, 101);
    CHECK_FALSE(polled.waited);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

namespace {

// turnutils_uclient allocates a relay with USERNAME and PASSWORD and sends a
// few packets through it to its own peer: exit status 0 when it could.
int uclient(int port, const std::string& username, const std::string& password) {
    auto c = ChildProcess::spawn({"/usr/bin/turnutils_uclient", "-y", "-c", "-n", "2", "-m", "1", "-e", "127.0.0.1",
                                  "-p", std::to_string(port), "-u", username, "-w", password, "127.0.0.1"},
                                 true, true);
    const int rc = c.wait(15000);
    c.drain();
    if (rc != 0) MESSAGE("turnutils_uclient exit ", rc, ": ", c.output().substr(c.output().size() > 1500 ? c.output().size() - 1500 : 0));
    return rc;
}

}  // namespace

TEST_CASE(
    "visio: the hub's TURN credentials open coturn's relay for the room's kiosk and service, expired ones do not") {
    REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/turnserver"), "coturn is missing: scripts/setup.sh installs it");
    TempDir turn_dir;
    TurnServer turn(turn_dir.path());
    write_text(turn_dir / "secret", std::string(kTurnSecret) + "\n");
    const std::string uri = "turn:127.0.0.1:" + std::to_string(turn.port) + "?transport=udp";
    VisioFixture f({"--turn-secret-file", (turn_dir / "secret").string(), "--turn-uri", uri});
    REQUIRE(f.announce("rdv-turn", now()).status == 200);

    auto kiosk = f.as_kiosk();
    auto a = call(kiosk, "GET", "/v1/kiosk/visio/rdv-turn/turn");
    REQUIRE_MESSAGE(a.status == 200, a.body);
    auto creds = json::parse(a.body);
    CHECK(creds.at("urls") == json::array({uri}));
    const auto username = creds.at("username").get<std::string>();
    const auto expires = creds.at("expires_at").get<std::int64_t>();
    CHECK(username == std::to_string(expires) + ":" + f.kiosk.id);
    CHECK(expires > now());
    CHECK(expires <= now() + 3600);

    auto agent = f.as_partner();
    a = call(agent, "GET", "/v1/partner/visio/rdv-turn/turn");
    REQUIRE_MESSAGE(a.status == 200, a.body);
    const auto agent_creds = json::parse(a.body);
    CHECK(agent_creds.at("username").get<std::string>().ends_with(":etat-civil"));

    // Both allocate a relay, at once (a client takes 2 s). coturn may take a
    // moment to open its port: a failed first try is retried (bounded).
    auto agent_rc = std::async(std::launch::async, [&] {
        int rc = -1;
        for (int i = 0; i < 3 && rc != 0; ++i)
            rc = uclient(turn.port, agent_creds.at("username"), agent_creds.at("credential"));
        return rc;
    });
    int rc = -1;
    for (int i = 0; i < 3 && rc != 0; ++i) rc = uclient(turn.port, username, creds.at("credential"));
    CHECK_MESSAGE(rc == 0, turn.process->output());
    CHECK(agent_rc.get() == 0);

    // Expired a minute ago, with the right secret: refused by coturn.
    auto expired = guichet::sync::hub::turn_credentials(kTurnSecret, now() - 60, f.kiosk.id);
    CHECK(uclient(turn.port, expired.username, expired.password) != 0);
    // A password made with another secret: refused.
    auto forged = guichet::sync::hub::turn_credentials("another secret, 16 chars+", now() + 600, f.kiosk.id);
    CHECK(uclient(turn.port, forged.username, forged.password) != 0);

    // Only the room's clients get credentials.
    auto other = f.as_other_kiosk();
    CHECK(call(other, "GET", "/v1/kiosk/visio/rdv-turn/turn").status == 404);
}

TEST_CASE("visio: a kiosk finds its own booking by tracking code, and only its own") {
    VisioFixture f;
    const auto start = now() + 3600;
    REQUIRE(f.announce("rdv-code", start).status == 200);
    auto kiosk = f.as_kiosk();
    auto found = guichet::sync::visio::fetch_booking(kiosk, "ANR-VISI-01");
    REQUIRE_MESSAGE(found.ok(), (found.ok() ? "" : found.error().message));
    CHECK(found->found);
    CHECK(found->room == "rdv-code");
    CHECK(found->start == start);
    CHECK(found->opens_at == start - 600);
    CHECK(found->closes_at == start + 1800);
    CHECK(std::abs(found->hub_now - now()) <= 5);
    // Another kiosk, an unknown code and a code the route does not take: none, without a request for the last.
    auto other = f.as_other_kiosk();
    auto theirs = guichet::sync::visio::fetch_booking(other, "ANR-VISI-01");
    REQUIRE(theirs.ok());
    CHECK_FALSE(theirs->found);
    auto unknown = guichet::sync::visio::fetch_booking(kiosk, "ANR-XXXX-00");
    REQUIRE(unknown.ok());
    CHECK_FALSE(unknown->found);
    auto odd = guichet::sync::visio::fetch_booking(kiosk, "../../etc");
    REQUIRE(odd.ok());
    CHECK_FALSE(odd->found);
    // A service may not ask the kiosk's route.
    auto partner = f.as_partner();
    CHECK(call(partner, "GET", "/v1/kiosk/visio-bookings/ANR-VISI-01").status == 401);
}

TEST_CASE("visio: a hub without TURN says so") {
    VisioFixture f;
    REQUIRE(f.announce("rdv-no-turn", now()).status == 200);
    auto kiosk = f.as_kiosk();
    auto a = call(kiosk, "GET", "/v1/kiosk/visio/rdv-no-turn/turn");
    CHECK(a.status == 503);
    CHECK(error_kind(a) == "no-turn");
}

TEST_CASE("visio: guichet-partner visio-book and visio-cancel announce and cancel a booking") {
    VisioFixture f;
    const std::string opts = " --hub " + f.hub.url + " --key " + f.partner.box_key_file.string() + " --sign-key " +
                             f.partner.sign_key_file.string();
    auto cli = [&](const std::string& command, const std::string& args) {
        return std::string(GUICHET_PARTNER_TOOL) + " " + command + opts + " " + args;
    };
    std::string out;
    // The slots feed's local time (ten days ahead, at a whole minute), or Unix seconds.
    const std::time_t later = static_cast<std::time_t>((now() + 10 * 86400) / 60 * 60);
    std::tm local{};
    localtime_r(&later, &local);
    char when[32];
    REQUIRE(std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M", &local) == 16);
    CHECK(run_command(cli("visio-book", "rdv-cli-1 ANR-VISI-01 " + std::string(when)), &out) == 0);
    CHECK(run_command(cli("visio-book", "rdv-cli-2 ANR-VISI-01 " + std::to_string(now())), &out) == 0);
    auto kiosk = f.as_kiosk();
    CHECK(call(kiosk, "POST", "/v1/kiosk/visio/rdv-cli-2/messages", message("bye", json::object())).status == 200);
    CHECK(call(kiosk, "POST", "/v1/kiosk/visio/rdv-cli-1/messages", message("bye", json::object())).status == 403);
    {
        auto db = guichet::sync::hub::HubDb::open(f.dir / "hub");
        REQUIRE(db.ok());
        CHECK(db->db().query_int("SELECT starts_at FROM visio_booking WHERE slot_id = 'rdv-cli-1'").value() ==
              static_cast<std::int64_t>(later));
    }
    CHECK(run_command(cli("visio-cancel", "rdv-cli-2"), &out) == 0);
    CHECK(call(kiosk, "POST", "/v1/kiosk/visio/rdv-cli-2/messages", message("bye", json::object())).status == 404);
    // Refusals: a bad time (usage, 2), a démarche not this service's and a cancelled slot (1).
    CHECK(run_command(cli("visio-book", "rdv-cli-3 ANR-VISI-01 demain"), &out) == 2);
    CHECK(run_command(cli("visio-book", "rdv-cli-3 ANR-NONE-00 " + std::to_string(now())), &out) == 1);
    CHECK(out.find("not-found") != std::string::npos);
    CHECK(run_command(cli("visio-cancel", "rdv-cli-2"), &out) == 1);
}

TEST_CASE("visio: a service lists its own bookings with their room state and never another service's") {
    VisioFixture f;
    const auto t = now();
    REQUIRE(f.announce("rdv-later", t + 3600).status == 200);
    REQUIRE(f.announce("rdv-open", t + 60).status == 200);
    REQUIRE(f.announce("rdv-past", t - 29 * 60).status == 200);
    {
        auto db = guichet::sync::hub::HubDb::open(f.dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->db().exec("UPDATE visio_booking SET starts_at = starts_at - 120 WHERE slot_id = 'rdv-past'").ok());
    }
    auto partner = f.as_partner();
    auto a = call(partner, "GET", "/v1/partner/visio/bookings");
    REQUIRE(a.status == 200);
    auto j = json::parse(a.body);
    CHECK(j.at("now").get<std::int64_t>() >= t);
    const auto& list = j.at("bookings");
    REQUIRE(list.size() == 3);  // oldest first
    CHECK(list[0].at("slot") == "rdv-past");
    CHECK(list[0].at("state") == "closed");
    CHECK(list[1].at("slot") == "rdv-open");
    CHECK(list[1].at("state") == "open");
    CHECK(list[1].at("tracking_code") == "ANR-VISI-01");
    CHECK(list[1].at("demarche") == "u1");
    CHECK(list[1].at("opens_at").get<std::int64_t>() == t + 60 - 600);
    CHECK(list[2].at("slot") == "rdv-later");
    CHECK(list[2].at("state") == "waiting");

    // A window of start times.
    a = call(partner, "GET", "/v1/partner/visio/bookings", {},
             {{"from", std::to_string(t)}, {"to", std::to_string(t + 600)}});
    REQUIRE(a.status == 200);
    j = json::parse(a.body);
    REQUIRE(j.at("bookings").size() == 1);
    CHECK(j["bookings"][0].at("slot") == "rdv-open");
    CHECK(call(partner, "GET", "/v1/partner/visio/bookings", {}, {{"from", "hier"}}).status == 400);

    // Another service sees none of them; a kiosk and an anonymous client are refused.
    auto other = f.as_other_partner();
    a = call(other, "GET", "/v1/partner/visio/bookings");
    REQUIRE(a.status == 200);
    CHECK(json::parse(a.body).at("bookings").empty());
    auto kiosk = f.as_kiosk();
    CHECK(call(kiosk, "GET", "/v1/partner/visio/bookings").status == 401);
    auto anonymous = HubClient::create(f.hub.url);
    REQUIRE(anonymous.ok());
    CHECK(call(*anonymous, "GET", "/v1/partner/visio/bookings").status == 401);
}
