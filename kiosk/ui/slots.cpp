#include "ui/slots.hpp"

#include "ui/french_dates.hpp"

#include <chrono>
#include <cstdio>

namespace guichet::ui {

std::vector<const FeedSlot*> slots_to_offer(const std::vector<FeedSlot>& feed, bool has_service_from,
                                            std::string_view service, const std::set<std::string>& booked,
                                            std::string_view chosen) {
    std::vector<const FeedSlot*> out;
    if (has_service_from && service.empty()) return out;  // the service is not chosen yet
    for (const FeedSlot& s : feed) {
        if (has_service_from && s.service != service) continue;
        if (s.id != chosen && booked.contains(s.id)) continue;  // booked here by an earlier resident
        out.push_back(&s);
    }
    return out;
}

const FeedSlot* find_slot(const std::vector<FeedSlot>& feed, std::string_view id) {
    for (const FeedSlot& s : feed)
        if (s.id == id) return &s;
    return nullptr;
}

std::string slot_when(const FeedSlot& slot) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0;
    char tail = 0;
    if (slot.start.size() != 16 ||
        std::sscanf(slot.start.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &m, &d, &hh, &mm, &tail) != 5)
        return slot.start;
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || hh > 23 || mm > 59) return slot.start;
    const unsigned wd = weekday{sys_days{ymd}}.c_encoding();
    char time[40];
    std::snprintf(time, sizeof time, "%d\xE2\x80\xAFh\xE2\x80\xAF%02d", hh, mm);
    return std::string(french_weekday(wd)) + " " + std::to_string(d) + (d == 1 ? "er" : "") + "\xC2\xA0" + french_month(m) +
           " \xC3\xA0 " + time;
}

std::string slot_line(const Strings* strings, const FeedSlot& slot) {
    return trf(strings, "field.slot_line", {{"when", slot_when(slot)},
                                            {"minutes", std::to_string(slot.duration_min)},
                                            {"agency", slot.agency},
                                            {"title", slot.title}});
}

}  // namespace guichet::ui
