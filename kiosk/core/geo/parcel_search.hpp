// Finding a parcel by its cadastral reference, as written on a tax notice or
// a deed: "AB 37", "ab0037", "section AB n° 37", "0A 12", "A12". Sections
// compare without leading zeros ("0A" = "A"), numbers by value ("0037" = 37).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace guichet::geo {

class MapLayer;

struct ParcelReference {
    std::string section;  // upper case, no leading zeros: "AB", "A"
    long number = 0;      // 0 when only the section was given
};

// Nothing when the text is not a reference.
std::optional<ParcelReference> parse_parcel_reference(std::string_view text);

class ParcelIndex {
public:
    // From a parcel layer with the fields "section" and "numero".
    explicit ParcelIndex(const MapLayer& layer);
    // Features matching REFERENCE (several when the layer spans several
    // communes or prefixes); with only a section, its parcels up to LIMIT,
    // by number (« AE 13, AE 17, AE 18… »).
    std::vector<std::uint32_t> find(std::string_view reference, std::size_t limit = 50) const;
    // How many features find() would give without a limit.
    std::size_t count(std::string_view reference) const;

private:
    const std::vector<std::uint32_t>* matches(std::string_view reference) const;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_key_;      // "AB/37"
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_section_;  // "AB"
};

}  // namespace guichet::geo
