// The wizard's step logic and answer display: no ImGui here, unit-tested.
#include "ui/screens/wizard.hpp"

#include "forms/validators.hpp"
#include "ui/list_model.hpp"
#include "ui/strings.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace guichet::ui {

using forms::Field;
using forms::FieldType;
using nlohmann::json;

std::vector<std::size_t> visible_sections(const forms::Form& form, const std::vector<std::string>& hidden) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < form.sections.size(); ++i) {
        const auto& fields = form.sections[i].fields;
        const bool any = std::any_of(fields.begin(), fields.end(), [&](const Field& f) {
            return std::find(hidden.begin(), hidden.end(), f.id) == hidden.end();
        });
        if (any) out.push_back(i);
    }
    return out;
}

namespace {

// The identifiers an expression names (field ids, and function names, which
// match no field): enough to tell whether it reads an unanswered question.
std::vector<std::string> names_in(const std::string& expr) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == '\'' || c == '"') {  // a string literal: skipped whole
            const std::size_t end = expr.find(c, i + 1);
            i = end == std::string::npos ? expr.size() : end + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t e = i;
            while (e < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[e])) || expr[e] == '_')) ++e;
            out.push_back(expr.substr(i, e - i));
            i = e;
        } else {
            ++i;
        }
    }
    return out;
}

bool answered(const nlohmann::json& answers, const std::string& id) {
    if (!answers.is_object()) return false;
    auto it = answers.find(id);
    return it != answers.end() && !it->is_null();
}

}  // namespace

std::vector<std::size_t> counted_sections(const forms::Form& form, const std::vector<std::string>& hidden,
                                          const nlohmann::json& answers) {
    std::vector<std::string> ids;
    for (const forms::Section& s : form.sections)
        for (const Field& f : s.fields) ids.push_back(f.id);
    auto undecided = [&](const std::string& expr) {
        for (const std::string& n : names_in(expr))
            if (std::find(ids.begin(), ids.end(), n) != ids.end() && !answered(answers, n)) return true;
        return false;
    };
    const std::vector<std::size_t> shown = visible_sections(form, hidden);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < form.sections.size(); ++i) {
        const forms::Section& s = form.sections[i];
        bool count = std::find(shown.begin(), shown.end(), i) != shown.end();
        // Hidden now only because a question it depends on has no answer yet: an answer may still show it.
        if (!count && undecided(s.show_if)) count = true;
        for (const Field& f : s.fields) count = count || (!f.show_if.empty() && undecided(f.show_if));
        if (count) out.push_back(i);
    }
    return out;
}

bool holds_answer(const nlohmann::json& j) {
    if (j.is_null()) return false;
    if (j.is_string()) return !j.get_ref<const std::string&>().empty();
    if (j.is_object() || j.is_array()) return std::any_of(j.begin(), j.end(), [](const nlohmann::json& v) { return holds_answer(v); });
    return true;
}

bool WizardScreen::has_answers() const {
    return draft && (holds_answer(draft->answers()) || !draft->files().empty() || !capture.session.strokes.empty());
}

std::pair<std::size_t, std::size_t> step_position(const std::vector<std::size_t>& counted, std::size_t section,
                                                  bool review) {
    const std::size_t total = counted.size() + 1;  // the review is a step
    if (review) return {total, total};
    const auto before = static_cast<std::size_t>(std::count_if(counted.begin(), counted.end(),
                                                               [&](std::size_t i) { return i < section; }));
    return {before + 1, total};
}

void WizardScreen::prefill(const std::string& form, nlohmann::json answers) {
    reset();  // any draft in progress is wiped first
    form_id = form;
    draft = std::make_unique<demarche::Draft>(form);
    if (answers.is_object()) draft->answers() = std::move(answers);
    scroll_top = true;
}

std::string top_field(const std::string& path) {
    const std::size_t cut = path.find_first_of("[.");
    return cut == std::string::npos ? path : path.substr(0, cut);
}

std::vector<const forms::FieldProblem*> section_problems(const forms::Section& section,
                                                         const forms::CheckOutcome& outcome) {
    std::vector<const forms::FieldProblem*> out;
    for (const forms::FieldProblem& p : outcome.problems) {
        const std::string top = top_field(p.path);
        for (const Field& f : section.fields)
            if (f.id == top) out.push_back(&p);
    }
    return out;
}

std::string step_label(std::size_t index, std::size_t count) {
    return "Étape " + std::to_string(index + 1) + " sur " + std::to_string(count);  // Étape
}

