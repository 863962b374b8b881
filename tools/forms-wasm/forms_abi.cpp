// The C interface of forms_abi.h over kiosk/core/forms. Nothing here decides
// anything about a form: it only converts JSON to the engine's types and back,
// so that the browser and the kiosk give the same answers.
#include "forms_abi.h"

#include "common/secure_wipe.hpp"
#include "forms/check.hpp"
#include "forms/expr/expr.hpp"

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace {

using nlohmann::json;
using namespace guichet::forms;
namespace ex = guichet::forms::expr;

std::optional<CommuneDirectory>& communes() {
    static std::optional<CommuneDirectory> dir;
    return dir;
}

std::map<int, CompiledForm>& loaded() {
    static std::map<int, CompiledForm> forms;
    return forms;
}

char* give(const json& j) {
    const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out) std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

char* give_error(const std::string& message) { return give(json{{"error", message}}); }

json parse(const char* text) { return json::parse(text ? text : "", nullptr, false); }

// Members read without exceptions (the WebAssembly build has none): a member
// of the wrong JSON type reads as absent.
std::string text_member(const json& j, const char* key, std::string fallback = {}) {
    auto it = j.is_object() ? j.find(key) : j.end();
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}
json member(const json& j, const char* key, json fallback) {
    auto it = j.is_object() ? j.find(key) : j.end();
    return it != j.end() && it->type() == fallback.type() ? *it : fallback;
}
json member(const json& j, const char* key) {
    auto it = j.is_object() ? j.find(key) : j.end();
    return it != j.end() ? *it : json();
}

// ------------------------------------------------------------ expressions

std::optional<ex::Type> type_named(const std::string& name) {
    for (ex::Type t : {ex::Type::number, ex::Type::text, ex::Type::boolean, ex::Type::date, ex::Type::text_list, ex::Type::group})
        if (ex::to_string(t) == name) return t;
    return std::nullopt;
}

// A value of TYPE as the context JSON writes it: numbers and dates as text
// ("12.5", "2026-03-15"), booleans, texts, lists of texts; null is empty.
std::optional<ex::Value> value_of(ex::Type type, const json& j) {
    if (j.is_null()) return ex::Value{};
    switch (type) {
    case ex::Type::number:
        if (auto d = j.is_string() ? ex::Decimal::parse(j.get<std::string>()) : std::nullopt) return ex::Value{*d};
        return std::nullopt;
    case ex::Type::date:
        if (auto d = j.is_string() ? ex::Date::parse(j.get<std::string>()) : std::nullopt) return ex::Value{*d};
        return std::nullopt;
    case ex::Type::boolean:
        if (j.is_boolean()) return ex::Value{j.get<bool>()};
        return std::nullopt;
    case ex::Type::text:
        if (j.is_string()) return ex::Value{j.get<std::string>()};
        return std::nullopt;
    case ex::Type::text_list: {
        if (!j.is_array()) return std::nullopt;
        ex::TextList list;
        for (const auto& item : j) {
            if (!item.is_string()) return std::nullopt;
            list.push_back(item.get<std::string>());
        }
        return ex::Value{std::move(list)};
    }
    case ex::Type::group: break;
    }
    return std::nullopt;
}

struct Context {
    ex::Schema schema;
    ex::Env env;
};

std::optional<Context> context_of(const json& j, std::string& error) {
    Context c;
    if (!j.is_object()) return error = "the context is not a JSON object", std::nullopt;
    if (auto t = ex::Date::parse(text_member(j, "today"))) c.env.today = *t;
    else return error = "context: 'today' must be a date written YYYY-MM-DD", std::nullopt;
    // Named, not temporaries: items() does not keep what it iterates alive.
    const json fields = member(j, "fields", json::object()), groups = member(j, "groups", json::object()),
               tables = member(j, "tables", json::object());
    for (const auto& [id, f] : fields.items()) {
        auto type = type_named(text_member(f, "type"));
        if (!type || *type == ex::Type::group) return error = "context: field '" + id + "' has no valid type", std::nullopt;
        std::vector<std::string> options;
        for (const auto& o : member(f, "options", json::array()))
            if (o.is_string()) options.push_back(o.get<std::string>());
        c.schema.field(id, *type, std::move(options));
        auto v = value_of(*type, member(f, "value"));
        if (!v) return error = "context: field '" + id + "' has a value not of its type", std::nullopt;
        if (!ex::is_empty(*v)) c.env.fields[id] = std::move(*v);
    }
    for (const auto& [id, g] : groups.items()) {
        std::map<std::string, ex::Type, std::less<>> item_fields;
        const json types = member(g, "fields", json::object());
        for (const auto& [fid, tname] : types.items()) {
            auto type = tname.is_string() ? type_named(tname.get<std::string>()) : std::nullopt;
            if (!type || *type == ex::Type::group) return error = "context: group '" + id + "', field '" + fid + "' has no valid type", std::nullopt;
            item_fields[fid] = *type;
        }
        std::vector<ex::GroupItem> items;
        for (const auto& item : member(g, "items", json::array())) {
            ex::GroupItem gi;
            if (!item.is_object()) return error = "context: group '" + id + "' has an item that is not an object", std::nullopt;
            for (const auto& [fid, v] : item.items()) {
                auto it = item_fields.find(fid);
                auto value = it == item_fields.end() ? std::nullopt : value_of(it->second, v);
                if (!value) return error = "context: group '" + id + "', item field '" + fid + "' is unknown or not of its type", std::nullopt;
                gi[fid] = std::move(*value);
            }
            items.push_back(std::move(gi));
        }
        c.schema.group(id, std::move(item_fields));
        c.env.groups[id] = std::move(items);
    }
    for (const auto& [name, t] : tables.items()) {
        auto type = type_named(text_member(t, "type", "number"));
        if (!type || (*type != ex::Type::number && *type != ex::Type::text))
            return error = "context: table '" + name + "' must give numbers or texts", std::nullopt;
        std::vector<ex::TableRow> rows;
        for (const auto& r : member(t, "rows", json::array())) {
            auto max = ex::Decimal::parse(text_member(r, "max"));
            auto value = value_of(*type, member(r, "value"));
            if (!max || !value) return error = "context: table '" + name + "' has a row without a valid max or value", std::nullopt;
            rows.push_back({*max, std::move(*value)});
        }
        if (auto ok = ex::check_table(name, rows); !ok) return error = ok.error().message, std::nullopt;
        c.schema.table(name, rows.size(), *type);
        c.env.tables[name] = std::move(rows);
    }
    return c;
}

const char* kind_name(ex::ExprError::Kind kind) {
    switch (kind) {
    case ex::ExprError::Kind::syntax: return "syntax";
    case ex::ExprError::Kind::type: return "type";
    case ex::ExprError::Kind::empty_field: return "empty_field";
    case ex::ExprError::Kind::evaluation: return "evaluation";
    }
    return "?";
}

json expr_error(const char* stage, const ex::ExprError& e) {
    return json{{"error", {{"stage", stage}, {"kind", kind_name(e.kind)}, {"line", e.line}, {"column", e.column}, {"message", e.message}}}};
}

}  // namespace

