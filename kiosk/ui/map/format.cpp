#include "ui/map/format.hpp"

#include <cctype>

namespace guichet::ui::map {

std::string french_integer(std::string_view d) {
    if (d.empty()) return {};
    for (char c : d)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::string(d);
    std::string s = strip_zeros(d);
    if (s.empty()) s = "0";
    std::string out;
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += "\xE2\x80\xAF";
        out += s[i];
    }
    return out;
}

std::string area_label(std::string_view contenance) {
    if (contenance.empty()) return {};
    return french_integer(contenance) + "\xC2\xA0m\xC2\xB2";
}

std::string strip_zeros(std::string_view s) {
    std::size_t i = 0;
    while (i + 1 < s.size() && s[i] == '0') ++i;
    if (s.size() == 1 && s[0] == '0') return "0";
    return std::string(s.substr(i));
}

std::string parcel_title(std::string_view section, std::string_view number) {
    return "Section " + strip_zeros(section) + " n\xC2\xB0\xC2\xA0" + strip_zeros(number);
}

std::string break_long_text(std::string_view text, float max_width, const std::function<float(std::string_view)>& width) {
    auto is_break = [](char c) { return c == '/' || c == '.' || c == '_' || c == '-' || c == '?' || c == '&' || c == '='; };
    auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
    std::string out;
    while (!text.empty()) {
        if (width(text) <= max_width) {
            out += text;
            break;
        }
        // The longest prefix that fits (whole characters), then back to its last break point.
        std::size_t fit = 0;
        for (std::size_t n = 1; n <= text.size(); ++n) {
            if (n < text.size() && continuation(text[n])) continue;
            if (width(text.substr(0, n)) > max_width) break;
            fit = n;
        }
        if (fit == 0) {  // not even one character fits: one per line
            fit = 1;
            while (fit < text.size() && continuation(text[fit])) ++fit;
        }
        std::size_t cut = fit;
        for (std::size_t k = fit; k > 0; --k)
            if (is_break(text[k - 1])) {
                cut = k;
                break;
            }
        out += text.substr(0, cut);
        text.remove_prefix(cut);
        if (!text.empty()) out += '\n';
    }
    return out;
}

}  // namespace guichet::ui::map
