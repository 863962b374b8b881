// The kiosk's reader of the signed feeds the sync agent fetched
// (docs/feeds.md §7): job offers and events become information-list entries,
// appointment slots a list of their own. Reads files and checks signatures:
// call it on a worker, never on the UI thread. No UI, no content.hpp: an entry
// carries exactly PageInfo's list fields (path, title, kind, fields), so the
// list model can take it as a page with no body.
#pragma once

#include "crypto/minisign.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace guichet::ui {

struct FeedEntry {
    std::string path;   // "feed:jobs/<id>": never a pack path
    std::string title;
    std::string kind;   // "job_offer" or "event", as list_model.hpp expects
    std::map<std::string, std::string> fields;  // posted, expires, contract, employer, place, summary / date_start…
};

struct FeedSlot {  // « Rendez-vous en visio » with a partner agency
    std::string id, title, agency;
    std::string start;  // "YYYY-MM-DDTHH:MM", the town hall's local time
    int duration_min = 0;
    std::string place, summary, contact;
    std::string service;  // optional: the option value of a form's service choice (docs/feeds.md §2)
};

struct FeedContent {
    std::vector<FeedEntry> entries;      // job offers then events, in the feed's order
    std::vector<FeedSlot> slots;         // by start time; slots already begun at NOW_LOCAL are left out
    std::vector<std::string> problems;   // one line per feed file skipped (English, for the staff screen and logs)
    std::map<std::string, std::uint64_t> versions;  // kind → version of each feed read
};

// Reads STATE_DIR/feeds/{jobs,events,slots}.gfd. Each must verify with KEYS
// (the kiosk's trusted pack keys), be of its kind and not be expired at NOW
// (Unix seconds); a missing file is no problem, a bad one is skipped whole.
// NOW_LOCAL ("YYYY-MM-DDTHH:MM") hides past slots; empty keeps them all.
FeedContent load_feeds(const std::filesystem::path& state_dir, const crypto::KeyRing& keys, std::int64_t now,
                       const std::string& now_local = "");

}  // namespace guichet::ui
