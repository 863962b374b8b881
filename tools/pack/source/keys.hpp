// Strict keys: staff mistype them (`requred: true`), and a key nobody reads
// silently does nothing. Every mapping of a content source is checked against
// the keys it may hold; an unknown key is an error at its line and column,
// with the nearest known key as a « did you mean ».
#pragma once

#include "yaml_util.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::packsrc {

// Levenshtein distance, counting a swap of two neighbours as one edit (bytes).
int edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to WORD when it is near enough to be a typo
// (1 edit up to 4 letters, 2 up to 9, 3 beyond); else "".
std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates);

// Reports each key of MAP that is not in ALLOWED, and each key written twice
// (naming the first's line). WHAT names the mapping ("pack.yaml", "this field").
// ELSEWHERE(key), when given, names where a key that is not allowed here does
// apply ("choice, multi_choice"): the message then says so instead of "unknown".
void check_keys(const YAML::Node& map, const std::vector<std::string_view>& allowed, const YamlContext& ctx,
                const std::string& what, const std::function<std::string(std::string_view)>& elsewhere = {});

}  // namespace guichet::packsrc
