#include "transport/hub_client.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace guichet::sync {

struct HubClient::Impl {
    explicit Impl(const std::string& host, int port) : client(host, port) {}
    httplib::Client client;
};

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string url_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string HttpAnswer::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

Result<HubClient> HubClient::create(const std::string& base_url, HubClientOptions options) {
    const std::string scheme = "http://";
    if (!base_url.starts_with(scheme))
        return fail("hub URL " + base_url +
                    ": expected http://HOST:PORT (TLS is the reverse proxy's job, docs/protocol.md §1)");
    auto rest = std::string_view(base_url).substr(scheme.size());
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || rest.find('/') != std::string_view::npos)
        return fail("hub URL " + base_url + ": expected http://HOST:PORT");
    int port = 0;
    for (char c : rest.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535) return fail("hub URL " + base_url + ": bad port");
        port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return fail("hub URL " + base_url + ": bad port");
    HubClient c;
    c.impl_ = std::make_unique<Impl>(std::string(rest.substr(0, colon)), port);
    c.base_url_ = scheme + std::string(rest);
    if (!options.clock) options.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    c.options_ = std::move(options);
    auto& hc = c.impl_->client;
    hc.set_connection_timeout(c.options_.connect_timeout);
    hc.set_read_timeout(c.options_.read_timeout);
    hc.set_write_timeout(c.options_.read_timeout);
    hc.set_keep_alive(true);
    hc.set_tcp_nodelay(true);  // headers and body go in separate writes: no Nagle/delayed-ACK stall
    return c;
}

HubClient::HubClient(HubClient&&) noexcept = default;
HubClient& HubClient::operator=(HubClient&&) noexcept = default;
HubClient::~HubClient() = default;

void HubClient::set_identity(Identity identity) {
    identity_ = std::move(identity);
}

Result<HttpAnswer> HubClient::send(std::string_view method, std::string_view path, const Query& query, ByteView body,
                                   std::string_view content_type, const std::vector<Header>& extra_headers,
                                   std::optional<std::uint64_t> max_answer_bytes) {
    httplib::Request req;
    req.method = std::string(method);
    req.path = std::string(path);
    char sep = '?';
    for (const auto& [k, v] : query) {
        req.path += sep + url_encode(k) + "=" + url_encode(v);
        sep = '&';
    }
    for (const auto& [k, v] : extra_headers) req.set_header(k, v);
    if (identity_) {
        auto target = canonical_target(path, query);
        for (auto& [k, v] : sign_request(identity_->key, identity_->client_id, method, target, body, options_.clock()))
            req.set_header(k, v);
    }
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        req.body.assign(reinterpret_cast<const char*>(body.data()), body.size());
        req.set_header("Content-Type", content_type.empty() ? "application/octet-stream" : std::string(content_type));
    }
    const std::uint64_t cap = max_answer_bytes.value_or(options_.max_answer_bytes);
    if (options_.bandwidth && !req.body.empty()) options_.bandwidth->consume(req.body.size());
    HttpAnswer answer;
    bool over_cap = false;
    req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
        if (!fits(answer.body.size(), len, cap)) {
            over_cap = true;
            return false;
        }
        answer.body.append(data, len);
        if (options_.bandwidth) options_.bandwidth->consume(len);
        return true;
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    bool ok = impl_->client.send(req, res, error);
    std::string what = std::string(method) + " " + base_url_ + std::string(path);
    if (over_cap) {
        impl_->client.stop();  // the connection is in the middle of a body: never reuse it
        return fail(what + ": answer larger than " + std::to_string(cap) + " bytes, cut");
    }
    if (!ok) return fail(what + ": " + httplib::to_string(error));
    answer.status = res.status;
    for (const auto& [k, v] : res.headers) answer.headers.emplace_back(k, v);
    return answer;
}

std::string describe_answer(std::string_view method, std::string_view path, const HttpAnswer& answer) {
    std::string body = answer.body.substr(0, 200);
    return "HTTP " + std::to_string(answer.status) + " from " + std::string(method) + " " + std::string(path) +
           (body.empty() ? "" : ": " + body);
}

}  // namespace guichet::sync
