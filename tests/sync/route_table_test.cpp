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

// staff: the staff network only (no account); staff_session: a signed-in
// town-hall account; admin: an administrator's account.
// web: the web channel (protocol §11), unsigned: anyone while it is on, 403
// web-channel-off while it is off (as in this test's hub).
enum class Who { anyone, staff, staff_session, admin, kiosk, partner, web };

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
    {"POST", "/v1/kiosk/demarches:batch", Who::kiosk},
    {"PUT", "/v1/web/demarches/" + kUuid, Who::web},  // the commune's website (protocol 1.12)
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
    {"GET", "/v1/partner/register", Who::partner},  // the service's sealed register (protocol 1.9)
    {"PUT", "/v1/partner/register", Who::partner},
    // The régie's invoices and PayFiP (protocol §9): the phone and PayFiP are anyone;
    // the hub believes only PayFiP's own answer to its recupererDetailPaiementSecurise.
    {"POST", "/v1/partner/invoices", Who::partner},
    {"GET", "/v1/kiosk/invoices/regie", Who::kiosk},
    {"GET", "/v1/kiosk/invoices/regie/paid", Who::kiosk},
    // The visio-accueil (protocol §10, docs/visio.md): the room's kiosk and service only.
    {"POST", "/v1/partner/visio/bookings", Who::partner},
    {"GET", "/v1/partner/visio/bookings", Who::partner},  // 1.11: the service's own list
    {"DELETE", "/v1/partner/visio/bookings/rdv-1", Who::partner},
    {"POST", "/v1/partner/visio/rdv-1/messages", Who::partner},
    {"GET", "/v1/partner/visio/rdv-1/messages", Who::partner},
    {"GET", "/v1/partner/visio/rdv-1/turn", Who::partner},
    {"POST", "/v1/kiosk/visio/rdv-1/messages", Who::kiosk},
    {"GET", "/v1/kiosk/visio/rdv-1/messages", Who::kiosk},
    {"GET", "/v1/kiosk/visio/rdv-1/turn", Who::kiosk},
    {"GET", "/v1/kiosk/visio-bookings/ANR-VISI-01", Who::kiosk},
    {"GET", "/paiement/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Who::anyone},  // the QR code's URL: the token is the credential
    {"POST", "/paiement/notification", Who::anyone},
    {"GET", "/paiement/retour", Who::anyone},
    {"POST", "/paiement/retour", Who::anyone},
    {"GET", "/", Who::anyone},  // a redirection to /mairie/
    {"GET", "/metrics", Who::staff},
    // The staff pages' API (docs/staff-pages.md).
    {"POST", "/v1/staff/session", Who::anyone},  // sign-in: the password is the credential
    {"GET", "/v1/staff/session", Who::staff_session},
    {"DELETE", "/v1/staff/session", Who::staff_session},
    {"GET", "/v1/staff/kiosks", Who::staff_session},
    {"POST", "/v1/staff/enroll-tokens", Who::staff_session},
    {"POST", "/v1/staff/kiosks/k-0011aabb/name", Who::staff_session},
    {"POST", "/v1/staff/kiosks/k-0011aabb/revoke", Who::admin},
    {"GET", "/v1/staff/partners", Who::staff_session},
    {"POST", "/v1/staff/partners", Who::admin},
    {"POST", "/v1/staff/partners/etat-civil/revoke", Who::admin},
    {"GET", "/v1/staff/accounts", Who::admin},
    {"POST", "/v1/staff/accounts", Who::admin},
    {"POST", "/v1/staff/accounts/someone.else/disable", Who::admin},  // also enable, and password (or one's own)
    {"GET", "/v1/staff/packs", Who::staff_session},
    {"POST", "/v1/staff/packs", Who::staff_session},
    {"GET", "/v1/staff/feeds", Who::staff_session},
    {"POST", "/v1/staff/feeds/jobs", Who::staff_session},
    {"GET", "/v1/staff/usage", Who::staff_session},  // the usage report (docs/usage-stats.md)
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
    {"GET", "/bureau/js/sepa.js", Who::anyone},
    {"GET", "/bureau/js/regie.js", Who::anyone},
    {"GET", "/bureau/js/regie_view.js", Who::anyone},
    {"GET", "/bureau/js/rendezvous.js", Who::anyone},
    {"GET", "/bureau/js/visio_call.js", Who::anyone},
    {"GET", "/bureau/vendor/libsodium-wrappers.mjs", Who::anyone},
    {"GET", "/bureau/vendor/libsodium-sumo.mjs", Who::anyone},
    {"GET", "/mairie", Who::anyone},
    {"GET", "/mairie/", Who::anyone},
    {"GET", "/bureau/js/mairie.js", Who::anyone},
    {"GET", "/bureau/js/staff_api.js", Who::anyone},
    {"GET", "/bureau/js/staff_kiosks.js", Who::anyone},
    {"GET", "/bureau/js/staff_views.js", Who::anyone},
    {"GET", "/bureau/js/staff_usage.js", Who::anyone},
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
            case Who::staff_session:
            case Who::admin:
                CHECK(none == 401);  // from the hub's own machine, but signed out
                CHECK(status_of(as_kiosk, p) == 401);
                CHECK(status_of(as_partner, p) == 401);
                break;
            case Who::kiosk:
                CHECK(none == 401);
                CHECK(status_of(as_partner, p) == 401);
                break;
            case Who::partner:
                CHECK(none == 401);
                CHECK(status_of(as_kiosk, p) == 401);
                break;
            case Who::web:
                CHECK(none == 403);  // off unless --web-channel
                CHECK(status_of(as_kiosk, p) == 403);
                break;
        }
    }
}

