// Offline address search: "12 rue de l'eglise anor" finds « 12 Rue de
// l’Église, 59186 Anor » whatever the accents, case or small typos.
//
// Built once from the address points (a BAN layer), in memory. A query is a
// house number (with bis/ter…), words of the street name, optionally the
// commune and postcode, in any order after the number. Each word must match a
// word of the street or commune: exactly, as a prefix when it is the last word
// (the resident is still typing), or within an edit distance of 1 (5 to 7
// letters) or 2 (8 letters and more). Common abbreviations are expanded
// (av → avenue, bd → boulevard, st → saint…).
#pragma once

#include "geo/geometry.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::geo {

class MapLayer;

struct AddressRecord {
    std::string number;  // "12"
    std::string suffix;  // "bis", "B", … or empty
    std::string street;  // "Rue de l’Église"
    std::string postcode;
    std::string commune;
    Point position;      // Web Mercator
};

struct AddressMatch {
    std::uint32_t address = 0;  // index in the records
    int cost = 0;               // lower is better; 0 is an exact match
    bool exact_number = false;  // the house number asked for exists on that street
};

class AddressIndex {
public:
    explicit AddressIndex(std::vector<AddressRecord> records);
    // From a point layer with the BAN fields numero, rep, nom_voie, code_postal, nom_commune.
    static AddressIndex from_layer(const MapLayer& layer);

    // Best first, at most LIMIT, one result per street. A number that does not
    // exist on a street gives its nearest number (exact_number = false).
    std::vector<AddressMatch> search(std::string_view query, std::size_t limit = 10) const;

    const AddressRecord& record(std::uint32_t i) const { return records_[i]; }
    std::size_t size() const { return records_.size(); }
    std::size_t street_count() const { return streets_.size(); }
    // « 12 bis Rue de l’Église, 59186 Anor »
    std::string label(std::uint32_t i) const;

private:
    struct Street {
        std::vector<std::uint32_t> words;      // word ids of the street name
        std::vector<std::uint32_t> commune_words;
        std::string postcode;
        std::vector<std::uint32_t> addresses;  // sorted by number
    };
    std::vector<AddressRecord> records_;
    std::vector<Street> streets_;
    std::vector<std::string> words_;                          // dictionary
    std::vector<std::vector<std::uint32_t>> streets_by_word_;  // word id -> streets (name or commune)
};

}  // namespace guichet::geo
