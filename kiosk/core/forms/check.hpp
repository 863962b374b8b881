// Checking a filled démarche against its form: which fields are shown, which
// are required, whether each answer is valid, and the computed values. Used by
// the kiosk as the resident types, by `guichet-pack test-form`, and at build
// time (CompiledForm::compile) to refuse forms whose expressions are wrong.
//
// Filled data is JSON, one member per field id (docs/forms.md, "Filled data"):
// text-like answers as typed (strings), yes_no as true/false, multi_choice as
// a list of option values, commune as {"postal_code","insee"}, address as
// {"line1","line2","postal_code","insee"}, attachment as {"name","mime","size"},
// signature as a non-empty string, group as a list of objects.
#pragma once

#include "common/result.hpp"
#include "forms/communes.hpp"
#include "forms/expr/expr.hpp"
#include "forms/form.hpp"

#include <map>
#include <memory>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace guichet::forms {

// An expression of a form that does not parse or type-check.
struct FormExpressionError {
    std::string field_id;
    std::string attribute;  // "show_if", "require_if" or "expr"
    expr::ExprError error;
    int section = -1;       // a section's show_if (index in the form, from 0); field_id is then empty
    std::string to_string() const;  // "field 'x', show_if: 1:5: …"
};

struct FieldProblem {
    std::string path;     // "nom", or "enfants[2].enfant_nom" (items counted from 1)
    std::string label;    // as the resident sees it: "Enfant 2 — Nom de l’enfant"
    std::string message;  // French
};

struct CheckOutcome {
    std::vector<FieldProblem> problems;
    // The answers of the shown fields, normalised (IBAN grouped, dates ISO,
    // numbers with a dot…), plus the computed values: what is sealed and sent.
    nlohmann::json normalized = nlohmann::json::object();
    // Computed values formatted for display ("3,60 €"); empty when not computable.
    std::map<std::string, std::string> computed;
    std::vector<std::string> hidden;  // ids of fields not shown for these answers

    bool accepted() const { return problems.empty(); }
    CheckOutcome() = default;
    CheckOutcome(CheckOutcome&&) = default;
    CheckOutcome& operator=(CheckOutcome&&) = default;
    ~CheckOutcome();  // wipes the answers
};

class CompiledForm {
public:
    // Parses and type-checks every expression of FORM; all errors are reported.
    static Result<CompiledForm> compile(Form form, std::vector<FormExpressionError>* errors = nullptr);

    const Form& form() const { return *form_; }
    // COMMUNES may be null (postal code/commune agreement is then not checked).
    CheckOutcome check(const nlohmann::json& data, const CommuneDirectory* communes, expr::Date today) const;

    struct Compiled;

private:
    std::shared_ptr<const Form> form_;
    std::shared_ptr<const Compiled> compiled_;
};

// Zeroes every string in J (secure_wipe), then empties it: for drafts and
// any copy of a resident's answers.
void wipe_json(nlohmann::json& j);

// "3,60 €", "1 250,5", "05/12/2026": values as a French resident reads them.
std::string format_for_display(const expr::Value& value, const std::string& format);

}  // namespace guichet::forms
