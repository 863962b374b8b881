// Every route of the real guichet-hub, from its own list (`guichet-hub
// routes`), probed without credentials and with the wrong kind of key: a
// kiosk route refuses a partner, a partner route refuses a kiosk, the staff
// pages answer only the addresses staff declared, and only the routes named
// public here answer anyone. A route added to the hub without an entry in
// the table below fails this test until someone decides who may call it.
#include "protocol/auth.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <sstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

enum class Who { anyone, staff, kiosk, partner };

struct Probe {
    std::string method;
    std::string path;  // a concrete path the route's pattern matches
    Who who;
};

const std::string kUuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";

// Who may call each route. Keep it in step with docs/protocol.md §2 and
// docs/back-office.md: adding a line here is deciding who may call a route.
const std::vector<Probe> kTable = {
    {"GET", "/v1/ping", Who::anyone},
    {"POST", "/v1/enroll", Who::anyone},  // the one-time token is the credential
    {"GET", "/v1/kiosk/statuses", Who::kiosk},
    {"POST", "/v1/kiosk/heartbeat", Who::kiosk},
    {"GET", "/v1/kiosk/feeds/jobs", Who::kiosk},
    {"PUT", "/v1/demarches/" + kUuid, Who::kiosk},
    {"GET", "/v1/demarches/" + kUuid, Who::kiosk},
    {"GET", "/v1/demarches/" + kUuid + "/attachments/0", Who::kiosk},
    {"PATCH", "/v1/demarches/" + kUuid + "/attachments/0", Who::kiosk},
    {"GET", "/v1/repo/index.json", Who::kiosk},
    {"GET", "/v1/partner/demarches", Who::partner},
    {"GET", "/v1/partner/demarches/" + kUuid, Who::partner},
    {"GET", "/v1/partner/demarches/" + kUuid + "/attachments/0", Who::partner},
    {"POST", "/v1/partner/demarches/" + kUuid + "/ack", Who::partner},
    {"POST", "/v1/partner/statuses", Who::partner},
    {"GET", "/v1/partner/forms", Who::partner},
    {"GET", "/", Who::staff},
    {"GET", "/metrics", Who::staff},
    // The back office's static files: pages without data; the data comes
    // through the partner routes above, signed in the agent's browser.
    {"GET", "/bureau", Who::anyone},
    {"GET", "/bureau/", Who::anyone},
    {"GET", "/bureau/bureau.css", Who::anyone},
    {"GET", "/bureau/favicon.svg", Who::anyone},
    {"GET", "/bureau/js/app.js", Who::anyone},
    {"GET", "/bureau/js/api.js", Who::anyone},
    {"GET", "/bureau/js/format.js", Who::anyone},
    {"GET", "/bureau/js/render.js", Who::anyone},
    {"GET", "/bureau/js/layout.js", Who::anyone},
    {"GET", "/bureau/js/protocol.js", Who::anyone},
    {"GET", "/bureau/js/keystore.js", Who::anyone},
    {"GET", "/bureau/vendor/libsodium-wrappers.mjs", Who::anyone},
    {"GET", "/bureau/vendor/libsodium-sumo.mjs", Who::anyone},
};

struct Route {
    std::string method, pattern;
};

std::vector<Route> hub_routes(const std::filesystem::path& data) {
    std::string out;
    const int status = run_command(std::string(GUICHET_HUB_TOOL) + " routes --data " + data.string() + " 2>/dev/null", &out);
    REQUIRE_MESSAGE(status == 0, out);
    std::vector<Route> routes;
    std::istringstream in(out);
    for (std::string method, pattern; in >> method >> pattern;) routes.push_back({method, pattern});
    return routes;
}

HubClient client(const std::string& url, const std::string& id = {}, const RequestKey* key = nullptr) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    if (key) c->set_identity({id, *key});
    return std::move(*c);
}

int status_of(HubClient& c, const Probe& p) {
    auto a = c.send(p.method, p.path, {}, as_bytes(std::string_view(p.method == "GET" ? "" : "{}")),
                    p.method == "GET" ? "" : "application/json");
    REQUIRE_MESSAGE(a.ok(), p.method, " ", p.path, ": ", (a.ok() ? "" : a.error().message));
    return a->status;
}

}  // namespace

TEST_CASE("route table: every route of guichet-hub has an entry, and each entry names a route") {
    TempDir dir;
    const auto routes = hub_routes(dir / "hub");
    REQUIRE(routes.size() >= 20);
    for (const auto& r : routes) {
        const std::regex pattern(r.pattern);
        int entries = 0;
        for (const auto& p : kTable) entries += p.method == r.method && std::regex_match(p.path, pattern);
        CHECK_MESSAGE(entries == 1, r.method, " ", r.pattern, ": ", entries,
                      " entries in the table (decide who may call it, and add it)");
    }
    for (const auto& p : kTable) {
        bool routed = false;
        for (const auto& r : routes) routed |= p.method == r.method && std::regex_match(p.path, std::regex(r.pattern));
        CHECK_MESSAGE(routed, p.method, " ", p.path, " is in the table but the hub has no such route");
    }
}

TEST_CASE("route table: no credentials, or the wrong kind of key, gets 401 or 403 on every route that needs one") {
    TempDir dir;
    auto kiosk_id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", "http://127.0.0.1:9");
    auto kiosk_key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(kiosk_key.ok());
    auto partner = register_demo_partner(dir / "partner", dir / "hub", "etat-civil");
    auto hub = start_hub(dir / "hub");
    auto anonymous = client(hub.url);
    auto as_kiosk = client(hub.url, kiosk_id, &*kiosk_key);
    auto as_partner = client(hub.url, partner.id, &partner.signing);
    for (const auto& p : kTable) {
        CAPTURE(p.method);
        CAPTURE(p.path);
        const int none = status_of(anonymous, p);
        switch (p.who) {
            case Who::anyone:
                CHECK(none != 401);
                CHECK(none != 403);
                CHECK(none < 500);
                break;
            case Who::staff:
                CHECK(none == 200);  // from the hub's own machine
                break;
            case Who::kiosk:
                CHECK(none == 401);
                CHECK(status_of(as_partner, p) == 401);
                break;
            case Who::partner:
                CHECK(none == 401);
                CHECK(status_of(as_kiosk, p) == 401);
                break;
        }
    }
}

TEST_CASE("route table: the staff page and /metrics answer only the declared staff network") {
    TempDir dir;
    auto hub = start_hub(dir / "hub", {"--staff-from", "10.0.0.0/8,fd00::/8"});
    auto c = client(hub.url);
    for (const char* path : {"/", "/metrics"}) {
        auto a = c.send("GET", path);
        REQUIRE(a.ok());
        CHECK(a->status == 403);
        CHECK(a->body.find("Page réservée au personnel de la mairie") != std::string::npos);
        CHECK(a->body.find("kiosk") == std::string::npos);  // nothing about the kiosks
    }
    CHECK(c.send("GET", "/v1/ping")->status == 200);
}
