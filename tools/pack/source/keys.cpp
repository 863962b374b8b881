#include "keys.hpp"

#include "messages.hpp"

#include <algorithm>
#include <map>

namespace guichet::packsrc {

int edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}

std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates) {
    const int limit = word.size() <= 4 ? 1 : word.size() <= 9 ? 2 : 3;
    std::string best;
    int best_distance = limit + 1;
    for (std::string_view c : candidates) {
        const int d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(c);
        }
    }
    return best;
}

void check_keys(const YAML::Node& map, const std::vector<std::string_view>& allowed, const YamlContext& ctx,
                const std::string& what, const std::function<std::string(std::string_view)>& elsewhere) {
    if (!map.IsMap()) return;
    std::map<std::string, int> seen;  // key -> line of its first occurrence
    for (const auto& kv : map) {
        const YAML::Node& key = kv.first;
        if (!key.IsScalar()) {
            ctx.error(key, msg("a key must be a single word, such as 'title'"));
            continue;
        }
        const std::string& k = key.Scalar();
        if (auto [it, fresh] = seen.emplace(k, ctx.line(key)); !fresh) {
            ctx.error(key, msg("key '{1}' is written twice in {2} (first at line {3}): keep one", {k, what, std::to_string(it->second)}));
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
        if (elsewhere)
            if (std::string where = elsewhere(k); !where.empty()) {
                ctx.error(key, msg("key '{1}' does not apply to {2}: it is for {3}", {k, what, where}));
                continue;
            }
        std::string list;
        for (std::string_view a : allowed) list += std::string(list.empty() ? "" : ", ") + std::string(a);
        if (std::string near = nearest(k, allowed); !near.empty()) {
            ctx.error(key, msg("unknown key '{1}' in {2}: did you mean '{3}'?", {k, what, near}));
            if (!map[near]) ctx.diags->mistyped(ctx.file, ctx.line(map), ctx.column(map), near);
        }
        else
            ctx.error(key, msg("unknown key '{1}' in {2}; the keys are: {3}", {k, what, list}));
    }
}

}  // namespace guichet::packsrc
