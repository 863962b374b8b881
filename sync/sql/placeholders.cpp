#include "sql/placeholders.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace guichet::sql {

std::string postgres_placeholders(std::string_view in, int* count) {
    std::string out;
    out.reserve(in.size() + 8);
    int largest = 0;
    std::size_t i = 0;
    const auto copy_until = [&](std::string_view end) {  // copies through END (or to the end)
        const auto at = in.find(end, i);
        const auto stop = at == std::string_view::npos ? in.size() : at + end.size();
        out.append(in.substr(i, stop - i));
        i = stop;
    };
    while (i < in.size()) {
        const char c = in[i];
        if (c == '\'' || c == '"') {
            // A doubled quote inside is an escaped one: copying quote to quote twice handles it.
            out += c;
            ++i;
            copy_until(std::string_view(&c, 1));
        } else if (c == '-' && i + 1 < in.size() && in[i + 1] == '-') {
            copy_until("\n");
        } else if (c == '/' && i + 1 < in.size() && in[i + 1] == '*') {
            out += "/*";
            i += 2;
            copy_until("*/");
        } else if (c == '?') {
            ++i;
            std::size_t digits = i;
            while (digits < in.size() && std::isdigit(static_cast<unsigned char>(in[digits]))) ++digits;
            int number = 0;
            if (digits > i) {
                // SQLite allows ?1 to ?32766; a longer number is not ours to fix: kept as PostgreSQL will refuse it.
                std::from_chars(in.data() + i, in.data() + digits, number);
                i = digits;
            } else {
                number = largest + 1;
            }
            largest = std::max(largest, number);
            out += '$';
            out += std::to_string(number);
        } else {
            out += c;
            ++i;
        }
    }
    if (count != nullptr) *count = largest;
    return out;
}

}  // namespace guichet::sql
