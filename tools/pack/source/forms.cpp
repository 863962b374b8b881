#include "forms.hpp"

#include "forms/check.hpp"

#include <algorithm>
#include <map>

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

void check_fields(const YAML::Node& fields, const YamlContext& ctx, std::set<std::string>& ids, int depth, FieldNodes& nodes);

void check_field(const YAML::Node& f, const YamlContext& ctx, std::set<std::string>& ids, int depth, FieldNodes& nodes) {
    if (!f.IsMap()) {
        ctx.error(f, "each field must be a mapping with 'id', 'type' and 'label'");
        return;
    }
    auto id = get_string(f, "id", ctx);
    auto type = get_string(f, "type", ctx);
    if (id) {
        if (!is_snake_case_id(*id))
            ctx.error(f["id"], "field id '" + *id + "' must be lowercase letters, digits and '_' (for example date_naissance)");
        else if (!ids.insert(*id).second)
            ctx.error(f["id"], "field id '" + *id + "' is used twice in this form: give each field its own id");
        else
            nodes[*id] = f;
    }
    if (!type) return;
    if (!known_type(*type)) {
        std::string list;
        for (const char* k : kFieldTypes) list += std::string(list.empty() ? "" : ", ") + k;
        ctx.error(f["type"], "unknown field type '" + *type + "'; use one of: " + list);
        return;
    }
    if (*type != "info") get_string(f, "label", ctx);
    get_bool(f, "required", ctx);
    for (const char* cond : {"show_if", "require_if"}) get_string(f, cond, ctx, false);
    if (*type == "choice" || *type == "multi_choice") {
        YAML::Node options = f["options"];
        if (!options || !options.IsSequence() || options.size() == 0) {
            ctx.error(f, "a " + *type + " field needs 'options': a list of { value: …, label: … }");
        } else {
            std::set<std::string> values;
            for (const auto& o : options) {
                auto value = get_string(o, "value", ctx);
                get_string(o, "label", ctx);
                if (value && !values.insert(*value).second) ctx.error(o, "option value '" + *value + "' appears twice");
            }
        }
    } else if (*type == "group") {
        if (depth > 0) ctx.error(f, "groups cannot be nested inside groups");
        YAML::Node sub = f["fields"];
        if (!sub || !sub.IsSequence() || sub.size() == 0)
            ctx.error(f, "a group needs 'fields': the list of fields repeated for each item");
        else
            check_fields(sub, ctx, ids, depth + 1, nodes);
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
            ctx.error(f["required"], "a slot field cannot be required: the kiosk may have no slot to offer; say in 'help' what happens then");
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

void check_fields(const YAML::Node& fields, const YamlContext& ctx, std::set<std::string>& ids, int depth, FieldNodes& nodes) {
    for (const auto& f : fields) check_field(f, ctx, ids, depth, nodes);
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
        YAML::Node at = it != nodes.end() ? it->second[e.attribute] : form_node["tables"];
        if (!at) at = it != nodes.end() ? it->second : form_node;
        const bool quoted = at.IsScalar() && at.Tag() == "!";
        auto pos = e.error.in_file(ctx.line(at), ctx.column(at) + (quoted ? 1 : 0), ctx.column(at) - 1);
        std::string where = e.field_id.empty() ? "" : "field '" + e.field_id + "', " + e.attribute + ": ";
        ctx.diags->error(ctx.file, pos.line, pos.column, where + e.error.message);
    }
}

}  // namespace

std::optional<nlohmann::json> check_form(const YAML::Node& form, const YamlContext& ctx, const FormContext& fc) {
    int before = ctx.diags->error_count();
    if (!form.IsMap()) {
        ctx.diags->error(ctx.file, 1, 1, "a form file must be a mapping starting with 'id:'");
        return std::nullopt;
    }
    auto id = get_string(form, "id", ctx);
    if (id && *id != fc.expected_id)
        ctx.error(form["id"], "form id '" + *id + "' must match the file name '" + fc.expected_id + ".yaml'");
    auto version = get_integer(form, "version", ctx);
    if (version && *version < 1) ctx.error(form["version"], "'version' must be 1 or more");
    get_string(form, "title", ctx);
    get_string(form, "summary", ctx, false);
    get_string(form, "note", ctx, false);
    if (auto recipient = get_string(form, "recipient", ctx); recipient && !fc.recipients->count(*recipient))
        ctx.error(form["recipient"], "recipient '" + *recipient +
                                         "' is not declared in pack.yaml 'recipients' with a public key: add it there");
    if (auto page = get_string(form, "page", ctx, false); page && !fc.page_exists(*page))
        ctx.error(form["page"], "page '" + *page + "' does not exist in the pack");
    YAML::Node pieces = form["pieces"];
    if (pieces && !pieces.IsSequence()) ctx.error(pieces, "'pieces' must be a list of documents to bring");
    YAML::Node sections = form["sections"];
    std::set<std::string> ids;
    FieldNodes nodes;
    if (!sections || !sections.IsSequence() || sections.size() == 0) {
        ctx.error(form, "a form needs 'sections': a list of screens, each with a 'title' and 'fields'");
    } else {
        for (const auto& s : sections) {
            get_string(s, "title", ctx);
            YAML::Node fields = s["fields"];
            if (!fields || !fields.IsSequence() || fields.size() == 0)
                ctx.error(s, "each section needs 'fields': a list of at least one field");
            else
                check_fields(fields, ctx, ids, 0, nodes);
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
                YAML::Node rows = t.second["rows"];
                if (!rows || !rows.IsSequence() || rows.size() == 0)
                    ctx.error(t.second, "table '" + t.first.Scalar() + "' needs 'rows': a non-empty list");
            }
    }
    if (ctx.diags->error_count() != before) return std::nullopt;
    auto json = yaml_to_json(form);
    check_expressions(json, ctx, nodes, form);
    if (ctx.diags->error_count() != before) return std::nullopt;
    return json;
}

}  // namespace guichet::packsrc
