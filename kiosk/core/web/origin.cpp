#include "web/origin.hpp"

#include <algorithm>
#include <cctype>

namespace guichet::web {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

std::optional<Origin> parse_origin(const std::string& uri) {
    const auto colon = uri.find("://");
    if (colon == std::string::npos) return std::nullopt;
    Origin o;
    o.scheme = lower(uri.substr(0, colon));
    if (o.scheme == "https") o.port = 443;
    else if (o.scheme == "http") o.port = 80;
    else return std::nullopt;
    const auto start = colon + 3;
    const auto end = uri.find_first_of("/?#", start);
    std::string authority = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
    // "user@host" hides the real host from a reader: refused outright.
    if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
    std::string port_text;
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) return std::nullopt;
        o.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return std::nullopt;
            port_text = authority.substr(close + 2);
        }
    } else {
        const auto pc = authority.rfind(':');
        o.host = authority.substr(0, pc);
        if (pc != std::string::npos) port_text = authority.substr(pc + 1);
    }
    if (o.host.empty()) return std::nullopt;
    o.host = lower(o.host);
    if (!o.host.empty() && o.host.back() == '.') o.host.pop_back();  // "example.fr." is "example.fr"
    if (!port_text.empty()) {
        if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); }))
            return std::nullopt;
        o.port = std::stoi(port_text);
        if (o.port < 1 || o.port > 65535) return std::nullopt;
    }
    return o;
}

std::string to_string(const Origin& origin) {
    const bool ipv6 = origin.host.find(':') != std::string::npos;
    std::string s = origin.scheme + "://" + (ipv6 ? "[" + origin.host + "]" : origin.host);
    const int default_port = origin.scheme == "https" ? 443 : 80;
    if (origin.port != default_port) s += ":" + std::to_string(origin.port);
    return s;
}

AllowList::AllowList(const std::vector<std::string>& entries, std::vector<std::string>* rejected) {
    for (const auto& e : entries) {
        if (auto o = parse_origin(e)) origins_.push_back(*o);
        else if (rejected) rejected->push_back(e);
    }
}

bool AllowList::allows(const std::string& uri) const {
    if (uri == "about:blank") return true;
    const auto o = parse_origin(uri);
    return o && std::find(origins_.begin(), origins_.end(), *o) != origins_.end();
}

}  // namespace guichet::web
