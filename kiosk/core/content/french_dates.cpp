#include "content/french_dates.hpp"

#include <cstdio>

namespace guichet::content {

const char* french_month(int month) {
    static const char* const kMonths[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                          "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    return month >= 1 && month <= 12 ? kMonths[month - 1] : "";
}

const char* french_weekday(unsigned c_encoding) {
    static const char* const kWeekdays[] = {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
    return c_encoding < 7 ? kWeekdays[c_encoding] : "";
}

std::string french_date(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return iso;
    return std::to_string(d) + (d == 1 ? "er " : " ") + french_month(m) + " " + std::to_string(y);
}

}  // namespace guichet::content
