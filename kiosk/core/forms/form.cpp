#include "forms/form.hpp"

#include <algorithm>
#include <array>

namespace guichet::forms {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 24> kTypeNames = {{
    {FieldType::text, "text"},         {FieldType::long_text, "long_text"}, {FieldType::integer, "integer"},
    {FieldType::decimal, "decimal"},   {FieldType::date, "date"},           {FieldType::yes_no, "yes_no"},
    {FieldType::choice, "choice"},     {FieldType::multi_choice, "multi_choice"}, {FieldType::email, "email"},
    {FieldType::phone, "phone"},       {FieldType::commune, "commune"},     {FieldType::address, "address"},
    {FieldType::iban, "iban"},         {FieldType::bic, "bic"},             {FieldType::nir, "nir"},
    {FieldType::siret, "siret"},       {FieldType::siren, "siren"},         {FieldType::group, "group"},
    {FieldType::attachment, "attachment"}, {FieldType::signature, "signature"}, {FieldType::info, "info"},
    {FieldType::heading, "heading"},   {FieldType::computed, "computed"},   {FieldType::slot, "slot"},
}};

std::string text_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();  // a number or boolean written without quotes
}

std::optional<double> number_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

Result<Field> field_from_json(const json& j, const std::string& where) {
    if (!j.is_object()) return fail(where + ": a field is not an object");
    Field f;
    f.id = text_of(j, "id");
    auto type = field_type_from_name(text_of(j, "type"));
    if (f.id.empty() || !type) return fail(where + ": field without a valid id or type");
    f.type = *type;
    f.label = text_of(j, "label");
    f.help = text_of(j, "help");
    f.placeholder = text_of(j, "placeholder");
    f.required = j.value("required", false);
    f.show_if = text_of(j, "show_if");
    f.require_if = text_of(j, "require_if");
    f.expr = text_of(j, "expr");
    f.format = text_of(j, "format");
    f.text = text_of(j, "text");
    f.service_from = text_of(j, "service_from");
    f.min = number_of(j, "min");
    f.max = number_of(j, "max");
    if (auto n = number_of(j, "max_length")) f.max_length = static_cast<std::size_t>(*n);
    if (auto n = number_of(j, "min_items")) f.min_items = static_cast<std::size_t>(*n);
    if (auto n = number_of(j, "max_items")) f.max_items = static_cast<std::size_t>(*n);
    if (auto n = number_of(j, "max_size_kb")) f.max_size_kb = static_cast<std::size_t>(*n);
    if (auto it = j.find("options"); it != j.end() && it->is_array())
        for (const auto& o : *it) f.options.push_back({text_of(o, "value"), text_of(o, "label")});
    if (auto it = j.find("accept"); it != j.end() && it->is_array())
        for (const auto& a : *it) f.accept.push_back(a.is_string() ? a.get<std::string>() : a.dump());
    if (auto it = j.find("fields"); it != j.end() && it->is_array())
        for (const auto& sub : *it) {
            auto child = field_from_json(sub, where + "/" + f.id);
            if (!child) return child.error();
            f.fields.push_back(std::move(*child));
        }
    return f;
}

}  // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) {
    for (const auto& [type, n] : kTypeNames)
        if (n == name) return type;
    return std::nullopt;
}

std::string_view field_type_name(FieldType type) {
    for (const auto& [t, n] : kTypeNames)
        if (t == type) return n;
    return "?";
}

Result<Form> Form::from_json(const json& j) {
    if (!j.is_object()) return fail("form: not a JSON object");
    Form form;
    form.id = text_of(j, "id");
    form.version = j.value("version", 0);
    form.title = text_of(j, "title");
    form.recipient = text_of(j, "recipient");
    form.summary = text_of(j, "summary");
    form.page = text_of(j, "page");
    form.note = text_of(j, "note");
    if (form.id.empty() || form.version < 1 || form.recipient.empty()) return fail("form: missing id, version or recipient");
    if (auto it = j.find("sepa_mandate"); it != j.end() && it->is_object()) {
        form.sepa_mandate = SepaMandate{text_of(*it, "payment_type"), text_of(*it, "ics"), text_of(*it, "creditor")};
        if (form.sepa_mandate->payment_type.empty() || form.sepa_mandate->ics.empty())
            return fail("form: 'sepa_mandate' lacks its payment_type or ics");
    }
    if (auto it = j.find("pieces"); it != j.end() && it->is_array())
        for (const auto& p : *it) form.pieces.push_back(p.is_string() ? p.get<std::string>() : p.dump());
    if (auto it = j.find("tables"); it != j.end() && it->is_object())
        for (const auto& [name, t] : it->items()) {
            std::vector<TableRow> rows;
            for (const auto& r : t.value("rows", json::array()))
                rows.push_back({r.value("max", 0.0), r.value("value", 0.0)});
            form.tables.emplace_back(name, std::move(rows));
        }
    for (const auto& s : j.value("sections", json::array())) {
        Section section{text_of(s, "title"), {}, text_of(s, "show_if")};
        for (const auto& f : s.value("fields", json::array())) {
            auto field = field_from_json(f, "form " + form.id);
            if (!field) return field.error();
            section.fields.push_back(std::move(*field));
        }
        form.sections.push_back(std::move(section));
    }
    return form;
}

std::vector<const Field*> Form::all_fields() const {
    std::vector<const Field*> out;
    for (const auto& s : sections)
        for (const auto& f : s.fields) {
            out.push_back(&f);
            for (const auto& sub : f.fields) out.push_back(&sub);
        }
    return out;
}

const Field* Form::find(std::string_view field_id) const {
    for (const Field* f : all_fields())
        if (f->id == field_id) return f;
    return nullptr;
}

}  // namespace guichet::forms
