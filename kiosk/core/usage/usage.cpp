#include "usage/usage.hpp"

#include <ctime>

namespace guichet::usage {

std::string_view name(Counter c) {
    switch (c) {
        case Counter::session: return "session";
        case Counter::demarche_started: return "demarche_started";
        case Counter::demarche_finished: return "demarche_finished";
        case Counter::demarche_abandoned: return "demarche_abandoned";
        case Counter::demarche_seconds: return "demarche_seconds";
        case Counter::page_viewed: return "page_viewed";
        case Counter::rubrique_viewed: return "rubrique_viewed";
        case Counter::map_opened: return "map_opened";
        case Counter::setting_used: return "setting_used";
    }
    return "session";
}

std::optional<Counter> parse_counter(std::string_view n) {
    for (Counter c : kCounters)
        if (name(c) == n) return c;
    return std::nullopt;
}

std::string_view label_fr(Counter c) {
    switch (c) {
        case Counter::session: return "Sessions";
        case Counter::demarche_started: return "Démarches commencées";
        case Counter::demarche_finished: return "Démarches terminées";
        case Counter::demarche_abandoned: return "Démarches abandonnées (à l’étape indiquée)";
        case Counter::demarche_seconds: return "Durée des démarches terminées, en secondes";
        case Counter::page_viewed: return "Pages consultées";
        case Counter::rubrique_viewed: return "Rubriques consultées";
        case Counter::map_opened: return "Plans ouverts";
        case Counter::setting_used: return "Sessions avec le réglage";
    }
    return "";
}

std::string_view name(Setting s) {
    switch (s) {
        case Setting::high_contrast: return "high-contrast";
        case Setting::text_size: return "text-size";
        case Setting::low_reach: return "low-reach";
        case Setting::speech: return "speech";
    }
    return "";
}

bool valid_item(std::string_view item) {
    if (item.empty()) return true;
    if (item.size() > 64) return false;
    for (std::size_t i = 0; i < item.size(); ++i) {
        const char c = item[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) return false;
    }
    return true;
}

std::string page_item(std::string_view path) {
    std::string out;
    if (path.rfind("feed:", 0) == 0) {
        path.remove_prefix(5);
        out = "feed." + std::string(path.substr(0, path.find('/')));
    } else {
        if (path.rfind("pages/", 0) == 0) path.remove_prefix(6);
        if (path.size() > 3 && path.substr(path.size() - 3) == ".md") path.remove_suffix(3);
        out = std::string(path);
        for (char& c : out)
            if (c == '/') c = '.';
    }
    return valid_item(out) ? out : std::string();
}

namespace {

bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

int number(std::string_view s) {
    int n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return n;
}

}  // namespace

bool valid_month(std::string_view m) {
    if (m.size() != 7 || m[4] != '-' || !digits(m.substr(0, 4)) || !digits(m.substr(5, 2))) return false;
    const int month = number(m.substr(5, 2));
    return number(m.substr(0, 4)) >= 2000 && month >= 1 && month <= 12;
}

bool valid_day(std::string_view d) {
    if (d.size() != 10 || d[7] != '-' || !valid_month(d.substr(0, 7)) || !digits(d.substr(8, 2))) return false;
    const int day = number(d.substr(8, 2));
    return day >= 1 && day <= 31;
}

std::string day_of(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool Tally::add(std::string_view day, Counter c, std::string_view item, int index, std::int64_t n) {
    if (!valid_day(day) || !valid_item(item) || index < 0 || index > kMaxIndex || n < 0 || n > kMaxValue) return false;
    if (n == 0) return true;
    counts_[Key{std::string(day), c, std::string(item), index}] += n;
    return true;
}

void Tally::merge(const Tally& other) {
    for (const auto& [k, n] : other.counts_) counts_[k] += n;
}

}  // namespace guichet::usage
