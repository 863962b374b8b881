#include "content/pack_content.hpp"

#include "pack/reader.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace guichet::content {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const MenuItem* find_in(const std::vector<MenuItem>& items, const std::string& id) {
    for (const MenuItem& m : items) {
        if (m.id == id) return &m;
        if (const MenuItem* c = find_in(m.children, id)) return c;
    }
    return nullptr;
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

MenuItem parse_menu_item(const json& j) {
    MenuItem m;
    m.id = str(j, "id");
    m.title = str(j, "title");
    m.icon = str(j, "icon");
    m.page = str(j, "page");
    if (auto it = j.find("forms"); it != j.end() && it->is_array()) {
        for (const json& f : *it)
            if (f.is_string()) m.forms.push_back(f.get<std::string>());
    }
    if (auto it = j.find("sites"); it != j.end() && it->is_array()) {
        for (const json& s : *it)
            if (s.is_object() && !str(s, "address").empty())
                m.sites.push_back({str(s, "title"), str(s, "address"), str(s, "summary"), str(s, "icon")});
    }
    if (auto it = j.find("children"); it != j.end() && it->is_array()) {
        for (const json& c : *it)
            if (c.is_object()) m.children.push_back(parse_menu_item(c));
    }
    return m;
}

std::string as_text(const Bytes& b) { return std::string(b.begin(), b.end()); }

// Image blocks point at pack paths from here on: the kiosk decodes them by
// that path, the website export copies them.
void resolve_pictures(const std::string& from, Doc& doc) {
    for (Block& b : doc.blocks)
        if (b.kind == BlockKind::Image) b.src = resolve_picture(from, b.src);
}

Result<FormSummary> parse_form(const std::string& path, const Bytes& bytes) {
    json f = json::parse(as_text(bytes), nullptr, false);
    if (!f.is_object()) return fail(path + ": not a JSON object");
    FormSummary s;
    s.id = str(f, "id");
    s.title = str(f, "title");
    s.summary = str(f, "summary");
    s.note = parse_markdown(str(f, "note"));
    s.page = str(f, "page");
    resolve_pictures(s.page.empty() ? "pages/demarches/index.md" : s.page, s.note);
    if (auto it = f.find("pieces"); it != f.end() && it->is_array()) {
        for (const json& p : *it) {
            if (p.is_string()) s.pieces.push_back(p.get<std::string>());
            else if (p.is_object()) s.pieces.push_back(str(p, "label").empty() ? str(p, "title") : str(p, "label"));
        }
    }
    if (auto it = f.find("sections"); it != f.end() && it->is_array()) s.section_count = it->size();
    s.recipient = str(f, "recipient");
    // The wizard needs the compiled form; a form that does not compile stays readable but not fillable.
    if (auto model = forms::Form::from_json(f)) {
        for (const forms::Field* field : model->all_fields())
            if (field->type == forms::FieldType::info) s.info_docs.emplace(field->id, parse_markdown(field->text));
        if (auto compiled = forms::CompiledForm::compile(std::move(*model)))
            s.compiled = std::make_shared<const forms::CompiledForm>(std::move(*compiled));
    }
    return s;
}

}  // namespace

const MenuItem* PackContent::find_menu(const std::string& id) const { return find_in(menu, id); }

const PageInfo* PackContent::page(const std::string& path) const {
    auto it = pages.find(path);
    return it == pages.end() ? nullptr : &it->second;
}

const FormSummary* PackContent::form(const std::string& id) const {
    auto it = forms.find(id);
    return it == forms.end() ? nullptr : &it->second;
}

