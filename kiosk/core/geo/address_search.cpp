#include "geo/address_search.hpp"

#include "geo/layer.hpp"
#include "geo/text_fold.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace guichet::geo {

namespace {

constexpr std::size_t kMaxQueryWords = 8;
constexpr std::uint8_t kNoMatch = 255;

bool is_stopword(std::string_view w) {
    static const std::unordered_set<std::string_view> kStop = {"de", "du", "des", "la", "le", "les", "l", "d",
                                                              "a", "au", "aux", "en", "et", "sur", "sous"};
    return kStop.count(w) > 0;
}

std::string expand_abbreviation(const std::string& w) {
    static const std::unordered_map<std::string, std::string> kAbbrev = {
        {"av", "avenue"}, {"ave", "avenue"}, {"bd", "boulevard"}, {"bld", "boulevard"}, {"bvd", "boulevard"},
        {"r", "rue"},     {"pl", "place"},   {"ch", "chemin"},    {"che", "chemin"},    {"chem", "chemin"},
        {"imp", "impasse"}, {"rte", "route"}, {"all", "allee"},   {"sq", "square"},     {"fg", "faubourg"},
        {"st", "saint"},  {"ste", "sainte"}, {"gal", "general"},  {"mal", "marechal"},  {"pdt", "president"},
        {"crs", "cours"}, {"lot", "lotissement"}, {"res", "residence"}, {"qu", "quai"}, {"hab", "hameau"}};
    auto it = kAbbrev.find(w);
    return it == kAbbrev.end() ? w : it->second;
}

bool all_digits(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_suffix_word(std::string_view w) {
    return w == "bis" || w == "ter" || w == "quater" || w == "quinquies" || (w.size() == 1 && w[0] >= 'b' && w[0] <= 'z' && w != "l" && w != "d");
}

long number_value(std::string_view n) {
    long v = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    return ec == std::errc() ? v : 0;
}

std::vector<std::string> meaningful_words(std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : search_words(text))
        if (!is_stopword(w)) out.push_back(expand_abbreviation(w));
    return out;
}

}  // namespace

AddressIndex::AddressIndex(std::vector<AddressRecord> records) : records_(std::move(records)) {
    std::map<std::string, std::uint32_t> street_by_key;
    std::unordered_map<std::string, std::uint32_t> ids;
    auto id_of = [&](const std::string& w) {
        auto [it, added] = ids.emplace(w, static_cast<std::uint32_t>(words_.size()));
        if (added) words_.push_back(w), streets_by_word_.emplace_back();
        return it->second;
    };
    for (std::uint32_t i = 0; i < records_.size(); ++i) {
        const AddressRecord& r = records_[i];
        std::string key = fold_for_search(r.street) + '|' + r.postcode + '|' + fold_for_search(r.commune);
        auto [it, added] = street_by_key.emplace(key, static_cast<std::uint32_t>(streets_.size()));
        if (added) {
            Street s;
            for (auto& w : meaningful_words(r.street)) s.words.push_back(id_of(w));
            for (auto& w : meaningful_words(r.commune)) s.commune_words.push_back(id_of(w));
            s.postcode = r.postcode;
            std::unordered_set<std::uint32_t> unique(s.words.begin(), s.words.end());
            unique.insert(s.commune_words.begin(), s.commune_words.end());
            for (auto w : unique) streets_by_word_[w].push_back(static_cast<std::uint32_t>(streets_.size()));
            streets_.push_back(std::move(s));
        }
        streets_[it->second].addresses.push_back(i);
    }
    for (auto& s : streets_)
        std::sort(s.addresses.begin(), s.addresses.end(), [&](std::uint32_t a, std::uint32_t b) {
            long na = number_value(records_[a].number), nb = number_value(records_[b].number);
            return na != nb ? na < nb : records_[a].suffix < records_[b].suffix;
        });
}

AddressIndex AddressIndex::from_layer(const MapLayer& layer) {
    std::vector<AddressRecord> records;
    records.reserve(layer.feature_count());
    auto field = [&](const char* name) { return layer.field_index(name); };
    auto numero = field("numero"), rep = field("rep"), voie = field("nom_voie"), cp = field("code_postal"), commune = field("nom_commune");
    for (std::uint32_t f = 0; f < layer.feature_count(); ++f) {
        auto get = [&](std::optional<std::size_t> i) { return i ? std::string(layer.attribute(f, *i)) : std::string(); };
        records.push_back({get(numero), get(rep), get(voie), get(cp), get(commune), layer.point(f)});
    }
    return AddressIndex(std::move(records));
}

