#pragma once

#include <cstdint>
#include <string>

namespace guichet {

// "2026-11-28 18:51 UTC": for staff-facing output and messages.
std::string format_utc(std::int64_t unix_seconds);

}  // namespace guichet
