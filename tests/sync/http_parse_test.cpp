// The hub's HTTP layer without sockets (sync/hub/http/): the parser's limits
// and refusals as the server applies them, ranges, UTF-8, targets, routing.
#include "hub/http/http.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace guichet::sync::hub::http;

namespace {

int parse(const std::string& raw, Request* out = nullptr, std::uint64_t body_limit = 64 << 10) {
    Request req;
    const int status = parse_request(
        raw, Limits{}, [&](const Request&) { return body_limit; }, req);
    if (out) *out = std::move(req);
    return status;
}

}  // namespace

TEST_CASE("http: a request is parsed, refused with the status the server answers, or needs more bytes") {
    Request req;
    REQUIRE(parse("POST /v1/x%2Fy?since=12&a=b+c&a=d HTTP/1.1\r\nHost: h\r\nX-Case: 1\r\nContent-Length: 2\r\n\r\n{}",
                  &req) == 0);
    CHECK(req.method == "POST");
    CHECK(req.path == "/v1/x/y");
    CHECK(req.get_param_value("since") == "12");
    CHECK(req.get_param_value("a") == "b c");
    CHECK(req.params.count("a") == 2);
    CHECK(req.get_header_value("x-case") == "1");  // names without case
    CHECK(req.body == "{}");
    CHECK(parse("GET /v1/ping HTTP/1.1\r\nHost: h\r\n") == -1);
    CHECK(parse("PUT /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc") == -1);
    CHECK(parse("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n") == 414);
    CHECK(parse("GET /" + std::string(20000, 'a')) == 414);  // no end of line at all
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) many += "a: b\r\n";
    CHECK(parse(many + "\r\n") == 431);
    CHECK(parse("GET / HTTP/1.1\r\nX: " + std::string(17000, 'v') + "\r\n\r\n") == 431);
    CHECK(parse("PUT /x HTTP/1.1\r\nContent-Length: 65537\r\n\r\n") == 413);
    CHECK(parse("PUT /x HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") == 400);
    CHECK(parse("PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 411);
    CHECK(parse("GET / HTTP/2.0\r\n\r\n") != 0);
    CHECK(parse("NOT HTTP AT ALL\r\n\r\n") == 400);
}

TEST_CASE("http: single byte ranges inside the size, several ranges answered whole") {
    using R = std::pair<std::size_t, std::size_t>;
    CHECK(parse_range("bytes=0-99", 1000) == R{0, 100});
    CHECK(parse_range("bytes=900-", 1000) == R{900, 100});
    CHECK(parse_range("bytes=900-5000", 1000) == R{900, 100});
    CHECK(parse_range("bytes=-10", 1000) == R{990, 10});
    CHECK(parse_range("bytes=1000-", 1000) == R{0, 0});  // unsatisfiable: 416
    CHECK(!parse_range("bytes=5-1", 1000));
    CHECK(!parse_range("bytes=0-1,5-6", 1000));
    CHECK(!parse_range("items=0-1", 1000));
    CHECK(!parse_range("bytes=a-b", 1000));
}

TEST_CASE("http: UTF-8 is checked strictly, errors stay valid JSON") {
    CHECK(is_utf8("Mairie, hall \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    CHECK(!is_utf8("\xff"));
    CHECK(!is_utf8("\xc0\xaf"));          // overlong '/'
    CHECK(!is_utf8("\xed\xa0\x80"));      // a surrogate
    CHECK(!is_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    CHECK(!is_utf8("\xe2\x82"));          // cut
    CHECK(error_json("malformed", "bad \xff byte") ==
          "{\"error\":\"malformed\",\"message\":\"bad \xef\xbf\xbd byte\"}");
}

TEST_CASE("http: routes match the whole path, HEAD uses GET, a throwing handler answers 500 with JSON") {
    Router r;
    r.Get("/v1/items/([0-9]+)",
          [](const Request& req, Response& res) { res.set_content(req.matches[1], "text/plain"); });
    r.Post("/v1/boom", [](const Request&, Response&) { throw std::runtime_error("no luck"); });
    auto run = [&](std::string method, std::string path) {
        Request req;
        req.method = std::move(method);
        req.target = std::move(path);
        split_target(req);
        Response res;
        r.dispatch(req, res);
        return res;
    };
    auto got = run("GET", "/v1/items/42");
    CHECK(got.status == 200);
    CHECK(got.body == "42");
    CHECK(run("HEAD", "/v1/items/42").status == 200);
    CHECK(run("GET", "/v1/items/42/more").status == 404);
    CHECK(run("PUT", "/v1/items/42").status == 405);
    auto boom = run("POST", "/v1/boom");
    CHECK(boom.status == 500);
    CHECK(boom.body == R"({"error":"internal","message":"no luck"})");
}