TEST_CASE("route table: a staff account reaches its routes, not the administrators', and no change goes without the CSRF token") {
    TempDir dir;
    auto hub = start_hub(dir / "hub");
    add_staff_account(dir / "hub", "agent.accueil", "staff");
    const auto staff = staff_sign_in(hub.url, "agent.accueil");
    const auto admin = staff_admin(dir / "hub", hub.url);
    for (const auto& p : kTable) {
        if (p.who != Who::staff_session && p.who != Who::admin) continue;
        if (p.method == "DELETE") continue;  // signing out would end the session the next probes use
        CAPTURE(p.method);
        CAPTURE(p.path);
        const int as_staff = staff_call(hub.url, staff, p.method, p.path).status;
        const int as_admin = staff_call(hub.url, admin, p.method, p.path).status;
        if (p.who == Who::admin) {
            CHECK(as_staff == 403);
        } else {
            CHECK(as_staff != 401);
            CHECK(as_staff != 403);
        }
        CHECK(as_admin != 401);
        CHECK(as_admin != 403);
        CHECK(as_admin < 500);
        if (p.method != "GET") {
            auto forged = staff_call(hub.url, admin, p.method, p.path, "", false);
            CHECK(forged.status == 403);
            CHECK(forged.body.find("\"csrf\"") != std::string::npos);
        }
    }
}

TEST_CASE("route table: the staff pages and /metrics answer only the declared staff network") {
    TempDir dir;
    auto hub = start_hub(dir / "hub", {"--staff-from", "10.0.0.0/8,fd00::/8"});
    auto c = client(hub.url);
    for (const char* path : {"/metrics", "/v1/staff/kiosks", "/v1/staff/session"}) {
        auto a = c.send("GET", path);
        REQUIRE(a.ok());
        CHECK(a->status == 403);
        CHECK(a->body.find("Page réservée au personnel de la mairie") != std::string::npos);
        CHECK(a->body.find("kiosk") == std::string::npos);  // nothing about the kiosks
    }
    CHECK(c.send("GET", "/v1/ping")->status == 200);
}

TEST_CASE("route table: with a metrics token, /metrics answers it from anywhere, and nothing else does") {
    TempDir dir;
    write_all(dir / "metrics-token", as_bytes(std::string_view("jeton-de-supervision-0123456789\n")));
    auto hub = start_hub(dir / "hub", {"--staff-from", "10.0.0.0/8", "--metrics-token-file", (dir / "metrics-token").string()});
    auto c = client(hub.url);
    CHECK(c.send("GET", "/metrics")->status == 403);
    CHECK(c.send("GET", "/metrics", {}, {}, "", {{"Authorization", "Bearer jeton-de-supervision-0123456789"}})->status == 200);
    CHECK(c.send("GET", "/metrics", {}, {}, "", {{"Authorization", "Bearer jeton-de-supervision-012345678X"}})->status == 403);
    CHECK(c.send("GET", "/v1/staff/kiosks", {}, {}, "", {{"Authorization", "Bearer jeton-de-supervision-0123456789"}})->status == 403);
}
