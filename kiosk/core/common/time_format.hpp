#pragma once

#include <cstdint>
#include <string>

namespace guichet {

// "2026-11-28 18:51 UTC": for staff-facing output and messages.
std::string format_utc(std::int64_t unix_seconds);
// UNIX_SECONDS in UTC as strftime's FORMAT writes it ("%Y-%m-%d": "2026-11-28"); at most 63 bytes.
std::string format_utc_as(std::int64_t unix_seconds, const char* format);
// Today in the machine's time zone, YYYY-MM-DD: the date display periods are read at
// (the kiosk's frame loop, guichet-pack export-site).
std::string local_date();

}  // namespace guichet
