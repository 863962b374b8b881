#include "ui/french_dates.hpp"

namespace guichet::ui {

const char* french_month(int month) {
    static const char* const kMonths[] = {"janvier", "f\xC3\xA9vrier", "mars",      "avril",   "mai",      "juin",
                                          "juillet", "ao\xC3\xBBt",    "septembre", "octobre", "novembre", "d\xC3\xA9" "cembre"};
    return month >= 1 && month <= 12 ? kMonths[month - 1] : "";
}

const char* french_weekday(unsigned c_encoding) {
    static const char* const kWeekdays[] = {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
    return c_encoding < 7 ? kWeekdays[c_encoding] : "";
}

}  // namespace guichet::ui
