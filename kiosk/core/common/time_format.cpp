#include "common/time_format.hpp"

#include <ctime>

namespace guichet {

std::string format_utc(std::int64_t unix_seconds) {
    std::time_t tt = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

}  // namespace guichet
