// Dates and numbers (see validators.hpp).
#include "forms/validators_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <iomanip>
#include <locale>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace guichet::forms {

using namespace detail;

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

std::string two_digits(int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

// Digit groups of S separated by runs of spaces holding at most one of / - .;
// empty when S holds anything else.
std::vector<std::string_view> date_groups(std::string_view s) {
    std::vector<std::string_view> groups;
    while (!s.empty()) {
        std::size_t n = 0;
        while (n < s.size() && is_digit(s[n])) ++n;
        if (n == 0) return {};
        groups.push_back(s.substr(0, n));
        s.remove_prefix(n);
        if (s.empty()) break;
        int symbols = 0;
        while (!s.empty() && !is_digit(s[0])) {
            std::size_t k = space_at(s);
            if (k == 0) {
                k = dash_at(s);
                if (k == 0 && (s[0] == '/' || s[0] == '.')) k = 1;
                if (k == 0 || ++symbols > 1) return {};
            }
            s.remove_prefix(k);
        }
        if (s.empty()) return {};
    }
    return groups;
}

}  // namespace

Checked check_date_fr(std::string_view text) {
    const std::string_view s = trim(text);
    constexpr const char* kFormat = "Saisissez la date sous la forme JJ/MM/AAAA, par exemple 05/03/1984.";
    if (s.empty()) return refuse(kFormat);
    std::vector<std::string_view> g = date_groups(s);
    if (g.size() == 1 && g[0].size() == 8) g = {g[0].substr(0, 2), g[0].substr(2, 2), g[0].substr(4)};  // JJMMAAAA
    if (g.size() != 3) return refuse(kFormat);
    if (g[0].size() == 4) std::swap(g[0], g[2]);  // AAAA-MM-JJ
    if (g[0].size() > 2 || g[1].size() > 2) return refuse(kFormat);
    if (g[2].size() == 2) return refuse("Saisissez l’année avec ses 4 chiffres, par exemple 1984.");
    if (g[2].size() != 4) return refuse(kFormat);
    const int day = to_int(g[0]);
    const int month = to_int(g[1]);
    const int year = to_int(g[2]);
    if (month < 1 || month > 12)
        return refuse("Le mois " + std::string(g[1]) + " n’existe pas" NBSP ": saisissez un mois de 01 à 12.");
    if (day < 1 || day > 31)
        return refuse("Le jour " + std::string(g[0]) + " n’existe pas" NBSP ": saisissez un jour de 01 à 31.");
    if (year < 1900 || year > 2100) return refuse("L’année doit être comprise entre 1900 et 2100.");
    const std::string shown = two_digits(day) + "/" + two_digits(month) + "/" + std::string(g[2]);
    if (day > days_in_month(year, month)) {
        constexpr std::array<std::string_view, 12> kMonths = {"janvier", "février", "mars",      "avril",
                                                              "mai",     "juin",    "juillet",   "août",
                                                              "septembre", "octobre", "novembre", "décembre"};
        std::string msg = "Le " + shown + " n’existe pas" NBSP ": il n’y a que " +
                          std::to_string(days_in_month(year, month)) + " jours en " +
                          std::string(kMonths[static_cast<std::size_t>(month - 1)]);
        if (month == 2) msg += " " + std::string(g[2]);
        return refuse(msg + ".");
    }
    return Checked::valid(std::string(g[2]) + "-" + two_digits(month) + "-" + two_digits(day));
}

