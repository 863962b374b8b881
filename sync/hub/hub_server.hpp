// The hub's HTTP server: shared context, authentication of requests, body
// limits, and route modules. Each module registers its routes with
//     void register_xxx_routes(httplib::Server&, HubContext&);
// and declares the body limits of its routes (HubContext::limit_body) so that
// oversize bodies are refused before they are read. The pack repository
// (sync/repo/) plugs in the same way: Hub::add_module().
#pragma once

#include "hub/hub_db.hpp"
#include "protocol/auth.hpp"

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
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
};

class HubContext {
public:
    HubContext(HubDb db, HubOptions options);

    // The database is used by one request at a time.
    std::mutex& mutex() { return mutex_; }
    HubDb& db() { return db_; }
    std::int64_t now() const { return options_.clock(); }
    const HubOptions& options() const { return options_; }
    const std::filesystem::path& data_dir() const { return options_.data_dir; }

    void limit_body(BodyLimit limit) { limits_.push_back(std::move(limit)); }
    std::uint64_t body_limit(const std::string& method, const std::string& path) const;

    // Authenticates REQ as a client of KIND (docs/protocol.md §2). On failure
    // writes the error answer into RES and returns nullopt. Takes the mutex.
    std::optional<std::string> authenticate(const httplib::Request& req, httplib::Response& res, ClientKind kind);

    // Counts refusals by kind for /metrics.
    void count_refusal(std::string_view kind);
    std::map<std::string, std::uint64_t> refusals() const;

private:
    HubDb db_;
    HubOptions options_;
    std::mutex mutex_;
    std::vector<BodyLimit> limits_;
    mutable std::mutex counters_mutex_;
    std::map<std::string, std::uint64_t> refusals_;
    std::uint64_t nonce_inserts_ = 0;
};

// Writes {"error": KIND, "message": MESSAGE} with STATUS.
void send_error(httplib::Response& res, int status, std::string_view kind, std::string_view message);
void send_json(httplib::Response& res, int status, const std::string& json);

using RouteModule = std::function<void(httplib::Server&, HubContext&)>;

// The core modules (this directory).
void register_kiosk_routes(httplib::Server& server, HubContext& ctx);     // ping, enrol, feed, heartbeat
void register_demarche_routes(httplib::Server& server, HubContext& ctx);  // submissions, attachments
void register_partner_routes(httplib::Server& server, HubContext& ctx);
void register_staff_routes(httplib::Server& server, HubContext& ctx);  // /metrics, /

class Hub {
public:
    static Result<std::unique_ptr<Hub>> open(HubOptions options);
    // Adds a route module; call before listen().
    void add_module(const RouteModule& module) { module(server_, *ctx_); }

    // Binds HOST:PORT (PORT 0: any free port); returns the port.
    Result<int> bind(const std::string& host, int port);
    // Serves until stop(); blocking.
    bool listen();
    void stop() { server_.stop(); }
    HubContext& context() { return *ctx_; }

private:
    Hub() = default;
    httplib::Server server_;
    std::unique_ptr<HubContext> ctx_;
};

}  // namespace guichet::sync::hub