extern "C" {

char* guichet_forms_set_communes(const char* communes_json) {
    if (!communes_json || !*communes_json) {
        communes().reset();
        return give(json{{"communes", 0}});
    }
    auto dir = CommuneDirectory::from_json(communes_json);
    if (!dir) return give_error(dir.error().message);
    communes() = std::move(*dir);
    return give(json{{"communes", communes()->size()}});
}

char* guichet_forms_load(const char* form_json) {
    const json j = parse(form_json);
    if (j.is_discarded()) return give_error("the form is not JSON");
    auto form = Form::from_json(j);
    if (!form) return give_error(form.error().message);
    auto compiled = CompiledForm::compile(std::move(*form));
    if (!compiled) return give_error(compiled.error().message);
    static int next = 0;
    const int handle = ++next;
    const Form& f = compiled->form();
    json out{{"form", handle}, {"id", f.id}, {"title", f.title}, {"version", f.version}};
    loaded().emplace(handle, std::move(*compiled));
    return give(out);
}

char* guichet_forms_check(int form, const char* answers_json, const char* today) {
    auto it = loaded().find(form);
    if (it == loaded().end()) return give_error("no form loaded as " + std::to_string(form));
    auto day = ex::Date::parse(today ? today : "");
    if (!day) return give_error("today must be a date written YYYY-MM-DD");
    json answers = parse(answers_json);
    if (answers.is_discarded() || !answers.is_object()) {
        wipe_json(answers);
        return give_error("the answers are not a JSON object (field id -> answer); see docs/forms.md");
    }
    CheckOutcome outcome = it->second.check(answers, communes() ? &*communes() : nullptr, *day);
    wipe_json(answers);
    json problems = json::array();
    for (const auto& p : outcome.problems) problems.push_back({{"path", p.path}, {"label", p.label}, {"message", p.message}});
    json out{{"accepted", outcome.accepted()}, {"problems", std::move(problems)}, {"normalized", outcome.normalized},
             {"computed", outcome.computed}, {"hidden", outcome.hidden}};
    char* text = give(out);
    wipe_json(out);
    return text;
}

void guichet_forms_unload(int form) { loaded().erase(form); }

char* guichet_forms_eval(const char* expression, const char* context_json) {
    std::string error;
    auto context = context_of(parse(context_json), error);
    if (!context) return give_error(error);
    auto e = ex::parse(expression ? expression : "");
    if (!e) return give(expr_error("parse", e.error()));
    auto type = ex::typecheck(*e, context->schema);
    if (!type) return give(expr_error("typecheck", type.error()));
    auto value = ex::evaluate(*e, context->env);
    if (!value) return give(expr_error("evaluate", value.error()));
    return give(json{{"source", e->to_source()}, {"type", ex::to_string(*type)}, {"value", ex::to_string(*value)},
                     {"empty", ex::is_empty(*value)}});
}

void guichet_forms_free(char* text) {
    if (!text) return;
    guichet::secure_wipe(text, std::strlen(text));
    std::free(text);
}

}  // extern "C"
