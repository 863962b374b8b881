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

}  // namespace guichet::ui::map
