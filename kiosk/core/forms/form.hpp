// A démarche definition as the kiosk reads it from a pack (forms/<id>.json,
// compiled from the staff's YAML; docs/forms.md). Plain data: expressions are
// kept as source text here and compiled by the checker.
#pragma once

#include "common/result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::forms {

enum class FieldType {
    text, long_text, integer, decimal, date, yes_no, choice, multi_choice, email, phone, commune, address,
    iban, bic, nir, siret, siren, group, attachment, signature, info, heading, computed,
    slot,  // an appointment slot from the kiosk's signed slots feed (docs/feeds.md)
};

std::optional<FieldType> field_type_from_name(std::string_view name);
std::string_view field_type_name(FieldType type);

struct Option {
    std::string value;
    std::string label;
};

struct Field {
    std::string id;
    FieldType type = FieldType::text;
    std::string label, help, placeholder;
    bool required = false;
    std::string show_if, require_if;  // expressions; empty when absent
    std::string expr;                 // computed fields
    std::string format;               // computed: "euros", …
    std::optional<double> min, max;
    std::optional<std::size_t> max_length;
    std::vector<Option> options;                 // choice, multi_choice
    std::vector<Field> fields;                   // group: the repeated fields
    std::size_t min_items = 0, max_items = 20;   // group
    std::vector<std::string> accept;             // attachment: jpeg, png, webp, pdf
    std::size_t max_size_kb = 3000;              // attachment
    std::string text;                            // info (Markdown)
    std::string service_from;                    // slot: the choice field whose value selects the slots' service
};

struct Section {
    std::string title;
    std::vector<Field> fields;
    std::string show_if;  // when false, every field of the section is hidden (so never required)
};

struct TableRow {
    double max = 0;
    double value = 0;
};

// A SEPA mandate form (docs/sepa.md §1): the kiosk gives the mandate its RUM
// when the démarche is sent; the pack tool copied the recipient's creditor here.
struct SepaMandate {
    std::string payment_type;  // id of the choice field: "recurrent" or "ponctuel"
    std::string ics;           // creditor identifier, checked at pack build
    std::string creditor;      // creditor name
};

struct Form {
    std::string id;
    int version = 0;
    std::string title, recipient, summary, page, note;
    std::vector<std::string> pieces;  // pièces à joindre
    std::vector<Section> sections;
    std::vector<std::pair<std::string, std::vector<TableRow>>> tables;
    std::optional<SepaMandate> sepa_mandate;

    static Result<Form> from_json(const nlohmann::json& j);
    // Every field, groups' inner fields after their group, in display order.
    std::vector<const Field*> all_fields() const;
    const Field* find(std::string_view field_id) const;
};

}  // namespace guichet::forms
