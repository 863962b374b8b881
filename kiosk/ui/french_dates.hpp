// French month and weekday names, shared by the lists, the status bar and the
// appointment slots. (They are the language itself, not pack content, so
// they stay compiled in: docs/kiosk.md « Not wired yet ».)
#pragma once

namespace guichet::ui {

// "janvier" … "décembre" for MONTH 1–12; "" outside.
const char* french_month(int month);
// "dimanche" … "samedi" for C_ENCODING 0–6 (0 = Sunday, as std::tm and
// std::chrono::weekday::c_encoding); "" outside.
const char* french_weekday(unsigned c_encoding);

}  // namespace guichet::ui
