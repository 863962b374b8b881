#include "common/placeholders.hpp"

#include <algorithm>

namespace guichet {

std::vector<std::string> text_placeholders(std::string_view text, bool* malformed) {
    std::vector<std::string> out;
    bool bad = false;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '}') bad = true;
        if (text[i] != '{') {
            ++i;
            continue;
        }
        const std::size_t close = text.find('}', i + 1);
        const std::string_view name = close == std::string_view::npos ? std::string_view() : text.substr(i + 1, close - i - 1);
        const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!ok) {
            bad = true;
            ++i;
            continue;
        }
        if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
        i = close + 1;
    }
    if (malformed != nullptr) *malformed = bad;
    return out;
}

}  // namespace guichet