namespace {

struct Number {
    bool negative = false;
    std::string whole;     // digits, leading zeros removed ("" for 0)
    std::string fraction;  // digits after the separator, as typed
    bool separator = false;
    std::string error;     // French message when the text is not a number
};

constexpr std::size_t kMaxDigits = 30;

// [sign] digits, optionally grouped by 3 with spaces, [, or . digits].
Number parse_number(std::string_view text, std::string_view example) {
    Number n;
    std::string_view s = trim(text);
    const std::string not_a_number = "Saisissez un nombre en chiffres, par exemple " + std::string(example) + ".";
    if (s.empty()) {
        n.error = "Saisissez un nombre, par exemple " + std::string(example) + ".";
        return n;
    }
    if (s[0] == '+') {
        s.remove_prefix(1);
    } else if (std::size_t k = dash_at(s)) {
        n.negative = true;
        s.remove_prefix(k);
    }
    std::vector<std::string> groups(1);
    bool last_was_space = false;
    while (!s.empty()) {
        if (std::size_t k = space_at(s)) {
            if (n.separator || groups.back().empty()) break;  // caught below as an error
            if (!last_was_space) groups.emplace_back();
            last_was_space = true;
            s.remove_prefix(k);
            continue;
        }
        last_was_space = false;
        const char c = s[0];
        if (is_digit(c)) {
            (n.separator ? n.fraction : groups.back()) += c;
        } else if (c == ',' || c == '.') {
            if (n.separator) {
                n.error = "Saisissez un nombre avec une seule virgule, par exemple " + std::string(example) + ".";
                return n;
            }
            n.separator = true;
        } else {
            n.error = not_a_number;
            return n;
        }
        s.remove_prefix(1);
    }
    if (!s.empty() || last_was_space) {
        n.error = not_a_number;
        return n;
    }
    if (groups.size() > 1) {
        bool ok = !groups[0].empty() && groups[0].size() <= 3;
        for (std::size_t i = 1; i < groups.size(); ++i) ok = ok && groups[i].size() == 3;
        if (!ok) {
            n.error = "Saisissez le nombre sans espace au milieu, par exemple " + std::string(example) + ".";
            return n;
        }
    }
    for (const auto& g : groups) n.whole += g;
    if (n.whole.empty() && n.fraction.empty()) {
        n.error = not_a_number;
        return n;
    }
    n.whole.erase(0, std::min(n.whole.find_first_not_of('0'), n.whole.size()));
    if (n.whole.size() + n.fraction.size() > kMaxDigits) n.error = "Ce nombre est trop long" NBSP ": vérifiez votre saisie.";
    return n;
}

template <class T>
std::string range_message(std::optional<T> min, std::optional<T> max, std::string (*format)(T)) {
    if (min && max) return "Saisissez un nombre compris entre " + format(*min) + " et " + format(*max) + ".";
    if (min) return "Saisissez un nombre supérieur ou égal à " + format(*min) + ".";
    return "Saisissez un nombre inférieur ou égal à " + format(*max) + ".";
}

std::string format_ll(long long v) { return format_integer(v); }

// Doubles are read and written through streams in the classic locale, not
// std::from_chars/std::to_chars: Emscripten 3.1.6's libc++ (LLVM 14) has no
// floating-point charconv, and the WebAssembly engine must give the kiosk's
// exact messages (docs/forms-wasm.md). The classic locale keeps the program's
// own locale out of it.
std::optional<double> parse_double(const std::string& text) {
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    double value = 0;
    in >> value;
    if (in.fail() || in.peek() != std::istringstream::traits_type::eof()) return std::nullopt;
    return value;
}

// The shortest fixed notation that reads back as V (what std::to_chars(…, fixed) gives).
std::string shortest_fixed(double v) {
    std::string text;
    for (int precision = 0; precision <= 400; ++precision) {  // bounded: 1e-324 needs 324 decimals
        std::ostringstream out;
        out.imbue(std::locale::classic());
        out << std::fixed << std::setprecision(precision) << v;
        text = out.str();
        if (parse_double(text) == v) break;
    }
    return text;
}

// Shortest decimal form, French style: 0.5 → "0,5", 12500 → "12 500".
std::string format_double(double v) {
    const std::string fixed = shortest_fixed(v);
    std::string_view text(fixed);
    std::string out;
    if (text.starts_with('-')) {
        out = "-";
        text.remove_prefix(1);
    }
    const std::size_t dot = text.find('.');
    out += group_thousands(text.substr(0, dot));
    if (dot != std::string_view::npos) out += "," + std::string(text.substr(dot + 1));
    return out;
}

}  // namespace

Checked check_integer(std::string_view text, std::optional<long long> min, std::optional<long long> max) {
    const Number n = parse_number(text, "12");
    if (!n.error.empty()) return refuse(n.error);
    if (n.separator) return refuse("Saisissez un nombre entier, sans virgule ni point.");
    const bool bounded = min || max;
    long long value = 0;
    if (!n.whole.empty()) {
        const std::string signed_digits = (n.negative ? "-" : "") + n.whole;
        auto [ptr, ec] = std::from_chars(signed_digits.data(), signed_digits.data() + signed_digits.size(), value);
        if (ec != std::errc() || ptr != signed_digits.data() + signed_digits.size()) {
            if (bounded) return refuse(range_message(min, max, format_ll));
            return refuse("Ce nombre est trop grand" NBSP ": vérifiez votre saisie.");
        }
    }
    if ((min && value < *min) || (max && value > *max)) return refuse(range_message(min, max, format_ll));
    return Checked::valid(std::to_string(value));
}

Checked check_decimal(std::string_view text, std::optional<double> min, std::optional<double> max,
                      std::optional<int> max_decimals) {
    const Number n = parse_number(text, "12,50");
    if (!n.error.empty()) return refuse(n.error);
    if (max_decimals && n.fraction.size() > static_cast<std::size_t>(std::max(*max_decimals, 0))) {
        if (*max_decimals <= 0) return refuse("Saisissez un nombre entier, sans virgule.");
        return refuse("Saisissez au plus " + std::to_string(*max_decimals) + " chiffre" +
                      (*max_decimals > 1 ? "s" : "") + " après la virgule.");
    }
    std::string unsigned_value = n.whole.empty() ? "0" : n.whole;
    if (!n.fraction.empty()) unsigned_value += "." + n.fraction;
    const bool zero = n.whole.empty() && n.fraction.find_first_not_of('0') == std::string::npos;
    const std::string out = (n.negative && !zero ? "-" : "") + unsigned_value;
    if (min || max) {
        const std::optional<double> value = parse_double(out);
        if (!value || (min && *value < *min) || (max && *value > *max))
            return refuse(range_message(min, max, format_double));
    }
    return Checked::valid(out);
}

#undef NBSP

}  // namespace guichet::forms
