// Form definitions (démarches): the structural checks done when a pack is
// built. The full schema (expressions, validators) is in docs/forms.md.
#pragma once

#include "yaml_util.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <map>
#include <set>
#include <string>

namespace guichet::packsrc {

inline constexpr const char* kFieldTypes[] = {
    "text", "long_text", "integer", "decimal", "date", "yes_no", "choice", "multi_choice", "email", "phone", "commune",
    "address", "iban", "bic", "nir", "siret", "siren", "group", "attachment", "signature", "info", "heading", "computed", "slot"};

// A recipient's SEPA creditor (pack.yaml recipients[].sepa_creditor, docs/sepa.md §1).
struct SepaCreditor {
    std::string ics;  // checked, compact; empty when pack.yaml's is wrong (reported there)
    std::string name;
};

struct FormContext {
    std::string expected_id;                 // from the file name
    const std::set<std::string>* recipients;  // ids that have a public key
    std::function<bool(const std::string&)> page_exists;  // pack-relative path
    bool has_communes = false;  // the pack has the official commune list (data/communes-france.json)
    const std::map<std::string, SepaCreditor>* sepa_creditors = nullptr;  // by recipient id
};

// Returns the form as JSON, or nothing when it has errors (reported in CTX).
std::optional<nlohmann::json> check_form(const YAML::Node& form, const YamlContext& ctx, const FormContext& fc);

bool is_snake_case_id(const std::string& id);

}  // namespace guichet::packsrc