KeyboardLayout layout_for(FieldType type) {
    switch (type) {
        case FieldType::integer:
        case FieldType::decimal:
        case FieldType::siret:
        case FieldType::siren: return KeyboardLayout::Numeric;
        case FieldType::date: return KeyboardLayout::Date;
        case FieldType::phone: return KeyboardLayout::Phone;
        case FieldType::email: return KeyboardLayout::Email;
        default: return KeyboardLayout::Text;
    }
}

namespace {

std::string str(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string option_label(const Field& f, const std::string& value) {
    for (const forms::Option& o : f.options)
        if (o.value == value) return o.label;
    return value;
}

std::string place(const json& a, const forms::CommuneDirectory* communes) {
    std::string out;
    for (const char* key : {"line1", "line2"})
        if (std::string s = str(a, key); !s.empty()) out += s + "\n";
    out += str(a, "postal_code");
    if (communes != nullptr) {
        if (const forms::Commune* c = communes->by_insee(str(a, "insee"))) out += " " + c->name;
    }
    return out;
}

// TYPED as the validators normalise it for sealing, in the resident's terms.
std::string as_sealed(FieldType type, const std::string& typed) {
    forms::Checked c;
    switch (type) {
        case FieldType::date:
            c = forms::check_date_fr(typed);
            return c ? french_date(c.value) : typed;  // ISO sealed, « 12 mars 1990 » shown
        case FieldType::phone: c = forms::check_french_phone(typed); break;
        case FieldType::email: c = forms::check_email(typed); break;
        case FieldType::iban: c = forms::check_iban(typed); break;
        case FieldType::bic: c = forms::check_bic(typed); break;
        case FieldType::nir: c = forms::check_nir(typed); break;
        case FieldType::siren: c = forms::check_siren(typed); break;
        case FieldType::siret: c = forms::check_siret(typed); break;
        case FieldType::integer: c = forms::check_integer(typed); break;
        case FieldType::decimal:
            c = forms::check_decimal(typed);
            if (c) std::replace(c.value.begin(), c.value.end(), '.', ',');  // sealed with a dot, read with a comma
            break;
        default: {
            const std::size_t b = typed.find_first_not_of(" \t\n"), e = typed.find_last_not_of(" \t\n");
            return b == std::string::npos ? std::string() : typed.substr(b, e - b + 1);
        }
    }
    return c ? c.value : typed;
}

}  // namespace

std::string display_answer(const Field& f, const json& a, const forms::CommuneDirectory* communes,
                           const Strings* strings) {
    if (a.is_null()) return {};
    switch (f.type) {
        case FieldType::yes_no:
            if (!a.is_boolean()) return {};
            if (strings != nullptr) return tr(strings, a.get<bool>() ? "answer.yes" : "answer.no");
            return a.get<bool>() ? "Oui" : "Non";
        case FieldType::choice: return a.is_string() ? option_label(f, a.get<std::string>()) : std::string();
        case FieldType::multi_choice: {
            std::string out;
            if (!a.is_array()) return out;
            for (const json& v : a) {
                if (!v.is_string()) continue;
                if (!out.empty()) out += ", ";
                out += option_label(f, v.get<std::string>());
            }
            return out;
        }
        case FieldType::commune:
        case FieldType::address: return place(a, communes);
        case FieldType::attachment: return str(a, "name");
        case FieldType::signature: return a.is_string() && !a.get<std::string>().empty() ? "Signée" : std::string();
        case FieldType::group: {
            std::string out;
            if (!a.is_array()) return out;
            for (std::size_t i = 0; i < a.size(); ++i) {
                out += std::to_string(i + 1) + ". ";
                std::string line;
                for (const Field& sub : f.fields) {
                    std::string v = display_answer(sub, a[i].is_object() && a[i].contains(sub.id) ? a[i][sub.id] : json(),
                                                   communes, strings);
                    if (v.empty()) continue;
                    if (!line.empty()) line += ", ";
                    line += v;
                }
                out += line + (i + 1 < a.size() ? "\n" : "");
            }
            return out;
        }
        default: break;
    }
    if (a.is_string()) return as_sealed(f.type, a.get<std::string>());
    if (a.is_number_integer()) return std::to_string(a.get<long long>());
    return a.dump();
}

std::string french_date_time(store::Timestamp t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm local{};
    localtime_r(&tt, &local);
    char buf[64];
    // "28/11/2026 à 21 h 30", with no-break spaces around the h.
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d à %d h %02d", local.tm_mday, local.tm_mon + 1,
                  local.tm_year + 1900, local.tm_hour, local.tm_min);
    return buf;
}

}  // namespace guichet::ui
