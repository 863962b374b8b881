#include "forms.hpp"

#include "forms/check.hpp"
#include "keys.hpp"
#include "messages.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace guichet::packsrc {

bool is_snake_case_id(const std::string& id) {
    if (id.empty() || id.size() > 64 || !(id[0] >= 'a' && id[0] <= 'z')) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

namespace {

bool known_type(const std::string& t) {
    return std::any_of(std::begin(kFieldTypes), std::end(kFieldTypes), [&](const char* k) { return t == k; });
}

using FieldNodes = std::map<std::string, YAML::Node>;

// The keys every field may have, then those of some types only (docs/content-format.md §6.2).
const std::vector<std::string_view> kFieldKeys = {"id", "type", "label", "required", "show_if", "require_if", "help", "placeholder"};
const std::pair<std::string_view, std::vector<std::string_view>> kTypeKeys[] = {
    {"text", {"max_length"}},         {"long_text", {"max_length"}},
    {"integer", {"min", "max"}},      {"decimal", {"min", "max"}},
    {"choice", {"options"}},          {"multi_choice", {"options"}},
    {"group", {"fields", "min_items", "max_items"}},
    {"attachment", {"accept", "max_size_kb"}},
    {"info", {"text"}},               {"computed", {"expr", "format"}},
    {"slot", {"service_from"}},
};

void check_field_keys(const YAML::Node& f, const std::string& type, const YamlContext& ctx) {
    std::vector<std::string_view> allowed = kFieldKeys;
    for (const auto& [t, keys] : kTypeKeys)
        if (t == type) allowed.insert(allowed.end(), keys.begin(), keys.end());
    check_keys(f, allowed, ctx, msg("a '{1}' field", {type}), [](std::string_view key) {
        std::string types;
        for (const auto& [t, keys] : kTypeKeys)
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) types += std::string(types.empty() ? "" : ", ") + std::string(t);
        return types.empty() ? types : msg("{1} fields", {types});
    });
}

void check_fields(const YAML::Node& fields, const YamlContext& ctx, std::map<std::string, int>& ids, int depth, FieldNodes& nodes,
                  const FormContext& fc);

void check_field(const YAML::Node& f, const YamlContext& ctx, std::map<std::string, int>& ids, int depth, FieldNodes& nodes,
                 const FormContext& fc) {
    if (!f.IsMap()) {
        ctx.error(f, msg("each field must be a mapping with 'id', 'type' and 'label'"));
        return;
    }
    auto id = get_string(f, "id", ctx);
    auto type = get_string(f, "type", ctx);
    if (id) {
        if (!is_snake_case_id(*id))
            ctx.error(f["id"], msg("field id '{1}' must be lowercase letters, digits and '_' (for example date_naissance)", {*id}));
        else if (auto [it, fresh] = ids.emplace(*id, ctx.line(f["id"])); !fresh)
            ctx.error(f["id"], msg("field id '{1}' is used twice in this form (first at line {2}): give each field its own id",
                                   {*id, std::to_string(it->second)}));
        else
            nodes[*id] = f;
    }
    if (!type) return;
    if (!known_type(*type)) {
        std::string list;
        for (const char* k : kFieldTypes) list += std::string(list.empty() ? "" : ", ") + k;
        std::vector<std::string_view> types(std::begin(kFieldTypes), std::end(kFieldTypes));
        if (std::string near = nearest(*type, types); !near.empty())
            ctx.error(f["type"], msg("unknown field type '{1}': did you mean '{2}'?", {*type, near}));
        else
            ctx.error(f["type"], msg("unknown field type '{1}'; use one of: {2}", {*type, list}));
        return;
    }
    check_field_keys(f, *type, ctx);
    // Without the list the kiosk cannot check a commune at all: 99999 would pass.
    if ((*type == "commune" || *type == "address") && !fc.has_communes)
        ctx.error(f["type"], msg("a '{1}' field needs the official commune list: add data/communes-france.json to the pack "
                                 "(docs/content-format.md §1), else any INSEE code, even 99999, would be accepted",
                                 {*type}));
    if (*type != "info") get_string(f, "label", ctx);
    get_bool(f, "required", ctx);
    for (const char* cond : {"show_if", "require_if"}) get_string(f, cond, ctx, false);
    if (*type == "choice" || *type == "multi_choice") {
        YAML::Node options = f["options"];
        if (!options || !options.IsSequence() || options.size() == 0) {
            ctx.error(f, msg("a {1} field needs 'options': a list of { value: …, label: … }", {*type}));
        } else {
            std::map<std::string, int> values;
            for (const auto& o : options) {
                check_keys(o, {"value", "label"}, ctx, msg("an option"));
                auto value = get_string(o, "value", ctx);
                get_string(o, "label", ctx);
                if (auto [it, fresh] = value ? values.emplace(*value, ctx.line(o)) : std::pair{values.end(), true}; !fresh)
                    ctx.error(o, msg("option value '{1}' appears twice (first at line {2})", {*value, std::to_string(it->second)}));
            }
        }
    } else if (*type == "group") {
        if (depth > 0) ctx.error(f, msg("groups cannot be nested inside groups"));
        YAML::Node sub = f["fields"];
        if (!sub || !sub.IsSequence() || sub.size() == 0)
            ctx.error(f, msg("a group needs 'fields': the list of fields repeated for each item"));
        else
            check_fields(sub, ctx, ids, depth + 1, nodes, fc);
        auto lo = get_integer(f, "min_items", ctx, false), hi = get_integer(f, "max_items", ctx, false);
        if (lo && hi && *lo > *hi) ctx.error(f, "'min_items' is greater than 'max_items'");
    } else if (*type == "attachment") {
        YAML::Node accept = f["accept"];
        if (accept) {
            if (!accept.IsSequence()) ctx.error(accept, "'accept' must be a list such as [jpeg, png, pdf]");
            else
                for (const auto& a : accept)
                    if (!a.IsScalar() || (a.Scalar() != "jpeg" && a.Scalar() != "png" && a.Scalar() != "pdf" && a.Scalar() != "webp"))
                        ctx.error(a, "'accept' lists jpeg, png, webp or pdf only");
        }
        get_integer(f, "max_size_kb", ctx, false);
    } else if (*type == "info") {
        get_string(f, "text", ctx);
    } else if (*type == "computed") {
        get_string(f, "expr", ctx);
    } else if (*type == "slot") {
        // The kiosk may have no slot to offer (no feed yet, all taken): a slot can never block a démarche.
        if (f["required"] && f["required"].IsScalar() && f["required"].Scalar() == "true")
            ctx.error(f["required"], msg("a slot field cannot be required: the kiosk may have no slot to offer; say in 'help' what happens then"));
        if (f["require_if"]) ctx.error(f["require_if"], "a slot field cannot be required (no 'require_if'): the kiosk may have no slot to offer");
        if (depth > 0) ctx.error(f, "a slot field cannot be inside a group");
        get_string(f, "service_from", ctx, false);
    }
    for (const char* key : {"min", "max"}) {
        YAML::Node v = f[key];
        if (v && !v.IsScalar()) ctx.error(v, std::string("'") + key + "' must be a single value");
    }
    get_integer(f, "max_length", ctx, false);
}

void check_fields(const YAML::Node& fields, const YamlContext& ctx, std::map<std::string, int>& ids, int depth, FieldNodes& nodes,
                  const FormContext& fc) {
    for (const auto& f : fields) check_field(f, ctx, ids, depth, nodes, fc);
}

// Parses and type-checks every expression, reporting errors at their place in
// the YAML file: the line and column inside the quoted or plain scalar.
void check_expressions(const nlohmann::json& form_json, const YamlContext& ctx, const FieldNodes& nodes, const YAML::Node& form_node) {
    auto form = forms::Form::from_json(form_json);
    if (!form) {
        ctx.error(form_node, form.error().message);
        return;
    }
    std::vector<forms::FormExpressionError> errors;
    if (forms::CompiledForm::compile(std::move(*form), &errors)) return;
    for (const auto& e : errors) {
        auto it = nodes.find(e.field_id);
        YAML::Node at = e.section >= 0 ? form_node["sections"][static_cast<std::size_t>(e.section)][e.attribute]
                        : it != nodes.end() ? it->second[e.attribute] : form_node["tables"];
        if (!at) at = it != nodes.end() ? it->second : form_node;
        const bool quoted = at.IsScalar() && at.Tag() == "!";
        auto pos = e.error.in_file(ctx.line(at), ctx.column(at) + (quoted ? 1 : 0), ctx.column(at) - 1);
        std::string where = e.section >= 0      ? msg("section {1}, {2}: ", {std::to_string(e.section + 1), e.attribute})
                            : e.field_id.empty() ? ""
                                                 : msg("field '{1}', {2}: ", {e.field_id, e.attribute});
        ctx.diags->error(ctx.file, pos.line, pos.column, where + e.error.message);
    }
}

// Replaces each {ics} and {creancier} of TEXT; returns whether {ics} was there.
bool fill_creditor(std::string& text, const SepaCreditor& creditor) {
    bool had_ics = false;
    for (auto [key, value] : {std::pair<std::string_view, const std::string*>{"{ics}", &creditor.ics}, {"{creancier}", &creditor.name}})
        for (auto p = text.find(key); p != std::string::npos; p = text.find(key, p + value->size())) {
            text.replace(p, key.size(), *value);
            if (key == "{ics}") had_ics = true;
        }
    return had_ics;
}

// A mandate form (docs/sepa.md §1): its recipient collects direct debits (pack.yaml sepa_creditor);
// `payment_type` names a choice field offering `recurrent` and `ponctuel`; info texts show the
// creditor through {ics} and {creancier}, filled here, and one of them at least shows the ICS.
// The compiled form carries the creditor, which the kiosk puts in the payload with the RUM.
void check_sepa_mandate(const YAML::Node& form, const YamlContext& ctx, const FormContext& fc, const FieldNodes& nodes,
                        nlohmann::json& json) {
    YAML::Node m = form["sepa_mandate"];
    json.erase("sepa_mandate");  // set below, with the creditor, once everything is right
    if (!m.IsMap()) {
        ctx.error(m, msg("'sepa_mandate' must be a mapping { payment_type: <id of a choice field> }"));
        return;
    }
    check_keys(m, {"payment_type"}, ctx, msg("a SEPA mandate"));
    auto payment_type = get_string(m, "payment_type", ctx);
    const std::string recipient = form["recipient"] && form["recipient"].IsScalar() ? form["recipient"].Scalar() : "";
    const SepaCreditor* creditor = nullptr;
    if (fc.sepa_creditors)
        if (auto it = fc.sepa_creditors->find(recipient); it != fc.sepa_creditors->end()) creditor = &it->second;
    if (creditor != nullptr && creditor->ics.empty()) return;  // its sepa_creditor is wrong, and reported
    if (creditor == nullptr) {
        ctx.error(m, msg("a SEPA mandate form needs a recipient with 'sepa_creditor' { ics, name } in pack.yaml; '{1}' has none",
                         {recipient}));
        return;
    }
    if (!payment_type) return;
    auto field = nodes.find(*payment_type);
    bool ok = field != nodes.end() && field->second["type"] && field->second["type"].Scalar() == "choice";
    if (ok) {
        std::set<std::string> values;
        for (const auto& o : field->second["options"])
            if (o["value"] && o["value"].IsScalar()) values.insert(o["value"].Scalar());
        ok = values == std::set<std::string>{"recurrent", "ponctuel"};
    }
    if (!ok) {
        ctx.error(m["payment_type"], msg("'payment_type' must name a choice field of this form with the options 'recurrent' and 'ponctuel'"));
        return;
    }
    bool shown = false;
    for (auto& section : json["sections"])
        for (auto& f : section["fields"])
            if (f.value("type", "") == "info" && f.contains("text") && f["text"].is_string()) {
                std::string text = f["text"].get<std::string>();
                shown = fill_creditor(text, *creditor) || shown;
                f["text"] = text;
            }
    if (!shown) {
        ctx.error(m, msg("a SEPA mandate form must show the creditor identifier: write {ics} in the text of an info field"));
        return;
    }
    json["sepa_mandate"] = {{"payment_type", *payment_type}, {"ics", creditor->ics}, {"creditor", creditor->name}};
}

}  // namespace

