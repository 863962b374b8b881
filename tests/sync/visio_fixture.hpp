// Shared by the visio-accueil's tests (docs/visio.md): a hub with two kiosks,
// two services and a démarche to book for, signed calls, and coturn on
// loopback with a generated configuration.
#pragma once

#include "hub/hub_db.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <optional>
#include <thread>

namespace guichet::test::sync::visio {

using guichet::sync::HttpAnswer;
using guichet::sync::HubClient;
using guichet::sync::Query;
using json = nlohmann::json;

inline HttpAnswer call(HubClient& c, std::string_view method, std::string_view path, const std::string& body = {},
                       const Query& query = {}) {
    auto a = c.send(method, path, query, as_bytes(std::string_view(body)), body.empty() ? "" : "application/json");
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    return std::move(*a);
}

inline std::string error_kind(const HttpAnswer& a) {
    try {
        return json::parse(a.body).at("error").get<std::string>();
    } catch (const std::exception&) {
        return "(no error kind: " + a.body + ")";
    }
}

inline std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// A démarche of KIOSK_ID for the demo service "etat-civil" with the tracking
// code ANR-VISI-01, put straight into the hub's store (a booking names one).
inline void add_visio_demarche(const std::filesystem::path& hub_data, const std::string& kiosk_id) {
    auto db = open_hub_db(hub_data);
    REQUIRE(db.ok());
    auto put = db->db().prepare(
        "INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, "
        "created_at, received_at, receipt, sealed_payload, attachment_count, complete) VALUES "
        "('u1', ?1, 'ANR-VISI-01', 'rdv', 1, 'etat-civil', 1, 1, 'h-1', ?2, 0, 1)");
    REQUIRE(put.ok());
    REQUIRE(put->bind(1, kiosk_id).bind(2, ByteView(Bytes{0})).run().ok());
}

// A hub with a kiosk, the demo service "etat-civil" and one of its démarches
// from that kiosk (tracking code ANR-VISI-01), a second kiosk and a second service.
struct VisioFixture {
    TempDir dir;
    DemoPartner partner, other_partner;
    EnrolledKiosk kiosk, other_kiosk;
    HubProcess hub;

    explicit VisioFixture(const std::vector<std::string>& hub_options = {})
        : partner(register_demo_partner(dir / "partner", dir / "hub")),
          other_partner(register_demo_partner(dir / "other-partner", dir / "hub", "urbanisme")),
          hub(start_hub(dir / "hub", hub_options)) {
        kiosk = enroll_kiosk_with_key(dir / "hub", dir / "kiosk", hub.url);
        other_kiosk = enroll_kiosk_with_key(dir / "hub", dir / "kiosk2", hub.url);
        add_visio_demarche(dir / "hub", kiosk.id);
    }
    HubClient as_kiosk() { return signed_client(hub.url, kiosk.id, kiosk.key); }
    HubClient as_other_kiosk() { return signed_client(hub.url, other_kiosk.id, other_kiosk.key); }
    HubClient as_partner() { return signed_client(hub.url, partner.id, partner.signing); }
    HubClient as_other_partner() { return signed_client(hub.url, other_partner.id, other_partner.signing); }

    HttpAnswer announce(const std::string& slot, std::int64_t start, const std::string& code = "ANR-VISI-01") {
        auto c = as_partner();
        return call(c, "POST", "/v1/partner/visio/bookings",
                    json{{"slot", slot}, {"tracking_code", code}, {"start", start}}.dump());
    }
};

// Waits (bounded) until the hub's /metrics shows N signalling long-polls waiting.
inline bool wait_for_waiters(const std::string& url, int n) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    const std::string line = "guichet_hub_visio_waiters " + std::to_string(n) + "\n";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        auto a = c->send("GET", "/metrics");
        if (a.ok() && a->body.find(line) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
    write_all(p, as_bytes(std::string_view(text)));
}

inline constexpr const char* kTurnSecret = "un secret TURN de test, assez long";

// coturn on loopback with a generated configuration (docs/visio.md §5).
struct TurnServer {
    int port = 0;
    std::optional<ChildProcess> process;

    explicit TurnServer(const std::filesystem::path& dir) {
        port = free_loopback_port(SOCK_DGRAM);
        // Relay ports above Linux's ephemeral range (32768–60999: no other socket
        // takes them) and 100 of them: a range of 10 ran out under load (coturn's
        // « 508 Cannot create socket »), failed allocations holding ports.
        const int relay_min = 61000 + (port % 20) * 100;
        const auto conf = dir / "turnserver.conf";
        write_text(conf, "listening-ip=127.0.0.1\nlistening-port=" + std::to_string(port) +
                             "\nrelay-ip=127.0.0.1\nmin-port=" + std::to_string(relay_min) + "\nmax-port=" +
                             std::to_string(relay_min + 99) + "\nuse-auth-secret\nstatic-auth-secret=" + kTurnSecret +
                             "\nrealm=guichet.test\nno-tls\nno-dtls\nno-cli\nno-tcp-relay\n"
                             "allow-loopback-peers\nno-multicast-peers\nuserdb=" +
                             (dir / "turndb").string() + "\npidfile=" + (dir / "turn.pid").string() +
                             "\nlog-file=stdout\nsimple-log\n");
        process = ChildProcess::spawn({"/usr/bin/turnserver", "-c", conf.string()}, true, true);
        REQUIRE_MESSAGE(process->wait_for("Total General servers", 10000), process->output());
    }
    ~TurnServer() {
        if (process) {
            process->signal(SIGTERM);
            process->wait(5000);
        }
    }
};

}  // namespace guichet::test::sync::visio
