// The official list of French communes and their postal codes, as compiled
// into a pack (data/communes.json) from the Etalab/La Poste open data.
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace guichet::forms {

struct Commune {
    std::string insee;  // code officiel géographique, e.g. "59012"; Corsica "2A004"
    std::string name;   // "Anor"
    std::vector<std::string> postal_codes;  // e.g. {"59186"}
};

class CommuneDirectory {
public:
    // JSON: [{"insee":"59012","nom":"Anor","cp":["59186"]}, …]
    static Result<CommuneDirectory> from_json(std::string_view json);

    const Commune* by_insee(std::string_view insee) const;
    std::vector<const Commune*> by_postal_code(std::string_view postal_code) const;
    bool postal_code_matches(std::string_view postal_code, std::string_view insee) const;
    std::size_t size() const { return communes_.size(); }

private:
    std::vector<Commune> communes_;  // sorted by insee
    std::vector<std::pair<std::string, std::size_t>> by_postal_;  // (postal code, index), sorted
};

}  // namespace guichet::forms
