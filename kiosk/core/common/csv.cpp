#include "common/csv.hpp"

namespace guichet {

std::vector<std::string> split_csv_line(std::string_view line, char sep) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    for (auto& f : out) {
        while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.pop_back();
        std::size_t lead = 0;
        while (lead < f.size() && f[lead] == ' ') ++lead;
        f.erase(0, lead);
    }
    return out;
}

std::optional<std::int64_t> parse_euro_cents(std::string_view text) {
    std::string t;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ') continue;
        if (text.substr(i, 2) == "\xC2\xA0" || text.substr(i, 3) == "\xE2\x80\xAF") {  // no-break, narrow no-break
            i += text[i] == '\xC2' ? 1 : 2;
            continue;
        }
        t += text[i];
    }
    if (t.empty() || t.size() > 15) return std::nullopt;
    const auto comma = t.find_first_of(",.");
    const std::string whole = t.substr(0, comma);
    std::string frac = comma == std::string::npos ? "" : t.substr(comma + 1);
    if (whole.empty() || frac.size() > 2 || (comma != std::string::npos && frac.empty())) return std::nullopt;
    for (char c : whole + frac)
        if (c < '0' || c > '9') return std::nullopt;
    while (frac.size() < 2) frac += '0';
    return std::stoll(whole) * 100 + std::stoll(frac);
}

}  // namespace guichet
