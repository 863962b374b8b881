#include "hub/hub_server.hpp"
#include "hub/staff_gate.hpp"
#include "hub/visio_rooms.hpp"
#include "protocol/routes.hpp"

#include "common/staff_language.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>

namespace guichet::sync::hub {

HubContext::HubContext(HubDb db, HubOptions options)
    : db_(std::move(db)), options_(std::move(options)), staff_(std::make_unique<StaffGate>(*this)),
      visio_(std::make_unique<VisioRooms>()) {
    if (!options_.clock) options_.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
}

HubContext::~HubContext() = default;

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

std::optional<std::string> HubContext::authenticate(const http::Request& req, http::Response& res, ClientKind kind) {
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
    verifier.remember_nonce = [&](std::string_view id, std::string_view nonce, std::int64_t expires) -> Result<bool> {
        std::string key = std::string(id) + '\n' + std::string(nonce);
        if (spare_nonces_.contains(key)) return false;
        auto stored = db_.remember_nonce(id, nonce, expires);
        if (stored || !is_disk_full(stored.error().message)) return stored;
        // Full disk: a read must still work. The nonce is kept in memory until
        // it expires (the database is asked whether it already holds it), so a
        // replay stays refused; a restart forgets these, like a power cut
        // forgets the last reads' nonces (hub_db.cpp).
        auto seen = db_.db().prepare("SELECT 1 FROM nonce WHERE client_id = ?1 AND nonce = ?2");
        if (!seen) return seen.error();
        seen->bind(1, id).bind(2, nonce);
        auto row = seen->step();
        if (!row) return row.error();
        if (*row) return false;
        if (spare_nonces_.size() >= 100000) return fail("database or disk is full, and too many nonces in memory");
        spare_nonces_.emplace(std::move(key), expires);
        return true;
    };
    std::lock_guard lock(mutex_);
    auto now = options_.clock();
    auto who = sync::authenticate(verifier, *head, as_bytes(req.body), now);
    if (!who) return refuse(who.error());
    if (++nonce_inserts_ % 256 == 0) {
        (void)db_.forget_nonces_before(now - options_.clock_window_seconds);
        std::erase_if(spare_nonces_, [&](const auto& n) { return n.second < now - options_.clock_window_seconds; });
    }
    return *who;
}

bool is_disk_full(std::string_view message) {
    // SQLite's SQLITE_FULL ("database or disk is full"), as store/sqlite.cpp
    // words it, and a write(2) that ran out of space.
    return message.find("SQLITE_FULL") != std::string_view::npos ||
           message.find("database or disk is full") != std::string_view::npos ||
           message.find("No space left on device") != std::string_view::npos;
}

void HubContext::note_answer(const http::Request& req, http::Response& res) {
    if (res.status == 507) {
        if (!disk_full_.exchange(true))
            std::cerr << staff::msg("guichet-hub: disk full in {1} ({2} {3}): writes are refused with 507 until space returns; reads go on\n",
                                    {options_.data_dir.string(), req.method, req.path})
                      << std::flush;
        return;
    }
    const bool write = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (write && res.status >= 200 && res.status < 300 && disk_full_.exchange(false))
        std::cerr << staff::msg("guichet-hub: disk space is back, writes work again\n") << std::flush;
}

bool is_write_conflict(std::string_view message) {
    // PostgreSQL's serialization failure and deadlock (guichet_pg words them
    // "(SQLSTATE 40001)"): another hub wrote the same rows; trying again works.
    return message.find("(SQLSTATE 40001)") != std::string_view::npos ||
           message.find("(SQLSTATE 40P01)") != std::string_view::npos;
}

void send_error(http::Response& res, int status, std::string_view kind, std::string_view message) {
    if (status == 500 && is_disk_full(message)) {
        status = 507;
        kind = "insufficient-storage";
    } else if (status == 500 && is_write_conflict(message)) {
        status = 503;
        kind = "busy";
        res.set_header("Retry-After", "1");
    }
    res.status = status;
    res.set_content(http::error_json(kind, message), "application/json");
}

void send_json(http::Response& res, int status, const std::string& json) {
    res.status = status;
    res.set_content(json, "application/json");
}

namespace {

// Routes reached without a signature: the enrolment, the probe, the staff
// pages, and whatever a scanner tries. They are rate limited per address.
bool unauthenticated(const http::Request& req) {
    return !req.has_header(kHeaderSignature);
}

}  // namespace

Result<std::unique_ptr<Hub>> Hub::open(HubOptions options) {
    auto db = HubDb::open(options.data_dir);
    if (!db) return db.error();
    std::unique_ptr<Hub> hub(new Hub());
    const http::Limits limits = options.limits;
    const http::Transport transport = options.transport;
    hub->ctx_ = std::make_unique<HubContext>(std::move(*db), std::move(options));
    HubContext* ctx = hub->ctx_.get();
    Hub* self = hub.get();
    http::Application app;
    // Body limits before anything is read: on the request line and headers only.
    app.body_limit = [ctx](const http::Request& req) { return ctx->body_limit(req.method, req.path); };
    app.rate_limited = unauthenticated;
    app.handle = [self](http::Request& req, http::Response& res) { self->handle(req, res); };
    app.count_refusal = [ctx](std::string_view kind) { ctx->count_refusal(kind); };
    hub->server_ = std::make_unique<http::HttpServer>(limits, std::move(app));
    if (auto error = hub->server_->set_transport(transport); !error.empty()) return fail(error);
    register_kiosk_routes(hub->router_, *ctx);
    register_demarche_routes(hub->router_, *ctx);
    register_partner_routes(hub->router_, *ctx);
    register_staff_routes(hub->router_, *ctx);
    register_staff_api_routes(hub->router_, *ctx);
    register_staff_content_routes(hub->router_, *ctx);
    register_staff_usage_routes(hub->router_, *ctx);
    register_visio_routes(hub->router_, *ctx);
    return hub;
}

void Hub::handle(http::Request& req, http::Response& res) {
    // Every body the hub takes by POST or PUT is JSON, which is UTF-8 (RFC
    // 8259 §8.1); attachments' chunks (PATCH) and a batch's framed payloads
    // (§4.5, whose JSON parts the JSON parser checks) are bytes.
    if ((req.method == "POST" || req.method == "PUT") && req.path != paths::kKioskDemarchesBatch &&
        !http::is_utf8(req.body)) {
        ctx_->count_refusal("malformed");
        return send_error(res, 400, "malformed", "the body is not UTF-8 (JSON expected)");
    }
    router_.dispatch(req, res);
    ctx_->note_answer(req, res);
}

Result<int> Hub::bind(const std::string& host, int port) {
    auto [bound, error] = server_->bind(host, port);
    if (bound < 0) return fail(error);
    return bound;
}

void Hub::stop() {
    ctx_->visio().stop();
    server_->stop();
}

bool Hub::listen() {
    return server_->listen();
}

}  // namespace guichet::sync::hub
