#include "hub/staff_gate.hpp"

#include "hub/hub_server.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace guichet::sync::hub {

namespace {

constexpr int kAttemptsPerWindow = 10;
constexpr std::int64_t kAttemptWindowSeconds = 300;
constexpr int kConcurrentHashes = 2;
constexpr const char* kWrongCredentials = "Identifiant ou mot de passe incorrect.";

std::string session_json(const StaffSession& s, const StaffPolicy& policy) {
    return nlohmann::json{{"name", s.account},
                          {"role", to_string(s.role)},
                          {"csrf", s.csrf},
                          {"idle_seconds", policy.idle_seconds}}
        .dump();
}

std::string minutes_fr(std::int64_t seconds) {
    const auto minutes = (seconds + 59) / 60;
    return std::to_string(minutes) + (minutes > 1 ? " minutes" : " minute");
}

bool same_text(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string StaffGate::session_token(const http::Request& req) {
    const std::string cookies = req.get_header_value("Cookie");
    const std::string name = std::string(kSessionCookie) + "=";
    std::size_t at = 0;
    while (at < cookies.size()) {
        while (at < cookies.size() && (cookies[at] == ' ' || cookies[at] == ';')) ++at;
        const auto end = cookies.find(';', at);
        const std::string_view pair(cookies.data() + at, (end == std::string::npos ? cookies.size() : end) - at);
        if (pair.starts_with(name)) return std::string(pair.substr(name.size()));
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return {};
}

bool StaffGate::staff_network(const http::Request& req, http::Response& res) {
    const auto& allowed = ctx_.options().staff_from;
    if (http::address_in(req.remote_addr, allowed.empty() ? http::loopback_ranges() : allowed)) return true;
    send_error(res, 403, "staff-only",
               "Page réservée au personnel de la mairie : ouvrez-la sur le hub lui-même, ou déclarez le réseau du "
               "personnel au démarrage du hub (guichet-hub serve --staff-from 192.168.1.0/24).");
    return false;
}

std::optional<StaffSession> StaffGate::require(const http::Request& req, http::Response& res, StaffRole role) {
    if (!staff_network(req, res)) return std::nullopt;
    const auto token = session_token(req);
    std::optional<StaffSession> session;
    if (!token.empty()) {
        std::lock_guard lock(ctx_.mutex());
        StaffAccounts accounts(ctx_.db().db());
        auto found = accounts.find_session(token, ctx_.now(), ctx_.options().staff_policy);
        if (!found) {
            send_error(res, 500, "internal", found.error().message);
            return std::nullopt;
        }
        session = std::move(*found);
    }
    if (!session) {
        send_error(res, 401, "signed-out", "Session terminée ou absente : connectez-vous.");
        return std::nullopt;
    }
    // Every change carries the token the page got at sign-in; a page of another
    // site cannot read it (same-origin policy), so it cannot forge a change.
    if (req.method != "GET" && req.method != "HEAD" && !same_text(req.get_header_value(kCsrfHeader), session->csrf)) {
        ctx_.count_refusal("csrf");
        send_error(res, 403, "csrf", "Requête refusée : rechargez la page puis recommencez.");
        return std::nullopt;
    }
    if (role == StaffRole::admin && session->role != StaffRole::admin) {
        send_error(res, 403, "role", "Action réservée aux administrateurs du hub.");
        return std::nullopt;
    }
    return session;
}

bool StaffGate::address_may_try(const std::string& address, std::int64_t now, std::int64_t& retry_after) {
    std::lock_guard lock(mutex_);
    if (attempts_.size() > 10000) std::erase_if(attempts_, [&](const auto& a) {
            return a.second.window_start + kAttemptWindowSeconds <= now;
        });
    auto& a = attempts_[address];
    if (a.window_start + kAttemptWindowSeconds <= now) a = {now, 0};
    if (a.count >= kAttemptsPerWindow) {
        retry_after = a.window_start + kAttemptWindowSeconds - now;
        return false;
    }
    ++a.count;
    return true;
}

const std::string& StaffGate::decoy_hash() {
    // Unknown names cost the same Argon2id check as known ones: the time of an
    // answer does not tell which names exist. Made once, outside any lock.
    {
        std::lock_guard lock(mutex_);
        if (!decoy_hash_.empty()) return decoy_hash_;
    }
    auto made = hash_password(random_token());
    std::lock_guard lock(mutex_);
    if (decoy_hash_.empty() && made) decoy_hash_ = std::move(*made);
    return decoy_hash_;
}

void StaffGate::sign_in(const http::Request& req, http::Response& res) {
    if (!staff_network(req, res)) return;
    // The cookie must never cross the network in clear: over plain HTTP only
    // the hub's own machine may sign in (or a TLS proxy on it).
    if (!req.secure_transport && !http::address_in(req.remote_addr, http::loopback_ranges()))
        return send_error(res, 403, "https-required",
                          "Connexion refusée en HTTP simple : ouvrez le bureau par son adresse https://.");
    std::string name, password;
    try {
        auto j = nlohmann::json::parse(req.body);
        name = j.at("name").get<std::string>();
        password = j.at("password").get<std::string>();
    } catch (const std::exception&) {
        return send_error(res, 400, "malformed", "Attendu : {\"name\": …, \"password\": …}.");
    }
    const auto policy = ctx_.options().staff_policy;
    std::int64_t retry_after = 0;
    if (!address_may_try(req.remote_addr, ctx_.now(), retry_after)) {
        ctx_.count_refusal("sign-in-throttled");
        res.set_header("Retry-After", std::to_string(retry_after));
        return send_error(res, 429, "too-many-attempts",
                          "Trop d’essais de connexion depuis ce poste : réessayez dans " + minutes_fr(retry_after) + ".");
    }
    std::optional<StaffAccount> account;
    {
        std::lock_guard lock(ctx_.mutex());
        auto found = StaffAccounts(ctx_.db().db()).find(name);
        if (!found) return send_error(res, 500, "internal", found.error().message);
        account = std::move(*found);
    }
    if (account && account->locked_until > ctx_.now()) {
        ctx_.count_refusal("sign-in-locked");
        const auto wait = account->locked_until - ctx_.now();
        res.set_header("Retry-After", std::to_string(wait));
        return send_error(res, 429, "locked",
                          "Compte verrouillé après plusieurs mots de passe erronés : réessayez dans " + minutes_fr(wait) +
                              ", ou demandez à un administrateur.");
    }
    {
        std::lock_guard lock(mutex_);
        if (hashing_ >= kConcurrentHashes) {
            res.set_header("Retry-After", "1");
            return send_error(res, 503, "busy", "Le hub vérifie d’autres connexions : réessayez dans un instant.");
        }
        ++hashing_;
    }
    const bool matches = password_matches(account ? account->password_hash : decoy_hash(), password);
    sodium_memzero(password.data(), password.size());
    {
        std::lock_guard lock(mutex_);
        --hashing_;
    }
    std::lock_guard lock(ctx_.mutex());
    StaffAccounts accounts(ctx_.db().db());
    if (!account || !matches || account->disabled_at) {
        if (account && !matches) (void)accounts.record_failure(account->name, ctx_.now(), policy);
        ctx_.count_refusal("sign-in-failed");
        return send_error(res, 401, "wrong-credentials", kWrongCredentials);
    }
    if (auto r = accounts.record_success(account->name); !r) return send_error(res, 500, "internal", r.error().message);
    auto session = accounts.open_session(*account, ctx_.now(), policy);
    if (!session) return send_error(res, 500, "internal", session.error().message);
    // No Max-Age: the cookie ends with the browser; the hub ends it sooner (idle, a working day).
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + session->token +
                                     "; Path=/; Secure; HttpOnly; SameSite=Strict");
    res.set_header("Cache-Control", "no-store");
    send_json(res, 200, session_json(session->session, policy));
}

void StaffGate::sign_out(const http::Request& req, http::Response& res) {
    if (!require(req, res, StaffRole::staff)) return;
    {
        std::lock_guard lock(ctx_.mutex());
        if (auto r = StaffAccounts(ctx_.db().db()).close_session(session_token(req)); !r)
            return send_error(res, 500, "internal", r.error().message);
    }
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    send_json(res, 200, R"({"signed_out": true})");
}

void StaffGate::whoami(const http::Request& req, http::Response& res) {
    auto session = require(req, res, StaffRole::staff);
    if (!session) return;
    res.set_header("Cache-Control", "no-store");
    send_json(res, 200, session_json(*session, ctx_.options().staff_policy));
}

}  // namespace guichet::sync::hub
