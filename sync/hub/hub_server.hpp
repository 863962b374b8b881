// The hub's HTTP server: shared context, authentication of requests, body
// limits, and route modules. Each module registers its routes with
//     void register_xxx_routes(http::Server&, HubContext&);
// and declares the body limits of its routes (HubContext::limit_body) so that
// oversize bodies are refused before they are read. The pack repository
// (sync/repo/) plugs in the same way: Hub::add_module(). The HTTP layer
// (hub/http/, Boost.Beast inside) bounds every resource a client can make the
// hub spend (docs/protocol.md §1).
#pragma once

#include "hub/hub_db.hpp"
#include "hub/staff_accounts.hpp"
#include "crypto/minisign.hpp"
#include "protocol/auth.hpp"

#include "hub/http/address_range.hpp"
#include "hub/http/http.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct BodyLimit {
    std::string method;       // "PUT", "PATCH", "POST"
    std::string path_prefix;  // longest matching prefix wins
    std::uint64_t max_bytes = 0;
};

struct HubOptions {
    std::filesystem::path data_dir;
    std::int64_t clock_window_seconds = kDefaultClockWindowSeconds;
    std::uint64_t default_body_limit = 64 << 10;
    std::function<std::int64_t()> clock;  // default: system clock
    http::Limits limits;                  // the server's resource bounds (docs/protocol.md §1)
    // Who may open the staff page (/) and /metrics: the hub's own machine
    // unless staff declare their network (--staff-from). Empty: loopback.
    std::vector<http::AddressRange> staff_from;
    // TLS, or a TLS proxy in front (docs/back-office.md, threat model).
    http::Transport transport;
    // Staff sessions and sign-in (docs/staff-pages.md).
    StaffPolicy staff_policy;
    // When set, /metrics also answers "Authorization: Bearer TOKEN" from any
    // address (a supervision server elsewhere).
    std::string metrics_token;
    // The public half of the pack signing key (the key kiosks trust for
    // packs and feeds): with it, staff may publish a signed feed file from
    // their pages, checked here before it is served. Empty: refused.
    std::vector<crypto::PublicKey> pack_keys;
    // The visio-accueil's TURN server (docs/visio.md §5): the secret shared
    // with coturn (static-auth-secret) and the URIs given to both sides.
    // Empty: the TURN routes answer 503 no-turn.
    std::string turn_secret;
    std::vector<std::string> turn_uris;
    std::int64_t turn_ttl_seconds = 3600;
};

class StaffGate;
class VisioRooms;

class HubContext {
public:
    HubContext(HubDb db, HubOptions options);
    ~HubContext();

    // The database is used by one request at a time.
    std::mutex& mutex() { return mutex_; }
    HubDb& db() { return db_; }
    std::int64_t now() const { return options_.clock(); }
    const HubOptions& options() const { return options_; }
    const std::filesystem::path& data_dir() const { return options_.data_dir; }

    // The staff pages' sign-in, sessions, CSRF and roles.
    StaffGate& staff() { return *staff_; }
    // The visio-accueil's signalling rooms (memory only).
    VisioRooms& visio() { return *visio_; }

    void limit_body(BodyLimit limit) { limits_.push_back(std::move(limit)); }
    std::uint64_t body_limit(const std::string& method, const std::string& path) const;

    // Authenticates REQ as a client of KIND (docs/protocol.md §2). On failure
    // writes the error answer into RES and returns nullopt. Takes the mutex.
    std::optional<std::string> authenticate(const http::Request& req, http::Response& res, ClientKind kind);

    // Counts refusals by kind for /metrics.
    void count_refusal(std::string_view kind);
    std::map<std::string, std::uint64_t> refusals() const;

    // A full disk: a write that failed for want of space answers 507 and is
    // logged once; the first write that succeeds afterwards logs the recovery.
    // Reads never need the disk: see authenticate()'s nonces.
    void note_answer(const http::Request& req, http::Response& res);
    bool disk_full() const { return disk_full_; }

private:
    HubDb db_;
    HubOptions options_;
    std::mutex mutex_;
    std::vector<BodyLimit> limits_;
    mutable std::mutex counters_mutex_;
    std::map<std::string, std::uint64_t> refusals_;
    std::uint64_t nonce_inserts_ = 0;
    // Nonces seen while the database could not store them (full disk), until
    // they expire: replays stay refused. Under mutex_.
    std::map<std::string, std::int64_t> spare_nonces_;
    std::atomic<bool> disk_full_{false};
    std::unique_ptr<StaffGate> staff_;
    std::unique_ptr<VisioRooms> visio_;
};

// Whether an error message of the store says the disk (or the database's
// quota) is full.
bool is_disk_full(std::string_view message);
// Whether it says another hub's transaction conflicted with this one (PostgreSQL).
bool is_write_conflict(std::string_view message);

// Writes {"error": KIND, "message": MESSAGE} with STATUS.
// A 500 whose MESSAGE says the disk is full becomes 507 insufficient-storage;
// one that says another hub's transaction conflicted, 503 busy with Retry-After.
void send_error(http::Response& res, int status, std::string_view kind, std::string_view message);
void send_json(http::Response& res, int status, const std::string& json);

using RouteModule = std::function<void(http::Server&, HubContext&)>;

// The core modules (this directory).
void register_kiosk_routes(http::Server& server, HubContext& ctx);     // ping, enrol, feed, heartbeat
void register_demarche_routes(http::Server& server, HubContext& ctx);  // submissions, attachments
void register_partner_routes(http::Server& server, HubContext& ctx);
void register_staff_routes(http::Server& server, HubContext& ctx);  // /metrics, /
void register_staff_api_routes(http::Server& server, HubContext& ctx);  // /v1/staff/: sessions, kiosks, partners, accounts
void register_staff_content_routes(http::Server& server, HubContext& ctx);
void register_staff_usage_routes(http::Server& server, HubContext& ctx);
void register_visio_routes(http::Server& server, HubContext& ctx);  // /v1/{kiosk,partner}/visio/ (docs/visio.md)  // /v1/staff/usage (docs/usage-stats.md)  // /v1/staff/packs, /v1/staff/feeds

// The pack versions the hub's repository publishes (id → version; routes_staff_content.cpp).
std::map<std::string, std::uint64_t> published_pack_versions(const HubContext& ctx);

class Hub {
public:
    static Result<std::unique_ptr<Hub>> open(HubOptions options);
    // Adds a route module; call before listen().
    void add_module(const RouteModule& module) { module(router_, *ctx_); }
    // Every route, as registered by the core and the modules added so far.
    std::vector<http::Router::RouteInfo> routes() const { return router_.list(); }

    // Binds HOST:PORT (PORT 0: any free port); returns the port.
    Result<int> bind(const std::string& host, int port);
    // Serves until stop(); blocking.
    bool listen();
    // Ends the long-polls' waits too (they hold worker threads).
    void stop();
    HubContext& context() { return *ctx_; }
    // One request through the checks and routes the server applies once the
    // request is read (UTF-8 bodies, routing, 507): for the fuzz target.
    void handle(http::Request& req, http::Response& res);

private:
    Hub() = default;
    http::Router router_;
    std::unique_ptr<HubContext> ctx_;
    std::unique_ptr<http::HttpServer> server_;
};

}  // namespace guichet::sync::hub
