// The door of the staff pages (docs/staff-pages.md): sign-in with its
// throttles, the session cookie, CSRF and roles. Every /v1/staff/ route goes
// through require(); only sign-in itself does not.
#pragma once

#include "hub/http/http.hpp"
#include "hub/staff_accounts.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace guichet::sync::hub {

class HubContext;

// The session cookie: __Host- makes the browser refuse it unless it came over
// a secure origin with Path=/ and no Domain (RFC 6265bis §4.1.3.2).
inline constexpr const char* kSessionCookie = "__Host-guichet-session";
// The header that carries the session's CSRF token on every change.
inline constexpr const char* kCsrfHeader = "X-Guichet-CSRF";

class StaffGate {
public:
    explicit StaffGate(HubContext& ctx) : ctx_(ctx) {}

    // The session of REQ when it may use a route for ROLE (and, for a route
    // that changes something, carries the session's CSRF token); otherwise
    // writes the refusal (403 outside the staff network, 401 without a live
    // session, 403 csrf or role) into RES and returns nullopt.
    std::optional<StaffSession> require(const http::Request& req, http::Response& res, StaffRole role);

    // POST {"name", "password"}: a session cookie and {"name", "role", "csrf"}.
    void sign_in(const http::Request& req, http::Response& res);
    void sign_out(const http::Request& req, http::Response& res);
    // GET: who is signed in, with the CSRF token (the page keeps it in memory).
    void whoami(const http::Request& req, http::Response& res);

    // The session token of REQ's cookie, "" when none.
    static std::string session_token(const http::Request& req);

private:
    bool staff_network(const http::Request& req, http::Response& res);
    // Per-address sign-in attempts: ATTEMPTS per WINDOW seconds.
    bool address_may_try(const std::string& address, std::int64_t now, std::int64_t& retry_after);
    const std::string& decoy_hash();

    HubContext& ctx_;
    std::mutex mutex_;  // the members below; never held with the hub's mutex
    struct Attempts {
        std::int64_t window_start = 0;
        int count = 0;
    };
    std::map<std::string, Attempts> attempts_;
    std::string decoy_hash_;
    // Argon2id needs 64 MiB and a core per check: two at a time at most.
    int hashing_ = 0;
};

}  // namespace guichet::sync::hub
