#include "ui/status.hpp"
#include "ui/french_dates.hpp"
#include "ui/strings.hpp"

#include <ctime>

namespace guichet::ui {

namespace {

std::tm local(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    return tm;
}

}  // namespace

Connection connection_from(bool store_read, std::optional<std::int64_t> last_sync, std::int64_t now,
                           std::int64_t window) {
    if (!store_read) return Connection::Unknown;
    if (!last_sync) return Connection::Offline;
    return now - *last_sync <= window ? Connection::Online : Connection::Offline;
}

std::int64_t connection_changes_in(std::optional<std::int64_t> last_sync, std::int64_t now, std::int64_t window) {
    if (!last_sync || now - *last_sync > window) return -1;
    return *last_sync + window - now + 1;
}

std::string french_datetime(std::int64_t t, std::int64_t now) {
    const std::tm tm = local(t), today = local(now);
    char hm[32];
    std::snprintf(hm, sizeof hm, "%d\xE2\x80\xAFh\xE2\x80\xAF%02d", tm.tm_hour, tm.tm_min);  // 21 h 35, narrow no-break spaces
    if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday) return "aujourd\xE2\x80\x99hui \xC3\xA0 " + std::string(hm);
    return std::to_string(tm.tm_mday) + (tm.tm_mday == 1 ? "er" : "") + "\xC2\xA0" + french_month(tm.tm_mon + 1) + "\xC2\xA0" +
           std::to_string(tm.tm_year + 1900) + " \xC3\xA0 " + hm;
}

std::string status_bar_text(Connection c, std::optional<std::int64_t> last_sync, std::int64_t now,
                            const std::string& pack, const Strings* strings) {
    const char* sep = "   \xC2\xB7   ";
    std::string s;
    switch (c) {
        case Connection::Online: s = tr(strings, "status.online"); break;
        case Connection::Offline: s = tr(strings, "status.offline"); break;
        case Connection::Unknown: s = tr(strings, "status.unknown"); break;
    }
    s += sep;
    const std::string when = last_sync ? french_datetime(*last_sync, now)
                                       : (c == Connection::Unknown ? std::string("\xE2\x80\x94") : tr(strings, "status.never"));
    s += trf(strings, "status.last_sync", {{"when", when}});
    s += sep;
    s += pack.empty() ? tr(strings, "status.no_content") : trf(strings, "status.content", {{"pack", pack}});
    return s;
}

}  // namespace guichet::ui
