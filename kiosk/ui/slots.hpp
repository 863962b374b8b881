// Appointment slots offered by a démarche's `slot` field (docs/forms.md §1):
// which of the feed's slots a field shows, and how a slot reads in French.
// Pure functions over FeedSlot, so they are tested without a screen.
#pragma once

#include "ui/feeds.hpp"
#include "ui/strings.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::ui {

// The slots to offer, in FEED's order (by start time). SERVICE is the answer
// to the field's `service_from` choice: with a service, only the slots of
// that service; HAS_SERVICE_FROM false (the field names no choice) offers them all.
// Slots in BOOKED (booked at this kiosk: StoreWorker::booked_slots) are left
// out, except CHOSEN, the field's current answer: the resident filling the
// form keeps the slot they picked until they submit.
std::vector<const FeedSlot*> slots_to_offer(const std::vector<FeedSlot>& feed, bool has_service_from,
                                            std::string_view service, const std::set<std::string>& booked,
                                            std::string_view chosen);

const FeedSlot* find_slot(const std::vector<FeedSlot>& feed, std::string_view id);

// « mardi 1er décembre à 10 h 00 » (narrow no-break spaces around « h »);
// START as written when it is not "YYYY-MM-DDTHH:MM".
std::string slot_when(const FeedSlot& slot);
// The slot as an option and on the review: text `field.slot_line` of STRINGS
// (or the fallback) with {when}, {minutes}, {agency}, {title}.
std::string slot_line(const Strings* strings, const FeedSlot& slot);

}  // namespace guichet::ui
