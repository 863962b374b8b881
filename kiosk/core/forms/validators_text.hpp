// Text helpers shared by the validators: spaces, separators, French wording.
// Internal to the forms library.
#pragma once

#include "forms/validators.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

namespace guichet::forms::detail {

#define NBSP "\u00A0"

// Spaces a touch keyboard or a copy-paste may produce besides ASCII ones:
// no-break, narrow no-break, thin, figure space (UTF-8).
constexpr std::array<std::string_view, 4> kWideSpaces = {"\u00A0", "\u202F", "\u2009", "\u2007"};
// Dashes an on-screen keyboard may substitute for '-': hyphen, non-breaking
// hyphen, en dash, minus sign.
constexpr std::array<std::string_view, 4> kWideDashes = {"\u2010", "\u2011", "\u2013", "\u2212"};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
inline char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool all_digits(std::string_view s) {
    for (char c : s)
        if (!is_digit(c)) return false;
    return !s.empty();
}

// Byte length of the space S starts with, 0 if it starts with none.
inline std::size_t space_at(std::string_view s) {
    if (s.empty()) return 0;
    switch (s[0]) {
        case ' ': case '\t': case '\n': case '\r': case '\v': case '\f': return 1;
        default: break;
    }
    for (auto w : kWideSpaces)
        if (s.starts_with(w)) return w.size();
    return 0;
}

inline std::size_t dash_at(std::string_view s) {
    if (!s.empty() && s[0] == '-') return 1;
    for (auto w : kWideDashes)
        if (s.starts_with(w)) return w.size();
    return 0;
}

inline std::string_view trim(std::string_view s) {
    while (std::size_t n = space_at(s)) s.remove_prefix(n);
    for (bool removed = true; removed && !s.empty();) {
        removed = false;
        for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n)
            if (space_at(s.substr(s.size() - n)) == n) {
                s.remove_suffix(n);
                removed = true;
                break;
            }
    }
    return s;
}

// S without its spaces and the ASCII characters of SEPARATORS (any dash when
// SEPARATORS holds '-'); ASCII letters upper-cased when UPPER.
inline std::string compact(std::string_view s, std::string_view separators, bool upper) {
    const bool dashes = separators.find('-') != std::string_view::npos;
    std::string out;
    while (!s.empty()) {
        std::size_t n = space_at(s);
        if (n == 0 && dashes) n = dash_at(s);
        if (n == 0 && separators.find(s[0]) != std::string_view::npos) n = 1;
        if (n > 0) {
            s.remove_prefix(n);
            continue;
        }
        out += upper ? to_upper(s[0]) : s[0];
        s.remove_prefix(1);
    }
    return out;
}

// "1er", "2e", "12e": French ordinal, for "le 12e caractère".
inline std::string ordinal(std::size_t n) { return n == 1 ? "1er" : std::to_string(n) + "e"; }

// Digits grouped by 3 with no-break spaces from 5 digits on ("12 500",
// but "2100", as French typography allows for 4-digit numbers).
inline std::string group_thousands(std::string_view digits) {
    if (digits.size() < 5) return std::string(digits);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += NBSP;
        out += digits[i];
    }
    return out;
}

inline std::string format_integer(long long v) {
    std::string digits = std::to_string(v);
    if (v < 0) return "-" + group_thousands(std::string_view(digits).substr(1));
    return group_thousands(digits);
}

// Groups of SIZES separated by single spaces: "FR76 3000 …", "03 27 59 51 11".
inline std::string grouped(std::string_view s, std::initializer_list<std::size_t> sizes) {
    std::string out;
    for (std::size_t size : sizes) {
        if (s.empty()) break;
        if (!out.empty()) out += ' ';
        out += s.substr(0, size);
        s.remove_prefix(std::min(size, s.size()));
    }
    return out;
}

inline std::string quoted(std::string_view s) { return "«" NBSP + std::string(s) + NBSP "»"; }

inline Checked refuse(std::string message) { return Checked::invalid(std::move(message)); }

}  // namespace guichet::forms::detail
