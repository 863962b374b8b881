// The kiosk's information lists: the rules are the core's (content/list_rules.hpp,
// shared with the website export); this adds only the kiosk's Content, whose
// feed entries join the rubriques listing job offers or events.
#pragma once

#include "content/list_rules.hpp"
#include "ui/content.hpp"
#include "ui/french_dates.hpp"

namespace guichet::ui {

using content::facet_of;
using content::facets;
using content::fold_for_search;
using content::is_list_kind;
using content::matches_query;
using content::shown_on;
using content::withheld_on;
using content::Withheld;

// The rubrique MENU's list entries shown on TODAY, the signed feeds' included (content::list_entries).
inline std::vector<const PageInfo*> list_entries(const Content& c, const MenuItem& menu, const std::string& today) {
    return content::list_entries(*c.pack, menu, today, c.feed_pages);
}

}  // namespace guichet::ui
