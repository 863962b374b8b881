#include "forms/check.hpp"

#include "common/secure_wipe.hpp"
#include "forms/validators.hpp"

#include <algorithm>
#include <cstdio>

namespace guichet::forms {

using nlohmann::json;
namespace ex = expr;

struct CompiledForm::Compiled {
    struct FieldExprs {
        std::optional<ex::Expr> show_if, require_if, value;
    };
    std::map<std::string, FieldExprs, std::less<>> by_field;
    std::vector<std::optional<ex::Expr>> section_show_if;  // one per section
    std::map<std::string, std::vector<ex::TableRow>, std::less<>> tables;
};

std::string FormExpressionError::to_string() const {
    if (section >= 0) return "section " + std::to_string(section + 1) + ", " + attribute + ": " + error.to_string();
    return "field '" + field_id + "', " + attribute + ": " + error.to_string();
}

void wipe_json(json& j) {
    if (j.is_string()) {
        auto& s = j.get_ref<std::string&>();
        if (!s.empty()) secure_wipe(s.data(), s.size());
    } else if (j.is_structured()) {
        for (auto& item : j) wipe_json(item);
    }
    j = nullptr;
}

CheckOutcome::~CheckOutcome() { wipe_json(normalized); }

namespace {

const char* kNbsp = "\u00a0";

std::size_t utf8_length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

// French number: "1 250,5" (non-breaking space between thousands).
std::string french_number(const std::string& plain) {
    std::string sign, digits = plain, decimals;
    if (!digits.empty() && digits[0] == '-') {
        sign = "-";
        digits.erase(0, 1);
    }
    if (auto dot = digits.find('.'); dot != std::string::npos) {
        decimals = "," + digits.substr(dot + 1);
        digits.resize(dot);
    }
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += kNbsp;
        grouped += digits[i];
    }
    return sign + grouped + decimals;
}

bool is_empty_answer(const json& v) {
    if (v.is_null()) return true;
    if (v.is_string()) return trimmed(v.get<std::string>()).empty();
    if (v.is_array() || v.is_object()) return v.empty();
    return false;
}

// A feed item's id: 1–64 of [a-z0-9._-] (docs/feeds.md §2).
bool is_feed_item_id(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

std::string text_answer(const json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

// The value a field contributes to expressions, from the resident's answer.
ex::Value to_value(const Field& f, const json& raw) {
    if (is_empty_answer(raw)) return std::monostate{};
    switch (f.type) {
        case FieldType::integer:
        case FieldType::decimal: {
            auto c = f.type == FieldType::integer ? check_integer(text_answer(raw)) : check_decimal(text_answer(raw));
            if (raw.is_number()) return ex::Decimal::from_double(raw.get<double>()).value_or(ex::Decimal{});
            if (!c) return std::monostate{};
            if (auto d = ex::Decimal::parse(c.value)) return *d;
            return std::monostate{};
        }
        case FieldType::date: {
            auto c = check_date_fr(text_answer(raw));
            if (auto d = c ? ex::Date::parse(c.value) : std::nullopt) return *d;
            return std::monostate{};
        }
        case FieldType::yes_no:
            if (raw.is_boolean()) return raw.get<bool>();
            return std::monostate{};
        case FieldType::multi_choice: {
            ex::TextList list;
            if (raw.is_array())
                for (const auto& v : raw)
                    if (v.is_string()) list.push_back(v.get<std::string>());
            return list;
        }
        case FieldType::commune:
        case FieldType::address:
            if (raw.is_object() && raw.contains("insee") && raw["insee"].is_string()) return raw["insee"].get<std::string>();
            return std::monostate{};
        case FieldType::group:
        case FieldType::attachment:
        case FieldType::signature:
        case FieldType::info:
        case FieldType::heading:
        case FieldType::computed:
            return std::monostate{};
        default:
            if (raw.is_string()) return trimmed(raw.get<std::string>());
            return std::monostate{};
    }
}

bool truthy(const ex::ExprResult<ex::Value>& r) {
    return r.ok() && std::holds_alternative<bool>(*r) && std::get<bool>(*r);
}

std::string human_kb(std::size_t bytes) {
    char buf[32];
    if (bytes < 1000 * 1000) std::snprintf(buf, sizeof buf, "%zu%sko", (bytes + 999) / 1000, kNbsp);
    else std::snprintf(buf, sizeof buf, "%.1f%sMo", static_cast<double>(bytes) / 1e6, kNbsp);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string mime_for(std::string_view accept) {
    if (accept == "jpeg") return "image/jpeg";
    if (accept == "png") return "image/png";
    if (accept == "webp") return "image/webp";
    if (accept == "pdf") return "application/pdf";
    return {};
}

struct Checker {
    const Form& form;
    const CompiledForm::Compiled& compiled;
    const CommuneDirectory* communes;
    CheckOutcome& out;

    void problem(const std::string& path, const std::string& label, std::string message) {
        out.problems.push_back({path, label, std::move(message)});
    }

    // Validates one answer; returns its normalised JSON (null when invalid or empty).
    json check_answer(const Field& f, const json& raw, const std::string& path, const std::string& label) {
        auto bad = [&](std::string message) {
            problem(path, label, std::move(message));
            return json();
        };
        auto with = [&](const Checked& c) { return c ? json(c.value) : bad(c.message); };
        const std::string text = text_answer(raw);
        switch (f.type) {
            case FieldType::text:
            case FieldType::long_text: {
                if (!raw.is_string()) return bad("Réponse illisible : recommencez la saisie de ce champ.");
                std::string t = trimmed(text);
                if (f.max_length && utf8_length(t) > *f.max_length)
                    return bad("Ce texte est trop long : " + std::to_string(*f.max_length) + " caractères au maximum (vous en avez écrit " +
                               std::to_string(utf8_length(t)) + ").");
                return t;
            }
            case FieldType::integer: {
                if (raw.is_number_integer()) return with(check_integer(std::to_string(raw.get<long long>()), bound(f.min), bound(f.max)));
                return with(check_integer(text, bound(f.min), bound(f.max)));
            }
            case FieldType::decimal: return with(check_decimal(raw.is_number() ? raw.dump() : text, f.min, f.max));
            case FieldType::date: return with(check_date_fr(text));
            case FieldType::email: return with(check_email(text));
            case FieldType::phone: return with(check_french_phone(text));
            case FieldType::iban: return with(check_iban(text));
            case FieldType::bic: return with(check_bic(text));
            case FieldType::nir: return with(check_nir(text));
            case FieldType::siret: return with(check_siret(text));
            case FieldType::siren: return with(check_siren(text));
            case FieldType::yes_no:
                if (!raw.is_boolean()) return bad("Répondez par oui ou par non.");
                return raw;
            case FieldType::choice: {
                bool known = std::any_of(f.options.begin(), f.options.end(), [&](const Option& o) { return raw.is_string() && o.value == text; });
                return known ? json(text) : bad("Choisissez une des réponses proposées.");
            }
            case FieldType::multi_choice: {
                if (!raw.is_array()) return bad("Choisissez une ou plusieurs des réponses proposées.");
                json values = json::array();
                for (const auto& v : raw) {
                    bool known = v.is_string() && std::any_of(f.options.begin(), f.options.end(), [&](const Option& o) { return o.value == v.get<std::string>(); });
                    if (!known) return bad("Choisissez seulement parmi les réponses proposées.");
                    values.push_back(v);
                }
                return values;
            }
            case FieldType::commune:
            case FieldType::address: return check_place(f, raw, path, label);
            case FieldType::attachment: return check_attachment(f, raw, path, label);
            case FieldType::signature:
                if (!raw.is_string()) return bad("Signez dans le cadre avec le doigt.");
                return raw;
            case FieldType::slot:  // the slot's id in the slots feed (docs/feeds.md §2); the service confirms it
                if (!is_feed_item_id(text)) return bad("Choisissez un des créneaux proposés.");
                return text;
            case FieldType::group:
            case FieldType::info:
            case FieldType::heading:
            case FieldType::computed: return json();
        }
        return json();
    }

    static std::optional<long long> bound(std::optional<double> v) {
        if (!v) return std::nullopt;
        return static_cast<long long>(*v);
    }

    // A member that is not a string (absent, null, a number…) reads as empty: never a throw.
    static std::string text_member(const json& obj, const char* key) {
        auto it = obj.find(key);
        return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    json check_place(const Field& f, const json& raw, const std::string& path, const std::string& label) {
        if (!raw.is_object()) {
            problem(path, label, "Réponse illisible : recommencez la saisie de ce champ.");
            return json();
        }
        json out_value = json::object();
        if (f.type == FieldType::address) {
            std::string line1 = trimmed(text_member(raw, "line1"));
            if (line1.empty()) {
                problem(path, label, "Indiquez le numéro et la rue.");
                return json();
            }
            out_value["line1"] = line1;
            out_value["line2"] = trimmed(text_member(raw, "line2"));
        }
        auto cp = check_postal_code(text_member(raw, "postal_code"));
        if (!cp) {
            problem(path, label, cp.message);
            return json();
        }
        std::string insee = text_member(raw, "insee");
        if (insee.empty()) {
            problem(path, label, "Choisissez la commune dans la liste.");
            return json();
        }
        if (communes) {
            const Commune* c = communes->by_insee(insee);
            if (!c) {
                problem(path, label, "Cette commune n’est pas dans la liste officielle : choisissez-la dans la liste proposée.");
                return json();
            }
            auto match = check_postal_code_for_commune(cp.value, insee, *communes);
            if (!match) {
                problem(path, label, match.message);
                return json();
            }
            out_value["commune"] = c->name;
        }
        out_value["postal_code"] = cp.value;
        out_value["insee"] = insee;
        return out_value;
    }

    json check_attachment(const Field& f, const json& raw, const std::string& path, const std::string& label) {
        if (!raw.is_object() || !raw.contains("mime") || !raw.contains("size") || !raw["size"].is_number_integer() ||
            raw["size"].get<long long>() < 0) {
            problem(path, label, "Le document n’a pas pu être lu : joignez-le à nouveau.");
            return json();
        }
        std::string mime = text_member(raw, "mime");
        bool allowed = f.accept.empty() || std::any_of(f.accept.begin(), f.accept.end(), [&](const std::string& a) { return mime_for(a) == mime; });
        if (!allowed) {
            problem(path, label, "Ce type de document n’est pas accepté : joignez une photo (JPEG ou PNG) ou un fichier PDF.");
            return json();
        }
        std::size_t size = raw["size"].get<std::size_t>();
        if (size > f.max_size_kb * 1000) {
            problem(path, label, "Ce document est trop lourd (" + human_kb(size) + ") : " + human_kb(f.max_size_kb * 1000) +
                                     " au maximum. Reprenez la photo de plus loin ou en page par page.");
            return json();
        }
        return raw;
    }
};

}  // namespace

std::string format_for_display(const ex::Value& value, const std::string& format) {
    if (std::holds_alternative<ex::Decimal>(value)) {
        const auto& d = std::get<ex::Decimal>(value);
        if (format == "euros") return french_number(d.to_fixed(2)) + kNbsp + "€";
        return french_number(d.to_string());
    }
    if (std::holds_alternative<ex::Date>(value)) {
        const auto& d = std::get<ex::Date>(value);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day(), d.month(), d.year());
        return buf;
    }
    if (std::holds_alternative<bool>(value)) return std::get<bool>(value) ? "oui" : "non";
    return ex::to_string(value);
}

Result<CompiledForm> CompiledForm::compile(Form form, std::vector<FormExpressionError>* errors) {
    auto compiled = std::make_shared<Compiled>();
    std::vector<FormExpressionError> found;
    ex::Schema schema;
    for (const auto& [name, rows] : form.tables) {
        std::vector<ex::TableRow> table;
        for (const auto& r : rows) {
            ex::TableRow row;
            row.max = ex::Decimal::from_double(r.max).value_or(ex::Decimal{});
            row.value.emplace<ex::Decimal>(ex::Decimal::from_double(r.value).value_or(ex::Decimal{}));
            table.push_back(std::move(row));
        }
        if (auto ok = ex::check_table(name, table); !ok)
            found.push_back({"", "tables", ex::ExprError{ex::ExprError::Kind::type, ok.error().message, 1, 1}});
        schema.table(name, table.size());
        compiled->tables.emplace(name, std::move(table));
    }
    auto declare = [](ex::Schema& s, const Field& f) {
        auto name = field_type_name(f.type);
        auto t = ex::type_for_field(name);
        std::vector<std::string> options;
        for (const auto& o : f.options) options.push_back(o.value);
        if (f.type == FieldType::group) {
            std::map<std::string, ex::Type, std::less<>> items;
            for (const auto& sub : f.fields)
                if (auto st = ex::type_for_field(field_type_name(sub.type))) items[sub.id] = *st;
            s.group(f.id, std::move(items));
        } else if (t) {
            s.field(f.id, *t, std::move(options));
        }
    };
    for (const Field* f : form.all_fields()) {
        bool top = std::any_of(form.sections.begin(), form.sections.end(), [&](const Section& s) {
            return std::any_of(s.fields.begin(), s.fields.end(), [&](const Field& x) { return &x == f; });
        });
        if (top) declare(schema, *f);
    }
    auto compile_one = [&](const ex::Schema& s, const Field& f, const std::string& source, const char* attribute,
                           std::optional<ex::Type> expected, std::optional<ex::Expr>& slot) -> std::optional<ex::Type> {
        if (source.empty()) return std::nullopt;
        auto parsed = ex::parse(source);
        if (!parsed) {
            found.push_back({f.id, attribute, parsed.error()});
            return std::nullopt;
        }
        auto type = expected ? ex::typecheck(*parsed, s, *expected) : ex::typecheck(*parsed, s);
        if (!type) {
            found.push_back({f.id, attribute, type.error()});
            return std::nullopt;
        }
        slot = std::move(*parsed);
        return *type;
    };
    for (const auto& section : form.sections)
        for (const auto& f : section.fields) {
            auto& exprs = compiled->by_field[f.id];
            compile_one(schema, f, f.show_if, "show_if", ex::Type::boolean, exprs.show_if);
            compile_one(schema, f, f.require_if, "require_if", ex::Type::boolean, exprs.require_if);
            if (f.type == FieldType::computed) {
                if (f.expr.empty()) found.push_back({f.id, "expr", ex::ExprError{ex::ExprError::Kind::syntax, "a computed field needs an expression", 1, 1}});
                // Later fields may use a computed value: declare it with its expression's type.
                else if (auto t = compile_one(schema, f, f.expr, "expr", std::nullopt, exprs.value)) schema.field(f.id, *t);
            }
            if (f.type == FieldType::group) {
                ex::Schema inner = schema;  // an item's fields are visible to the item's own conditions
                for (const auto& sub : f.fields) declare(inner, sub);
                for (const auto& sub : f.fields) {
                    auto& sub_exprs = compiled->by_field[sub.id];
                    compile_one(inner, sub, sub.show_if, "show_if", ex::Type::boolean, sub_exprs.show_if);
                    compile_one(inner, sub, sub.require_if, "require_if", ex::Type::boolean, sub_exprs.require_if);
                    if (sub.type == FieldType::computed)
                        found.push_back({sub.id, "expr", ex::ExprError{ex::ExprError::Kind::type, "computed fields inside a group are not supported: compute over the group with sum() or count()", 1, 1}});
                }
            }
        }
    // A section's condition sees the form's top-level fields, computed ones included (declared above).
    for (std::size_t i = 0; i < form.sections.size(); ++i) {
        auto& slot = compiled->section_show_if.emplace_back();
        const std::string& source = form.sections[i].show_if;
        if (source.empty()) continue;
        auto parsed = ex::parse(source);
        if (!parsed) {
            found.push_back({"", "show_if", parsed.error(), static_cast<int>(i)});
            continue;
        }
        if (auto type = ex::typecheck(*parsed, schema, ex::Type::boolean); !type) found.push_back({"", "show_if", type.error(), static_cast<int>(i)});
        else slot = std::move(*parsed);
    }
    if (!found.empty()) {
        std::string message = "form '" + form.id + "': " + found.front().to_string();
        if (found.size() > 1) message += " (and " + std::to_string(found.size() - 1) + " more)";
        if (errors) *errors = std::move(found);
        return fail(message);
    }
    CompiledForm out;
    out.form_ = std::make_shared<const Form>(std::move(form));
    out.compiled_ = std::move(compiled);
    return out;
}

CheckOutcome CompiledForm::check(const json& data, const CommuneDirectory* communes, ex::Date today) const {
    CheckOutcome out;
    const Form& form = *form_;
    const Compiled& c = *compiled_;
    static const json kNull;
    auto answer = [&](const json& scope, const std::string& id) -> const json& {
        auto it = scope.is_object() ? scope.find(id) : scope.end();
        return it == scope.end() ? kNull : *it;
    };
    auto exprs_of = [&](const std::string& id) -> const Compiled::FieldExprs* {
        auto it = c.by_field.find(id);
        return it == c.by_field.end() ? nullptr : &it->second;
    };

    ex::Env env;
    env.today = today;
    env.tables = c.tables;
    for (const auto& section : form.sections)
        for (const auto& f : section.fields) {
            if (f.type == FieldType::group) {
                auto& items = env.groups[f.id];
                const json& list = answer(data, f.id);
                if (list.is_array())
                    for (const auto& item : list) {
                        ex::GroupItem gi;
                        for (const auto& sub : f.fields) gi[sub.id] = to_value(sub, answer(item, sub.id));
                        items.push_back(std::move(gi));
                    }
            } else {
                env.fields[f.id] = to_value(f, answer(data, f.id));
            }
        }

    // Computed values and visibility depend on each other through the answers:
    // two rounds settle them for forms whose conditions do not chain further.
    std::set<std::string> hidden;
    for (int round = 0; round < 2; ++round) {
        for (const auto& section : form.sections)
            for (const auto& f : section.fields) {
                const auto* e = exprs_of(f.id);
                if (f.type == FieldType::computed && e && e->value && !hidden.count(f.id)) {
                    auto v = ex::evaluate(*e->value, env);
                    env.fields[f.id] = v ? *v : ex::Value{};
                }
            }
        hidden.clear();
        for (std::size_t i = 0; i < form.sections.size(); ++i) {
            const auto& section_if = c.section_show_if[i];
            const bool section_hidden = section_if && !truthy(ex::evaluate(*section_if, env));
            for (const auto& f : form.sections[i].fields) {
                const auto* e = exprs_of(f.id);
                if (section_hidden || (e && e->show_if && !truthy(ex::evaluate(*e->show_if, env)))) hidden.insert(f.id);
            }
        }
        for (const auto& id : hidden) {
            env.fields[id] = std::monostate{};
            env.groups.erase(id);
        }
    }

    Checker checker{form, c, communes, out};
    auto is_required = [&](const Field& f, const ex::Env& scope) {
        const auto* e = exprs_of(f.id);
        return f.required || (e && e->require_if && truthy(ex::evaluate(*e->require_if, scope)));
    };
    for (const auto& section : form.sections)
        for (const auto& f : section.fields) {
            if (hidden.count(f.id)) {
                out.hidden.push_back(f.id);
                continue;
            }
            if (f.type == FieldType::info || f.type == FieldType::heading) continue;
            if (f.type == FieldType::computed) {
                const auto& v = env.fields[f.id];
                if (!ex::is_empty(v)) {
                    out.computed[f.id] = format_for_display(v, f.format);
                    out.normalized[f.id] = ex::to_string(v);
                }
                continue;
            }
            const json& raw = answer(data, f.id);
            if (f.type == FieldType::group) {
                std::size_t count = raw.is_array() ? raw.size() : 0;
                if (count < std::max<std::size_t>(f.min_items, f.required ? 1 : 0))
                    checker.problem(f.id, f.label, "Ajoutez au moins " + std::to_string(std::max<std::size_t>(f.min_items, 1)) + " « " + f.label + " ».");
                if (count > f.max_items)
                    checker.problem(f.id, f.label, "Pas plus de " + std::to_string(f.max_items) + " « " + f.label + " », s’il vous plaît.");
                json items = json::array();
                for (std::size_t i = 0; i < count && i < f.max_items; ++i) {
                    ex::Env scope = env;  // the item's answers shadow the form's for its conditions
                    for (const auto& [k, v] : env.groups[f.id][i]) scope.fields[k] = v;
                    json item = json::object();
                    for (const auto& sub : f.fields) {
                        const auto* se = exprs_of(sub.id);
                        if (se && se->show_if && !truthy(ex::evaluate(*se->show_if, scope))) continue;
                        if (sub.type == FieldType::info || sub.type == FieldType::heading) continue;
                        const std::string path = f.id + "[" + std::to_string(i + 1) + "]." + sub.id;
                        const std::string label = f.label + " " + std::to_string(i + 1) + " — " + sub.label;
                        const json& sub_raw = answer(raw[i], sub.id);
                        if (is_empty_answer(sub_raw)) {
                            if (is_required(sub, scope)) checker.problem(path, label, "Ce champ est obligatoire.");
                            continue;
                        }
                        json v = checker.check_answer(sub, sub_raw, path, label);
                        if (!v.is_null()) item[sub.id] = std::move(v);
                    }
                    items.push_back(std::move(item));
                }
                if (count > 0) out.normalized[f.id] = std::move(items);
                continue;
            }
            if (is_empty_answer(raw)) {
                if (is_required(f, env))
                    checker.problem(f.id, f.label, f.type == FieldType::signature ? "Signez dans le cadre avec le doigt." : "Ce champ est obligatoire.");
                continue;
            }
            json v = checker.check_answer(f, raw, f.id, f.label);
            if (!v.is_null()) out.normalized[f.id] = std::move(v);
        }
    // Best effort: the copies the expression environment made of the answers are wiped too.
    for (auto& [id, v] : env.fields)
        if (auto* s = std::get_if<std::string>(&v); s && !s->empty()) secure_wipe(s->data(), s->size());
    return out;
}

}  // namespace guichet::forms
