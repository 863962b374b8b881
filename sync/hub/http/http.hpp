// The hub's HTTP layer, built for hostile clients (docs/protocol.md §1).
// Plain types for the route modules: a Request, a Response and a Router whose
// member names follow cpp-httplib's (the hub's former server), so that route
// code reads the same. The server itself (Boost.Beast on Asio) lives in
// http_server.cpp only; nothing here includes Boost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guichet::sync::hub::http {

// Header names compare without case (RFC 9110 §5.1).
struct CaseLess {
    bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, CaseLess>;
using Params = std::multimap<std::string, std::string>;

struct Request {
    std::string method;  // "GET", "HEAD", …
    std::string target;  // as sent: path and query
    std::string path;    // percent-decoded path, no query
    Params params;       // decoded query parameters
    Headers headers;
    std::string body;
    std::string remote_addr;  // the peer's IP address, text
    bool secure_transport = false;  // came over TLS (the hub's own, or a trusted proxy's)
    std::smatch matches;      // the route's captures (over path)

    bool has_header(const std::string& name) const { return headers.count(name) > 0; }
    // The first value of NAME, "" when absent.
    std::string get_header_value(const std::string& name) const;
    bool has_param(const std::string& name) const { return params.count(name) > 0; }
    std::string get_param_value(const std::string& name) const;
};

// What a content provider writes to.
struct DataSink {
    std::function<bool(const char* data, std::size_t length)> write;
};
// Writes LENGTH bytes from OFFSET of the content into SINK; false aborts.
using ContentProvider = std::function<bool(std::size_t offset, std::size_t length, DataSink& sink)>;

struct Response {
    int status = -1;  // -1: 200 once a route ran
    Headers headers;
    std::string body;
    // Set by set_content_provider: the body comes from PROVIDER, LENGTH bytes,
    // and a Range request is answered 206 from it.
    ContentProvider provider;
    std::size_t content_length = 0;

    void set_header(const std::string& name, const std::string& value);
    void set_content(std::string content, const std::string& content_type);
    void set_content_provider(std::size_t length, const std::string& content_type, ContentProvider p);
    std::string get_header_value(const std::string& name) const;
};

using Handler = std::function<void(const Request&, Response&)>;

// Routes by method and a regular expression over the whole decoded path, first
// registered first served; HEAD uses the GET routes (the body is not sent).
class Router {
public:
    void Get(const std::string& pattern, Handler h) { add("GET", pattern, std::move(h)); }
    void Put(const std::string& pattern, Handler h) { add("PUT", pattern, std::move(h)); }
    void Post(const std::string& pattern, Handler h) { add("POST", pattern, std::move(h)); }
    void Patch(const std::string& pattern, Handler h) { add("PATCH", pattern, std::move(h)); }
    void Delete(const std::string& pattern, Handler h) { add("DELETE", pattern, std::move(h)); }

    // Runs the matching route; false (and 404 or 405 written) when none.
    // Exceptions from a handler become 500 with a JSON error.
    bool dispatch(Request& req, Response& res) const;

    // Every route as registered: method and pattern (for `guichet-hub routes`
    // and the test that probes each one without credentials).
    struct RouteInfo {
        std::string method;
        std::string pattern;
    };
    std::vector<RouteInfo> list() const;

private:
    struct Route {
        std::string method;
        std::regex pattern;
        Handler handler;
        std::string text;
    };
    void add(std::string method, const std::string& pattern, Handler h);
    std::vector<Route> routes_;
};

// Historical name: route modules take "Server&" and call Get/Put/….
using Server = Router;

// Resource bounds (docs/protocol.md §1, the table of limits). Every one is
// checked before the resource is spent.
struct Limits {
    std::size_t max_request_line = 8 << 10;   // 414 beyond
    std::size_t max_header_bytes = 16 << 10;  // request line + headers; 431 beyond
    std::size_t max_header_count = 100;       // 431 beyond
    std::uint64_t max_body_bytes = 32 << 20;  // backstop; routes have smaller limits (413)
    int header_timeout_seconds = 10;          // a request's line and headers, idle wait included
    std::uint64_t min_body_rate = 16 << 10;   // bytes/s: a body's deadline is 10 s + length / rate
    int write_timeout_seconds = 30;           // per 64 KiB written
    std::size_t max_connections = 1024;       // in total; over: closed at once
    std::size_t max_connections_per_address = 32;
    double public_rate_per_second = 20;  // unauthenticated requests per source address
    double public_burst = 200;
    int io_threads = 2;      // socket work only, never blocked
    int worker_threads = 8;  // route handlers (they take the database mutex); httplib had 8
};

// Answers for the server: the body limit of a request (from its line and
// headers), whether it is rate limited as unauthenticated, the route handling.
struct Application {
    std::function<std::uint64_t(const Request&)> body_limit;
    std::function<bool(const Request&)> rate_limited;
    std::function<void(Request&, Response&)> handle;
    std::function<void(std::string_view kind)> count_refusal;
};

// Serves APP on HOST:PORT with LIMITS. Beast and Asio stay inside.
class HttpServer {
public:
    HttpServer(Limits limits, Application app);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds (PORT 0: any free port); returns the port or an error message.
    std::pair<int, std::string> bind(const std::string& host, int port);
    // Serves until stop(); blocking.
    bool listen();
    void stop();

    struct Impl;  // Beast and Asio, in http_server.cpp

private:
    std::unique_ptr<Impl> impl_;
};

// --- Pieces shared by the server and the fuzz target. ---

// What the server makes of a request's line and headers: status 0 to go on
// (and read BODY_LENGTH bytes), else the refusal to answer.
struct HeadVerdict {
    int status = 0;
    std::string kind, message;
    std::uint64_t body_length = 0;
};

// Parses RAW as the server does (same parser, same limits and checks): 0 and
// OUT filled when RAW holds a whole acceptable request, -1 when more bytes are
// needed, else the status the server would refuse it with.
int parse_request(std::string_view raw, const Limits& limits,
                  const std::function<std::uint64_t(const Request&)>& body_limit, Request& out);

// Percent-decodes TEXT; PLUS_AS_SPACE for query components.
std::string decode_url(std::string_view text, bool plus_as_space);
// Fills req.path and req.params from req.target.
void split_target(Request& req);
// Whether TEXT is valid UTF-8 (no overlongs, no surrogates).
bool is_utf8(std::string_view text);
// {"error": KIND, "message": MESSAGE}, invalid UTF-8 replaced (protocol/answers.hpp).
std::string error_json(std::string_view kind, std::string_view message);
// A single "bytes=A-B", "bytes=A-" or "bytes=-N" range inside SIZE:
// [offset, length]; nullopt when absent or not a single range; length 0 when
// unsatisfiable.
std::optional<std::pair<std::size_t, std::size_t>> parse_range(std::string_view header, std::size_t size);
// The reason phrase of STATUS.
const char* status_text(int status);

}  // namespace guichet::sync::hub::http
