#include "hub/hub_server.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace guichet::sync::hub {

HubContext::HubContext(HubDb db, HubOptions options) : db_(std::move(db)), options_(std::move(options)) {
    if (!options_.clock) options_.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
}

std::uint64_t HubContext::body_limit(const std::string& method, const std::string& path) const {
    const BodyLimit* best = nullptr;
    for (const auto& l : limits_)
        if (l.method == method && path.starts_with(l.path_prefix) &&
            (!best || l.path_prefix.size() > best->path_prefix.size()))
            best = &l;
    return best ? best->max_bytes : options_.default_body_limit;
}

void HubContext::count_refusal(std::string_view kind) {
    std::lock_guard lock(counters_mutex_);
    ++refusals_[std::string(kind)];
}

std::map<std::string, std::uint64_t> HubContext::refusals() const {
    std::lock_guard lock(counters_mutex_);
    return refusals_;
}

std::optional<std::string> HubContext::authenticate(const httplib::Request& req, httplib::Response& res,
                                                    ClientKind kind) {
    Query query(req.params.begin(), req.params.end());
    auto head = parse_auth_headers([&](const char* name) { return req.get_header_value(name); }, req.method,
                                   canonical_target(req.path, query));
    auto refuse = [&](const AuthError& e) -> std::optional<std::string> {
        count_refusal(to_string(e.kind));
        send_error(res, http_status(e.kind), to_string(e.kind), e.message);
        return std::nullopt;
    };
    if (!head) return refuse(head.error());
    Verifier verifier;
    verifier.window_seconds = options_.clock_window_seconds;
    verifier.find_client = [&](std::string_view id) { return db_.find_client(id, kind); };
    verifier.remember_nonce = [&](std::string_view id, std::string_view nonce, std::int64_t expires) {
        return db_.remember_nonce(id, nonce, expires);
    };
    std::lock_guard lock(mutex_);
    auto now = options_.clock();
    auto who = sync::authenticate(verifier, *head, as_bytes(req.body), now);
    if (!who) return refuse(who.error());
    if (++nonce_inserts_ % 256 == 0) (void)db_.forget_nonces_before(now - options_.clock_window_seconds);
    return *who;
}

void send_error(httplib::Response& res, int status, std::string_view kind, std::string_view message) {
    res.status = status;
    res.set_content(nlohmann::json{{"error", kind}, {"message", message}}.dump(), "application/json");
}

void send_json(httplib::Response& res, int status, const std::string& json) {
    res.status = status;
    res.set_content(json, "application/json");
}

Result<std::unique_ptr<Hub>> Hub::open(HubOptions options) {
    auto db = HubDb::open(options.data_dir);
    if (!db) return db.error();
    std::unique_ptr<Hub> hub(new Hub());
    hub->ctx_ = std::make_unique<HubContext>(std::move(*db), std::move(options));
    auto& server = hub->server_;
    HubContext* ctx = hub->ctx_.get();
    // Body limits before anything is read: the pre-routing handler runs on the
    // request line and headers only.
    server.set_pre_routing_handler([ctx](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "POST" && req.method != "PUT" && req.method != "PATCH")
            return httplib::Server::HandlerResponse::Unhandled;
        const auto limit = ctx->body_limit(req.method, req.path);
        if (!req.has_header("Content-Length")) {
            ctx->count_refusal("length-required");
            send_error(res, 411, "length-required", "a body needs a Content-Length (chunked bodies are refused)");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        const auto text = req.get_header_value("Content-Length");
        std::uint64_t length = 0;
        bool digits = !text.empty() && text.size() <= 19;
        for (char c : text) digits = digits && c >= '0' && c <= '9';
        if (digits) length = std::stoull(text);
        if (!digits || length > limit) {
            ctx->count_refusal("too-large");
            send_error(res, 413, "too-large",
                       "body of " + text + " bytes refused: the limit for " + req.method + " " + req.path + " is " +
                           std::to_string(limit) + " bytes");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_payload_max_length(32 << 20);  // backstop; the per-route limits above are smaller
    server.set_keep_alive_timeout(5);
    server.set_tcp_nodelay(true);
    server.set_read_timeout(30);
    server.set_write_timeout(30);
    register_kiosk_routes(server, *ctx);
    register_demarche_routes(server, *ctx);
    register_partner_routes(server, *ctx);
    register_staff_routes(server, *ctx);
    return hub;
}

Result<int> Hub::bind(const std::string& host, int port) {
    if (port == 0) {
        int p = server_.bind_to_any_port(host);
        if (p <= 0) return fail("cannot bind " + host + ":0");
        return p;
    }
    if (!server_.bind_to_port(host, port)) return fail("cannot bind " + host + ":" + std::to_string(port));
    return port;
}

bool Hub::listen() {
    return server_.listen_after_bind();
}

}  // namespace guichet::sync::hub
