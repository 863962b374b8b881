#include "geo/text_fold.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace guichet::geo {

namespace {

// U+00C0 … U+00FF folded; "" means "becomes a separator".
constexpr std::array<const char*, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // C0-CF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF (D7 ×)
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // E0-EF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF (F7 ÷)
};

// Latin Extended-A (U+0100 … U+017F): the base letter of each code point
// (IJ and OE ligatures, marked ?, are expanded separately).
constexpr std::string_view kExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll"
    "lllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

// Decodes one UTF-8 code point; returns 0xFFFD and advances one byte on bad input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return ++i, 0xFFFD;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((c >> 6) != 2) return ++i, 0xFFFD;
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

}  // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto separator = [&] {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
    };
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t cp = next_code_point(text, i);
        if (cp < 0x80) {
            char c = static_cast<char>(cp);
            if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
            else separator();
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            const char* folded = kLatin1[cp - 0xC0];
            if (*folded) out += folded;
            else separator();
        } else if (cp >= 0x100 && cp <= 0x17F) {
            if (cp == 0x152 || cp == 0x153) out += "oe";
            else if (cp == 0x132 || cp == 0x133) out += "ij";
            else out.push_back(kExtendedA[cp - 0x100]);
        } else if (cp == 0xFFFD || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xA0 || (cp >= 0x80 && cp < 0xC0) || cp == 0x2BC) {
            separator();  // punctuation, typographic apostrophes and dashes, no-break spaces
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> search_words(std::string_view text) {
    std::vector<std::string> words;
    std::string folded = fold_for_search(text);
    std::size_t start = 0;
    while (start < folded.size()) {
        auto space = folded.find(' ', start);
        if (space == std::string::npos) space = folded.size();
        if (space > start) words.push_back(folded.substr(start, space - start));
        start = space + 1;
    }
    return words;
}

int bounded_edit_distance(std::string_view a, std::string_view b, int limit) {
    int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
    if (std::abs(la - lb) > limit) return limit + 1;
    if (la > 62 || lb > 62) return a == b ? 0 : limit + 1;
    // Three rows suffice for the transposition rule.
    std::array<int, 64> prev2{}, prev{}, cur{};
    for (int j = 0; j <= lb; ++j) prev[static_cast<std::size_t>(j)] = j;
    for (int i = 1; i <= la; ++i) {
        cur[0] = i;
        int row_best = cur[0];
        for (int j = 1; j <= lb; ++j) {
            auto J = static_cast<std::size_t>(j);
            int cost = a[static_cast<std::size_t>(i - 1)] == b[J - 1] ? 0 : 1;
            int v = std::min({prev[J] + 1, cur[J - 1] + 1, prev[J - 1] + cost});
            if (i > 1 && j > 1 && a[static_cast<std::size_t>(i - 1)] == b[J - 2] && a[static_cast<std::size_t>(i - 2)] == b[J - 1])
                v = std::min(v, prev2[J - 2] + 1);
            cur[J] = v;
            row_best = std::min(row_best, v);
        }
        if (row_best > limit) return limit + 1;
        prev2 = prev;
        prev = cur;
    }
    return std::min(prev[static_cast<std::size_t>(lb)], limit + 1);
}

}  // namespace guichet::geo