Result<PackContent> build_pack_content(const pack::PackReader& reader) {
    PackContent c;
    c.pack_id = reader.manifest().id;
    c.pack_version = reader.manifest().version;
    c.title = reader.manifest().title;

    auto pj = reader.read("pack.json");
    if (!pj) return pj.error();
    json pack = json::parse(as_text(*pj), nullptr, false);
    if (!pack.is_object()) return fail("pack.json: not a JSON object");
    if (std::string t = str(pack, "title"); !t.empty()) c.title = t;
    c.home = str(pack, "home");
    if (std::string p = str(pack, "tracking_prefix"); !p.empty()) c.tracking_prefix = p;
    c.commune = str(pack, "commune_name");
    if (auto rs = demarche::recipients_from_pack_json(pack)) c.recipients = std::move(*rs);
    if (reader.find("data/communes.json")) {
        auto cj = reader.read("data/communes.json");
        if (!cj) return cj.error();
        auto dir = forms::CommuneDirectory::from_json(as_text(*cj));
        if (!dir) return fail("data/communes.json: " + dir.error().message);
        c.communes = std::make_shared<const forms::CommuneDirectory>(std::move(*dir));
    }
    if (reader.find("ui/strings.json")) {
        auto sj = reader.read("ui/strings.json");
        if (!sj) return sj.error();
        auto strings = Strings::from_json(as_text(*sj));
        if (!strings) return strings.error();
        c.strings = std::make_shared<const Strings>(std::move(*strings));
    }
    if (auto it = pack.find("menu"); it != pack.end() && it->is_array()) {
        for (const json& m : *it)
            if (m.is_object()) c.menu.push_back(parse_menu_item(m));
    }

    auto cj = reader.read("catalog.json");
    if (!cj) return cj.error();
    json catalog = json::parse(as_text(*cj), nullptr, false);
    if (!catalog.is_array()) return fail("catalog.json: not a JSON array");
    for (const json& e : catalog) {
        if (!e.is_object()) continue;
        PageInfo p;
        p.path = str(e, "path");
        p.title = str(e, "title");
        p.kind = str(e, "kind");
        for (const auto& [key, value] : e.items()) {
            if (value.is_string() && key != "path" && key != "title" && key != "kind") p.fields[key] = value.get<std::string>();
        }
        if (p.path.empty()) continue;
        auto body = reader.read(p.path);
        if (!body) return body.error();
        p.body = parse_markdown(as_text(*body));
        resolve_pictures(p.path, p.body);
        c.pages.emplace(p.path, std::move(p));
    }

    for (std::size_t i = 0; i < reader.entry_count(); ++i) {
        std::string path(reader.entry(i).path);
        if (path.rfind("forms/", 0) != 0 || path.size() < 11 || path.substr(path.size() - 5) != ".json") continue;
        auto fj = reader.read(i);
        if (!fj) return fj.error();
        auto s = parse_form(path, *fj);
        if (!s) return s.error();
        if (!s->id.empty()) c.forms.emplace(s->id, std::move(*s));
    }
    // Printed sheets (docs/print.md): one the kiosk cannot read is left out, and
    // its « Imprimer » button with it; the rest of the pack stays usable.
    for (std::size_t i = 0; i < reader.entry_count(); ++i) {
        std::string path(reader.entry(i).path);
        if (!path.starts_with("sheets/") || !path.ends_with(".json")) continue;
        const std::string id = path.substr(7, path.size() - 12);
        auto sj = reader.read(i);
        if (!sj) continue;
        if (auto sheet = print::parse_sheet_json(id, as_text(*sj)))
            c.sheets.emplace(id, std::make_shared<const print::Sheet>(std::move(*sheet)));
    }
    return c;
}

PackCommune read_pack_commune(const pack::PackReader& reader) {
    PackCommune out;
    auto pj = reader.read("pack.json");
    if (!pj) return out;
    json pack = json::parse(as_text(*pj), nullptr, false);
    out.tracking_prefix = str(pack, "tracking_prefix");
    out.commune = str(pack, "commune_name");
    return out;
}

std::string resolve_link(const std::string& from, const std::string& href) {
    if (href.empty() || href.find("://") != std::string::npos || href.rfind("mailto:", 0) == 0 ||
        href.rfind("tel:", 0) == 0 || href.rfind("form:", 0) == 0 || href[0] == '#') {
        return {};
    }
    std::string target = href.substr(0, href.find('#'));
    fs::path base = fs::path(from).parent_path();
    // A leading '/' starts from the content folder, as guichet-pack checks it (docs/content-format.md §4.3).
    fs::path joined = (target[0] == '/' ? fs::path(target.substr(1)) : base / target).lexically_normal();
    std::string s = joined.generic_string();
    if (s.rfind("pages/", 0) != 0) return {};
    return s;
}

std::string resolve_picture(const std::string& from, const std::string& src) {
    if (src.empty() || src.find("://") != std::string::npos || src.find(':') != std::string::npos) return {};
    const fs::path joined = src[0] == '/' ? fs::path(src.substr(1)) : fs::path(from).parent_path() / src;
    const std::string s = joined.lexically_normal().generic_string();
    if (s.rfind("media/", 0) != 0) return {};
    return s;
}

}  // namespace guichet::content