std::optional<nlohmann::json> check_form(const YAML::Node& form, const YamlContext& ctx, const FormContext& fc) {
    int before = ctx.diags->error_count();
    if (!form.IsMap()) {
        ctx.diags->error(ctx.file, 1, 1, msg("a form file must be a mapping starting with 'id:'"));
        return std::nullopt;
    }
    check_keys(form, {"id", "version", "title", "recipient", "summary", "note", "page", "pieces", "sections", "tables", "sample",
                       "sepa_mandate"}, ctx,
               msg("a form"));
    auto id = get_string(form, "id", ctx);
    if (id && *id != fc.expected_id)
        ctx.error(form["id"], msg("form id '{1}' must match the file name '{2}.yaml'", {*id, fc.expected_id}));
    auto version = get_integer(form, "version", ctx);
    if (version && *version < 1) ctx.error(form["version"], "'version' must be 1 or more");
    get_string(form, "title", ctx);
    get_string(form, "summary", ctx, false);
    get_string(form, "note", ctx, false);
    if (auto recipient = get_string(form, "recipient", ctx); recipient && !fc.recipients->count(*recipient))
        ctx.error(form["recipient"], "recipient '" + *recipient +
                                         "' is not declared in pack.yaml 'recipients' with a public key: add it there");
    if (auto page = get_string(form, "page", ctx, false); page && !fc.page_exists(*page))
        ctx.error(form["page"], msg("page '{1}' does not exist in the pack", {*page}));
    YAML::Node pieces = form["pieces"];
    if (pieces && !pieces.IsSequence()) ctx.error(pieces, "'pieces' must be a list of documents to bring");
    YAML::Node sections = form["sections"];
    std::map<std::string, int> ids;  // field id -> line of its first use
    FieldNodes nodes;
    if (!sections || !sections.IsSequence() || sections.size() == 0) {
        ctx.error(form, msg("a form needs 'sections': a list of screens, each with a 'title' and 'fields'"));
    } else {
        for (const auto& s : sections) {
            check_keys(s, {"title", "fields", "show_if"}, ctx, msg("a section"));
            get_string(s, "title", ctx);
            get_string(s, "show_if", ctx, false);
            YAML::Node fields = s["fields"];
            if (!fields || !fields.IsSequence() || fields.size() == 0)
                ctx.error(s, msg("each section needs 'fields': a list of at least one field"));
            else
                check_fields(fields, ctx, ids, 0, nodes, fc);
        }
    }
    for (const auto& [field_id, node] : nodes) {  // a slot's service_from names a choice field of the form
        if (!node["service_from"] || !node["service_from"].IsScalar()) continue;
        auto target = nodes.find(node["service_from"].Scalar());
        if (target == nodes.end() || !target->second["type"] || target->second["type"].Scalar() != "choice")
            ctx.error(node["service_from"], "field '" + field_id + "': 'service_from' must name a choice field of this form (its option values match the slots' 'service')");
    }
    YAML::Node tables = form["tables"];
    if (tables) {
        if (!tables.IsMap()) ctx.error(tables, "'tables' must map table names to { rows: [...] }");
        else
            for (const auto& t : tables) {
                check_keys(t.second, {"rows", "sample"}, ctx, msg("a table"));
                YAML::Node rows = t.second["rows"];
                if (rows && rows.IsSequence())
                    for (const auto& r : rows) check_keys(r, {"max", "value"}, ctx, msg("a table row"));
                if (!rows || !rows.IsSequence() || rows.size() == 0)
                    ctx.error(t.second, "table '" + t.first.Scalar() + "' needs 'rows': a non-empty list");
            }
    }
    if (ctx.diags->error_count() != before) return std::nullopt;
    auto json = yaml_to_json(form);
    if (form["sepa_mandate"]) check_sepa_mandate(form, ctx, fc, nodes, json);
    check_expressions(json, ctx, nodes, form);
    if (ctx.diags->error_count() != before) return std::nullopt;
    return json;
}

}  // namespace guichet::packsrc
