// libFuzzer target for the hub's request handling (issue #21): raw bytes go
// through the server's own parser and limits (Boost.Beast, http::parse_request),
// then the hub's checks and routes (UTF-8 bodies, authentication headers,
// JSON messages) against a real database in a temporary directory. Besides
// crashes and sanitizer reports it traps when
//   - a request passes the parser beyond the request-line or header-count limit;
//   - an answer has a status outside 100–599;
//   - an error answer (4xx, 5xx) has no JSON {"error": …} body.
// Seeds: tests/fuzz/hub_request_seeds/ (one request per file, as on the wire).
#include "hub/hub_server.hpp"
#include "hub/routes_invoices.hpp"
#include "hub/routes_web.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

using namespace guichet::sync::hub;

namespace {

char g_dir[] = "/tmp/hub_request_fuzz.XXXXXX";

Hub& the_hub() {
    static Hub* hub = [] {
        char* dir = ::mkdtemp(g_dir);
        if (!dir) std::abort();
        // The database goes with the process (the hub itself is never freed).
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(g_dir, ec);
        });
        HubOptions options;
        options.data_dir = dir;
        auto h = Hub::open(std::move(options));
        if (!h) std::abort();
        // An enrolment token whose value the seeds cannot know: /v1/enroll
        // answers bad-token, the path through JSON parsing is what counts.
        (void)(*h)->context().db().create_enroll_token(0, 1);
        // The régie's invoice and payment routes (protocol §9), without PayFiP:
        // the phone's and PayFiP's routes are public, so they are fuzzed too.
        auto payments = InvoicePayments::open(dir, std::nullopt, [] { return std::int64_t{0}; });
        if (!payments) std::abort();
        (*h)->add_module(invoice_routes(*payments->release()));
        // The web channel (protocol §11), on, with rates the fuzzer never reaches:
        // its body parsing and checks are what counts, not the 429.
        auto web = open_web_channel((*h)->context(), {"web-fuzz", 1 << 30, 1 << 30});
        if (!web) std::abort();
        (*h)->add_module(web_routes(std::move(*web)));
        return h->release();
    }();
    return *hub;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Hub& hub = the_hub();
    const http::Limits limits;
    http::Request req;
    auto& ctx = hub.context();
    const int parsed = http::parse_request(
        std::string_view(reinterpret_cast<const char*>(data), size), limits,
        [&](const http::Request& r) { return ctx.body_limit(r.method, r.path); }, req);
    if (parsed != 0) return 0;
    if (req.target.size() > limits.max_request_line || req.headers.size() > limits.max_header_count) std::abort();
    http::Response res;
    hub.handle(req, res);
    if (res.status < 100 || res.status > 599) std::abort();
    // The payment pages answer a phone in French HTML (protocol §9); every other error is the protocol's JSON.
    if (res.status >= 400 && req.path.starts_with("/paiement/")) {
        if (res.get_header_value("Content-Type").find("text/html") == std::string::npos && res.body.find("\"error\"") == std::string::npos)
            std::abort();
    } else if (res.status >= 400) {
        auto j = nlohmann::json::parse(res.body, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_string()) std::abort();
    }
    return 0;
}
