#include "geo/parcel_search.hpp"

#include "geo/layer.hpp"
#include "geo/text_fold.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>

namespace guichet::geo {

namespace {

std::string canonical_section(std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    while (out.size() > 1 && out[0] == '0') out.erase(0, 1);
    return out;
}

std::string key(const std::string& section, long number) { return section + '/' + std::to_string(number); }

}  // namespace

std::optional<ParcelReference> parse_parcel_reference(std::string_view text) {
    std::string joined;
    for (auto& w : search_words(text))
        if (w != "section" && w != "parcelle" && w != "numero" && w != "n" && w != "no" && w != "cadastre") joined += w;
    // One or two section characters (a leading 0 allowed: "0A"), then digits.
    std::size_t i = 0;
    if (i < joined.size() && joined[i] == '0' && i + 1 < joined.size() && std::isalpha(static_cast<unsigned char>(joined[i + 1]))) ++i;
    std::size_t letters_start = i;
    while (i < joined.size() && std::isalpha(static_cast<unsigned char>(joined[i]))) ++i;
    std::size_t letters = i - letters_start;
    if (letters < 1 || letters > 2) return std::nullopt;
    ParcelReference ref{canonical_section(joined.substr(letters_start, letters)), 0};
    if (i == joined.size()) return ref;
    std::string_view digits(joined.data() + i, joined.size() - i);
    if (digits.size() > 4 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    std::from_chars(digits.data(), digits.data() + digits.size(), ref.number);
    if (ref.number == 0) return std::nullopt;
    return ref;
}

ParcelIndex::ParcelIndex(const MapLayer& layer) {
    auto section_field = layer.field_index("section"), number_field = layer.field_index("numero");
    if (!section_field || !number_field) return;
    std::vector<long> numbers;
    numbers.reserve(layer.feature_count());
    for (std::uint32_t f = 0; f < layer.feature_count(); ++f) {
        std::string section = canonical_section(layer.attribute(f, *section_field));
        std::string_view n = layer.attribute(f, *number_field);
        long number = 0;
        std::from_chars(n.data(), n.data() + n.size(), number);
        by_key_[key(section, number)].push_back(f);
        by_section_[section].push_back(f);
        numbers.push_back(number);
    }
    // A section's parcels by number, as a resident reads a list (the layer has them in the source's order).
    for (auto& [section, features] : by_section_)
        std::stable_sort(features.begin(), features.end(), [&](std::uint32_t a, std::uint32_t b) { return numbers[a] < numbers[b]; });
}

const std::vector<std::uint32_t>* ParcelIndex::matches(std::string_view reference) const {
    auto ref = parse_parcel_reference(reference);
    if (!ref) return nullptr;
    const auto& table = ref->number ? by_key_ : by_section_;
    auto it = table.find(ref->number ? key(ref->section, ref->number) : ref->section);
    return it == table.end() ? nullptr : &it->second;
}

std::size_t ParcelIndex::count(std::string_view reference) const {
    const auto* m = matches(reference);
    return m == nullptr ? 0 : m->size();
}

std::vector<std::uint32_t> ParcelIndex::find(std::string_view reference, std::size_t limit) const {
    const auto* m = matches(reference);
    if (m == nullptr) return {};
    return {m->begin(), m->begin() + static_cast<std::ptrdiff_t>(std::min(limit, m->size()))};
}

}  // namespace guichet::geo
