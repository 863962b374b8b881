// Anonymous usage counters for the town's evaluation (issue #18, docs/usage-stats.md).
// A count is keyed by (day, counter, item, index): the counter is one of a
// fixed list, the item a pack id (a démarche, page or rubrique id, or a
// setting's name), the index a small number (a step, a text size). Nothing
// else can be counted: add() refuses an item that is not an id, so a
// resident's answer, name or tracking code (upper case) cannot become a key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace guichet::usage {

enum class Counter {
    session,             // a session in which the resident left the home screen
    demarche_started,    // item: form id
    demarche_finished,   // item: form id (stored, receipt shown)
    demarche_abandoned,  // item: form id, index: the step reached (1-based; review = sections + 1)
    demarche_seconds,    // item: form id, value: seconds from start to receipt, summed over finished ones
    page_viewed,         // item: page id
    rubrique_viewed,     // item: rubrique (menu) id
    map_opened,          // item: the map rubrique's id
    setting_used,        // item: a Setting's name, index: the text size in % for text-size; once per session
};
inline constexpr Counter kCounters[] = {Counter::session,          Counter::demarche_started, Counter::demarche_finished,
                                        Counter::demarche_abandoned, Counter::demarche_seconds, Counter::page_viewed,
                                        Counter::rubrique_viewed,  Counter::map_opened,       Counter::setting_used};

std::string_view name(Counter c);  // "session", "demarche_started"… (wire and database)
std::optional<Counter> parse_counter(std::string_view name);
std::string_view label_fr(Counter c);  // for the report and CSV

// The display and access settings a session may turn on.
enum class Setting { high_contrast, text_size, low_reach, speech };
std::string_view name(Setting s);  // "high-contrast", "text-size", "low-reach", "speech"

// A pack id: 1–64 of [a-z0-9._-], starting with a letter or digit. Empty is
// allowed for counters without an item (session).
bool valid_item(std::string_view item);
// The item of a page: its pack path without "pages/" and ".md", '/' as '.'
// ("pages/vie-pratique/horaires.md" -> "vie-pratique.horaires"); a feed
// entry ("feed:jobs/<id>") counts as its feed ("feed.jobs"). "" when the
// result is not a valid item.
std::string page_item(std::string_view path);
// YYYY-MM-DD with a plausible month and day.
bool valid_day(std::string_view day);
// YYYY-MM.
bool valid_month(std::string_view month);
// The UTC calendar day of Unix time T, YYYY-MM-DD.
std::string day_of(std::int64_t t);

inline constexpr int kMaxIndex = 1000;
inline constexpr std::int64_t kMaxValue = 1'000'000'000;

struct Key {
    std::string day;
    Counter counter = Counter::session;
    std::string item;
    int index = 0;
    auto operator<=>(const Key&) const = default;
};

// Counts kept in memory (the kiosk's UI thread) before the store adds them to
// its daily totals.
class Tally {
public:
    // False (and nothing counted) when DAY, ITEM or INDEX is not valid, or N < 0.
    bool add(std::string_view day, Counter c, std::string_view item = {}, int index = 0, std::int64_t n = 1);
    const std::map<Key, std::int64_t>& counts() const { return counts_; }
    bool empty() const { return counts_.empty(); }
    void clear() { counts_.clear(); }
    void merge(const Tally& other);

private:
    std::map<Key, std::int64_t> counts_;
};

// One counter of one day, as stored and sent.
struct Count {
    Counter counter = Counter::session;
    std::string item;
    int index = 0;
    std::int64_t value = 0;
};

// A day's totals at one kiosk. GENERATION grows with each change of the day,
// so that the agent marks sent only what it sent.
struct DayCounts {
    std::string day;
    std::int64_t generation = 0;
    std::vector<Count> counts;
};

}  // namespace guichet::usage
