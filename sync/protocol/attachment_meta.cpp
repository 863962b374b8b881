#include "protocol/attachment_meta.hpp"

#include <nlohmann/json.hpp>

namespace guichet::sync {

std::string encode_attachment_meta(std::string_view name, std::string_view mime) {
    // Written by hand (not with nlohmann::json) so that no unwiped copy of the
    // name is left on the heap: the caller wipes the one string returned.
    std::string out;
    out.reserve(name.size() + mime.size() + 64);
    auto put = [&](std::string_view s) {
        out.push_back('"');
        for (char c : s) {
            auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out.push_back('\\');
                out.push_back(c);
            } else if (u < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[u >> 4]);
                out.push_back(hex[u & 15]);
            } else {
                out.push_back(c);
            }
        }
        out.push_back('"');
    };
    out += "{\"name\":";
    put(name);
    out += ",\"mime\":";
    put(mime);
    out += "}";
    return out;
}

Result<std::pair<std::string, std::string>> decode_attachment_meta(std::string_view json) {
    auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j.contains("mime") || !j["name"].is_string() ||
        !j["mime"].is_string())
        return fail("attachment metadata is not {\"name\":…,\"mime\":…}");
    return std::pair{j["name"].get<std::string>(), j["mime"].get<std::string>()};
}

}  // namespace guichet::sync
