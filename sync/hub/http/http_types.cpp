// Request, Response and Router of the hub's HTTP layer (no Boost here).
#include "hub/http/http.hpp"
#include "protocol/answers.hpp"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <exception>

namespace guichet::sync::hub::http {

bool CaseLess::operator()(const std::string& a, const std::string& b) const {
    return ::strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::string Request::get_header_value(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Request::get_param_value(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

void Response::set_header(const std::string& name, const std::string& value) {
    // CR/LF would split the answer: such a value is dropped.
    if (value.find_first_of("\r\n") != std::string::npos || name.find_first_of("\r\n:") != std::string::npos) return;
    headers.erase(name);
    headers.emplace(name, value);
}

void Response::set_content(std::string content, const std::string& content_type) {
    body = std::move(content);
    provider = nullptr;
    set_header("Content-Type", content_type);
}

void Response::set_content_provider(std::size_t length, const std::string& content_type, ContentProvider p) {
    body.clear();
    content_length = length;
    provider = std::move(p);
    set_header("Content-Type", content_type);
}

std::string Response::get_header_value(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

void Router::add(std::string method, const std::string& pattern, Handler h) {
    routes_.push_back({std::move(method), std::regex(pattern, std::regex::ECMAScript), std::move(h), pattern});
}

std::vector<Router::RouteInfo> Router::list() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) out.push_back({r.method, r.text});
    return out;
}

bool Router::dispatch(Request& req, Response& res) const {
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    bool path_known = false;
    for (const auto& r : routes_) {
        std::smatch m;
        if (!std::regex_match(req.path, m, r.pattern)) continue;
        path_known = true;
        if (r.method != method) continue;
        req.matches = std::move(m);
        try {
            r.handler(req, res);
        } catch (const std::exception& e) {
            // A handler that throws (std::stoi on a bad number, a JSON type
            // error) answers 500 with a reason, never an empty body.
            res = Response();
            res.status = 500;
            res.set_content(error_json("internal", e.what()), "application/json");
        }
        if (res.status == -1) res.status = 200;
        return true;
    }
    res.status = path_known ? 405 : 404;
    res.set_content(error_json(path_known ? "method-not-allowed" : "not-found",
                               path_known ? "method not allowed on this path" : "no such route"),
                    "application/json");
    return false;
}

std::string decode_url(std::string_view text, bool plus_as_space) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void split_target(Request& req) {
    const auto q = req.target.find('?');
    req.path = decode_url(std::string_view(req.target).substr(0, q), false);
    req.params.clear();
    if (q == std::string::npos) return;
    std::string_view query = std::string_view(req.target).substr(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        if (!item.empty()) {
            const auto eq = item.find('=');
            req.params.emplace(decode_url(item.substr(0, eq), true),
                               eq == std::string_view::npos ? std::string() : decode_url(item.substr(eq + 1), true));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
}

bool is_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, cp = c & 0x07;
        else
            return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len;
    }
    return true;
}

std::string error_json(std::string_view kind, std::string_view message) {
    return to_json(ErrorBody{std::string(kind), std::string(message)});
}

std::optional<std::pair<std::size_t, std::size_t>> parse_range(std::string_view header, std::size_t size) {
    if (!header.starts_with("bytes=")) return std::nullopt;
    header.remove_prefix(6);
    if (header.find(',') != std::string_view::npos) return std::nullopt;  // several ranges: answered whole
    const auto dash = header.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view t, std::uint64_t& out) {
        if (t.empty()) return false;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
        return ec == std::errc() && end == t.data() + t.size();
    };
    const auto first_text = header.substr(0, dash), last_text = header.substr(dash + 1);
    std::uint64_t first = 0, last = 0;
    if (first_text.empty()) {  // the last N bytes
        if (!number(last_text, last)) return std::nullopt;
        if (last == 0 || size == 0) return std::pair<std::size_t, std::size_t>{0, 0};
        const std::uint64_t n = std::min<std::uint64_t>(last, size);
        return std::pair<std::size_t, std::size_t>{size - n, n};
    }
    if (!number(first_text, first)) return std::nullopt;
    if (last_text.empty())
        last = size == 0 ? 0 : size - 1;
    else if (!number(last_text, last))
        return std::nullopt;
    if (first >= size) return std::pair<std::size_t, std::size_t>{0, 0};
    if (last < first) return std::nullopt;
    last = std::min<std::uint64_t>(last, size - 1);
    return std::pair<std::size_t, std::size_t>{first, last - first + 1};
}

const char* status_text(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 206:
            return "Partial Content";
        case 301:
            return "Moved Permanently";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 411:
            return "Length Required";
        case 413:
            return "Content Too Large";
        case 414:
            return "URI Too Long";
        case 416:
            return "Range Not Satisfiable";
        case 422:
            return "Unprocessable Content";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        case 507:
            return "Insufficient Storage";
        default:
            return "Unknown";
    }
}

}  // namespace guichet::sync::hub::http
