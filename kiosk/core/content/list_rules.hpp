// Information lists (associations, events, legal notices, job offers): which
// pages of a rubrique are list entries, which are shown on a given day, their
// order, the filter chips and the accent-insensitive search. The kiosk's list
// screens (ui/list_model.hpp) and the website export (tools/pack/site) share
// these rules, so a notice is shown on the site exactly when a kiosk shows it.
//
// The data comes from the pack's catalog.json (docs/content-format.md §4.1
// and §6): every page's front matter, so "kind", "summary" and the dates.
#pragma once

#include "content/pack_content.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::content {

// association, event, legal_notice or job_offer.
bool is_list_kind(const std::string& kind);

// Whether PAGE is shown on TODAY ("YYYY-MM-DD"): a legal notice only during
// its display period (display_from ≤ today ≤ display_until), a job offer from
// posted to expires, an event until its last day (date_end, else date_start);
// associations and plain pages always. A date that is missing or malformed
// hides a dated entry rather than show it outside its period.
bool shown_on(const PageInfo& page, const std::string& today);

// The chip an entry belongs to: an association's domain, a job offer's kind
// of contract (its first word: "CDD", "CDI"…), an event's month ("décembre
// 2026"); "" for legal notices.
std::string facet_of(const PageInfo& page);

// Lower case without accents (é → e, Œ → oe, ç → c), for searching and sorting.
std::string fold_for_search(std::string_view text);

// True when every word of QUERY appears (folded) in the entry's title,
// summary, place, employer, contract or domain.
bool matches_query(const PageInfo& page, const std::string& query);

// The rubrique MENU's list entries shown on TODAY, in the order residents
// expect (events by date, notices and offers newest first, associations by
// name). Empty when the rubrique has none. A rubrique listing job offers or
// events also lists FEED_PAGES' entries of that kind (the signed feeds' job
// offers and events as body-less pages, docs/feeds.md §7).
std::vector<const PageInfo*> list_entries(const PackContent& pack, const MenuItem& menu, const std::string& today,
                                          const std::map<std::string, PageInfo>& feed_pages = {});

// The distinct facets of ENTRIES, in order of first appearance.
std::vector<std::string> facets(const std::vector<const PageInfo*>& entries);

// Why PAGE, reached by a link or a menu, is withheld on TODAY instead of its
// content: a legal notice outside its display period. KEY is the text to show
// (strings "page.expired" with DATE the day after its last, "page.not_yet" with
// DATE its first, "page.withheld" when a date is missing or malformed).
struct Withheld {
    std::string key;
    std::string date;  // French ("7 décembre 2026")
};
std::optional<Withheld> withheld_on(const PageInfo& page, const std::string& today);

}  // namespace guichet::content