std::vector<AddressMatch> AddressIndex::search(std::string_view query, std::size_t limit) const {
    std::vector<std::string> words = search_words(query);
    std::string number, suffix, postcode;
    std::size_t first = 0;
    if (!words.empty()) {
        // "12", "12b", "12bis" or "12 bis" at the start is the house number.
        const std::string& w = words[0];
        std::size_t digits = 0;
        while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9') ++digits;
        if (digits > 0 && digits <= 4 && (digits == w.size() || is_suffix_word(w.substr(digits)))) {
            number = w.substr(0, digits);
            suffix = w.substr(digits);
            first = 1;
            if (suffix.empty() && words.size() > 1 && is_suffix_word(words[1]) && words.size() > 2) suffix = words[1], first = 2;
        }
    }
    std::vector<std::string> terms;
    for (std::size_t i = first; i < words.size(); ++i) {
        if (words[i].size() == 5 && all_digits(words[i])) postcode = words[i];
        else if (!is_stopword(words[i]) && terms.size() < kMaxQueryWords) terms.push_back(expand_abbreviation(words[i]));
    }
    if (terms.empty()) return {};

    // Cost of each query term against each street: the best of its words.
    std::vector<std::uint8_t> cost(streets_.size() * terms.size(), kNoMatch);
    std::vector<std::uint32_t> touched;
    std::vector<std::unordered_set<std::uint32_t>> matched_words(terms.size());
    for (std::size_t t = 0; t < terms.size(); ++t) {
        const std::string& q = terms[t];
        bool last = t + 1 == terms.size();
        int typo_limit = q.size() >= 8 ? 2 : q.size() >= 5 ? 1 : 0;
        for (std::uint32_t w = 0; w < words_.size(); ++w) {
            const std::string& d = words_[w];
            int c = kNoMatch;
            if (d == q) c = 0;
            else if (last && d.starts_with(q)) c = q.size() >= 3 ? 1 : 2;
            else if (typo_limit > 0) {
                int dist = bounded_edit_distance(q, d, typo_limit);
                if (dist <= typo_limit) c = 3 * dist;
            }
            if (c == kNoMatch) continue;
            matched_words[t].insert(w);
            for (auto s : streets_by_word_[w]) {
                auto& slot = cost[s * terms.size() + t];
                if (t == 0 && slot == kNoMatch) touched.push_back(s);  // every street must match term 0
                slot = std::min<std::uint8_t>(slot, static_cast<std::uint8_t>(c));
            }
        }
    }

    std::vector<AddressMatch> out;
    for (auto s : touched) {
        const Street& street = streets_[s];
        if (!postcode.empty() && street.postcode != postcode) continue;
        int total = 0;
        bool all = true;
        for (std::size_t t = 0; t < terms.size() && all; ++t) {
            std::uint8_t c = cost[s * terms.size() + t];
            all = c != kNoMatch;
            total += c * 10;
        }
        if (!all) continue;
        // Prefer the street whose name the query covers best ("rue de la gare"
        // before "rue de la gare de triage").
        for (auto w : street.words)
            if (std::none_of(matched_words.begin(), matched_words.end(), [&](const auto& set) { return set.count(w) > 0; })) total += 1;
        AddressMatch m{street.addresses.front(), total, false};
        if (!number.empty()) {
            long wanted = number_value(number);
            long best_gap = -1;
            for (auto a : street.addresses) {
                const AddressRecord& r = records_[a];
                long gap = std::labs(number_value(r.number) - wanted);
                bool same = gap == 0 && fold_for_search(r.suffix) == suffix;
                if (same) {
                    m.address = a, m.exact_number = true, best_gap = 0;
                    break;
                }
                if (best_gap < 0 || gap < best_gap) best_gap = gap, m.address = a;
            }
            if (!m.exact_number) m.cost += 5;
        }
        out.push_back(m);
    }
    std::sort(out.begin(), out.end(), [&](const AddressMatch& a, const AddressMatch& b) {
        if (a.cost != b.cost) return a.cost < b.cost;
        return a.address < b.address;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

std::string AddressIndex::label(std::uint32_t i) const {
    const AddressRecord& r = records_[i];
    std::string s = r.number;
    if (!r.suffix.empty()) s += (s.empty() ? "" : " ") + r.suffix;
    if (!s.empty()) s += ' ';
    s += r.street + ", " + r.postcode + ' ' + r.commune;
    return s;
}

}  // namespace guichet::geo
