// French month and weekday names, shared by the kiosk's lists, status bar and
// appointment slots and by the website export. (They are the language itself,
// not pack content, so they stay compiled in: docs/kiosk.md « Not wired yet ».)
#pragma once

#include <string>

namespace guichet::content {

// "janvier" … "décembre" for MONTH 1–12; "" outside.
const char* french_month(int month);
// "dimanche" … "samedi" for C_ENCODING 0–6 (0 = Sunday, as std::tm and
// std::chrono::weekday::c_encoding); "" outside.
const char* french_weekday(unsigned c_encoding);

// "5 décembre 2026" from "2026-12-05" ("1er" for the first); the input unchanged when malformed.
std::string french_date(const std::string& iso);

}  // namespace guichet::content
