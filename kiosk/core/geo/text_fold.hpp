// Folding French text for search: lowercase ASCII letters and digits, accents
// removed (é → e, ç → c), ligatures expanded (œ → oe, æ → ae), every
// apostrophe, hyphen or punctuation mark turned into a single space.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet::geo {

// "Rue de l’Église-Saint-Éloi" → "rue de l eglise saint eloi". Invalid UTF-8
// bytes become spaces; letters outside Latin-1/Latin Extended-A are kept as is.
std::string fold_for_search(std::string_view text);

// The words of folded text, split on spaces.
std::vector<std::string> search_words(std::string_view text);

// Damerau–Levenshtein (optimal string alignment) distance when it is at most
// LIMIT, else LIMIT + 1; cheap for short words.
int bounded_edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace guichet::geo
