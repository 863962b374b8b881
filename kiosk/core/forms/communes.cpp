#include "forms/communes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace guichet::forms {

Result<CommuneDirectory> CommuneDirectory::from_json(std::string_view text) {
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_array()) return fail("communes: not a JSON array");
    CommuneDirectory dir;
    dir.communes_.reserve(j.size());
    for (const auto& c : j) {
        if (!c.is_object() || !c.contains("insee") || !c["insee"].is_string() || !c.contains("nom") ||
            !c["nom"].is_string() || !c.contains("cp") || !c["cp"].is_array())
            return fail("communes: entry " + std::to_string(dir.communes_.size()) + " lacks insee, nom or cp");
        Commune commune{c["insee"].get<std::string>(), c["nom"].get<std::string>(), {}};
        for (const auto& cp : c["cp"]) {
            if (!cp.is_string()) return fail("communes: postal code of " + commune.insee + " is not text");
            commune.postal_codes.push_back(cp.get<std::string>());
        }
        dir.communes_.push_back(std::move(commune));
    }
    std::sort(dir.communes_.begin(), dir.communes_.end(), [](const auto& a, const auto& b) { return a.insee < b.insee; });
    for (std::size_t i = 0; i < dir.communes_.size(); ++i) {
        if (i > 0 && dir.communes_[i].insee == dir.communes_[i - 1].insee)
            return fail("communes: INSEE code " + dir.communes_[i].insee + " appears twice");
        for (const auto& cp : dir.communes_[i].postal_codes) dir.by_postal_.emplace_back(cp, i);
    }
    std::sort(dir.by_postal_.begin(), dir.by_postal_.end());
    return dir;
}

const Commune* CommuneDirectory::by_insee(std::string_view insee) const {
    auto it = std::lower_bound(communes_.begin(), communes_.end(), insee,
                               [](const Commune& c, std::string_view key) { return c.insee < key; });
    return it != communes_.end() && it->insee == insee ? &*it : nullptr;
}

std::vector<const Commune*> CommuneDirectory::by_postal_code(std::string_view postal_code) const {
    std::vector<const Commune*> out;
    auto it = std::lower_bound(by_postal_.begin(), by_postal_.end(), postal_code,
                               [](const auto& entry, std::string_view key) { return entry.first < key; });
    for (; it != by_postal_.end() && it->first == postal_code; ++it) out.push_back(&communes_[it->second]);
    return out;
}

bool CommuneDirectory::postal_code_matches(std::string_view postal_code, std::string_view insee) const {
    const Commune* c = by_insee(insee);
    return c && std::find(c->postal_codes.begin(), c->postal_codes.end(), postal_code) != c->postal_codes.end();
}

}  // namespace guichet::forms
