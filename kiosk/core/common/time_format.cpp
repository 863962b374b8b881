#include "common/time_format.hpp"

#include <ctime>

namespace guichet {

std::string format_utc_as(std::int64_t unix_seconds, const char* format) {
    std::time_t tt = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

std::string format_utc(std::int64_t unix_seconds) {
    return format_utc_as(unix_seconds, "%Y-%m-%d %H:%M UTC");
}

std::string local_date() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace guichet
