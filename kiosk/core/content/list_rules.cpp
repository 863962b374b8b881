#include "content/list_rules.hpp"

#include "content/french_dates.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace guichet::content {

namespace {

std::string field(const PageInfo& p, const char* key) {
    auto it = p.fields.find(key);
    return it == p.fields.end() ? std::string() : it->second;
}

bool is_iso_date(const std::string& s) {
    int y = 0, m = 0, d = 0;
    return s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 &&
           d <= 31;
}

// ISO dates compare as strings.
bool within(const std::string& from, const std::string& today, const std::string& until) {
    return is_iso_date(from) && is_iso_date(until) && from <= today && today <= until;
}

}  // namespace

bool is_list_kind(const std::string& kind) {
    return kind == "association" || kind == "event" || kind == "legal_notice" || kind == "job_offer";
}

bool shown_on(const PageInfo& p, const std::string& today) {
    if (p.kind == "legal_notice") return within(field(p, "display_from"), today, field(p, "display_until"));
    if (p.kind == "job_offer") return within(field(p, "posted"), today, field(p, "expires"));
    if (p.kind == "event") {
        const std::string last = field(p, "date_end").empty() ? field(p, "date_start") : field(p, "date_end");
        return is_iso_date(last) && today <= last;
    }
    return true;
}

std::optional<Withheld> withheld_on(const PageInfo& p, const std::string& today) {
    if (p.kind != "legal_notice" || today.empty() || shown_on(p, today)) return std::nullopt;
    const std::string from = field(p, "display_from"), until = field(p, "display_until");
    if (!is_iso_date(from) || !is_iso_date(until)) return Withheld{"page.withheld", {}};
    if (today < from) return Withheld{"page.not_yet", french_date(from)};
    // « n’est plus affiché depuis le » the day after its last day.
    int y = 0, m = 0, d = 0;
    std::sscanf(until.c_str(), "%4d-%2d-%2d", &y, &m, &d);
    const std::chrono::year_month_day next{std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::days{1}};
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02u-%02u", static_cast<int>(next.year()), static_cast<unsigned>(next.month()),
                  static_cast<unsigned>(next.day()));
    return Withheld{"page.expired", french_date(iso)};
}

std::string facet_of(const PageInfo& p) {
    if (p.kind == "association") return field(p, "domain");
    if (p.kind == "job_offer") {
        const std::string c = field(p, "contract");
        return c.substr(0, c.find(' '));
    }
    if (p.kind == "event") {
        const std::string start = field(p, "date_start");
        if (!is_iso_date(start)) return {};
        const int m = std::stoi(start.substr(5, 2));
        return std::string(french_month(m)) + " " + start.substr(0, 4);
    }
    return {};
}

std::string fold_for_search(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        // Two-byte UTF-8 for Latin-1 and Latin Extended-A: map to the base letter.
        if ((c == 0xC3 || c == 0xC5) && i + 1 < s.size()) {
            ++i;
            static const std::pair<const char*, const char*> groups[] = {
                {"\xC3\xA0\xC3\xA1\xC3\xA2\xC3\xA3\xC3\xA4\xC3\xA5\xC3\x80\xC3\x81\xC3\x82\xC3\x83\xC3\x84\xC3\x85", "a"},
                {"\xC3\xA7\xC3\x87", "c"},
                {"\xC3\xA8\xC3\xA9\xC3\xAA\xC3\xAB\xC3\x88\xC3\x89\xC3\x8A\xC3\x8B", "e"},
                {"\xC3\xAC\xC3\xAD\xC3\xAE\xC3\xAF\xC3\x8C\xC3\x8D\xC3\x8E\xC3\x8F", "i"},
                {"\xC3\xB1\xC3\x91", "n"},
                {"\xC3\xB2\xC3\xB3\xC3\xB4\xC3\xB5\xC3\xB6\xC3\x92\xC3\x93\xC3\x94\xC3\x95\xC3\x96", "o"},
                {"\xC3\xB9\xC3\xBA\xC3\xBB\xC3\xBC\xC3\x99\xC3\x9A\xC3\x9B\xC3\x9C", "u"},
                {"\xC3\xBD\xC3\xBF\xC3\x9D\xC5\xB8", "y"},
                {"\xC5\x93\xC5\x92", "oe"},
                {"\xC3\xA6\xC3\x86", "ae"},
            };
            const char pair[3] = {static_cast<char>(c), s[i], 0};
            bool mapped = false;
            for (const auto& [letters, base] : groups) {
                if (std::string_view(letters).find(pair) != std::string_view::npos) {
                    out += base;
                    mapped = true;
                    break;
                }
            }
            if (!mapped) out.append(pair, 2);
            continue;
        }
        // Typographic apostrophe (’) searches as '.
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            static_cast<unsigned char>(s[i + 2]) == 0x99) {
            out += '\'';
            i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

bool matches_query(const PageInfo& p, const std::string& query) {
    const std::string haystack = fold_for_search(p.title + "\n" + field(p, "summary") + "\n" + field(p, "place") + "\n" +
                                                 field(p, "employer") + "\n" + field(p, "contract") + "\n" +
                                                 field(p, "domain"));
    const std::string q = fold_for_search(query);
    std::size_t i = 0;
    while (i < q.size()) {
        while (i < q.size() && q[i] == ' ') ++i;
        std::size_t j = i;
        while (j < q.size() && q[j] != ' ') ++j;
        if (j > i && haystack.find(q.substr(i, j - i)) == std::string::npos) return false;
        i = j;
    }
    return true;
}

std::vector<const PageInfo*> list_entries(const PackContent& c, const MenuItem& menu, const std::string& today,
                                          const std::map<std::string, PageInfo>& feed_pages) {
    std::vector<const PageInfo*> out;
    bool jobs = false, events = false;  // whether the rubrique lists job offers, events (shown today or not)
    for (const MenuItem& child : menu.children) {
        const PageInfo* p = c.page(child.page);
        if (p == nullptr) continue;
        jobs = jobs || p->kind == "job_offer";
        events = events || p->kind == "event";
        if (is_list_kind(p->kind) && shown_on(*p, today)) out.push_back(p);
    }
    // The signed feeds' entries of the same kinds (docs/feeds.md §7), under the same rules.
    for (const auto& [path, p] : feed_pages) {
        if (((p.kind == "job_offer" && jobs) || (p.kind == "event" && events)) && shown_on(p, today)) out.push_back(&p);
    }
    std::stable_sort(out.begin(), out.end(), [](const PageInfo* a, const PageInfo* b) {
        if (a->kind != b->kind) return a->kind < b->kind;
        if (a->kind == "event") return field(*a, "date_start") < field(*b, "date_start");
        if (a->kind == "legal_notice") return field(*a, "display_from") > field(*b, "display_from");
        if (a->kind == "job_offer") return field(*a, "posted") > field(*b, "posted");
        return fold_for_search(a->title) < fold_for_search(b->title);
    });
    return out;
}

std::vector<std::string> facets(const std::vector<const PageInfo*>& entries) {
    std::vector<std::string> out;
    for (const PageInfo* p : entries) {
        std::string f = facet_of(*p);
        if (!f.empty() && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
    }
    return out;
}

}  // namespace guichet::content
