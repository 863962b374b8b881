// The Markdown dialect of pack pages (docs/content-format.md §4.2), shared by
// the build-time checker and the kiosk's renderer so that what staff check is
// what residents see. Include only where md4c is linked.
#pragma once

#include <md4c.h>

namespace guichet::pack {

// CommonMark with tables, strikethrough and task lists. No autolinks: an
// address written as text stays text (the kiosk is offline). Raw HTML is text.
inline constexpr unsigned kMarkdownFlags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_NOHTML;

}  // namespace guichet::pack
