#include "hub/form_catalog.hpp"

#include "common/staff_language.hpp"
#include "forms/form.hpp"
#include "pack/reader.hpp"

#include <algorithm>
#include <iostream>
#include <regex>

namespace guichet::sync::hub {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json spans_json(const std::vector<content::Span>& spans) {
    json out = json::array();
    for (const content::Span& s : spans) {
        json span = {{"text", s.text}};
        if (s.bold) span["bold"] = true;
        if (s.italic) span["italic"] = true;
        if (!s.link.empty()) span["link"] = s.link;  // shown as text by the back office, never followed
        out.push_back(std::move(span));
    }
    return out;
}

const char* block_kind(content::BlockKind k) {
    switch (k) {
        case content::BlockKind::Heading: return "heading";
        case content::BlockKind::ListItem: return "list_item";
        case content::BlockKind::Quote: return "quote";
        case content::BlockKind::Code: return "code";
        case content::BlockKind::Rule: return "rule";
        case content::BlockKind::Image: return "image";
        case content::BlockKind::Table: return "table";
        case content::BlockKind::Paragraph: break;
    }
    return "paragraph";
}

// A note's Markdown as blocks of spans: the browser builds it from text nodes.
// Pictures keep their alt text only (the hub does not serve pack media here).
json doc_json(const content::Doc& doc) {
    json out = json::array();
    for (const content::Block& b : doc.blocks) {
        json block = {{"kind", block_kind(b.kind)}};
        if (b.level != 0) block["level"] = b.level;
        if (b.ordinal != 0) block["ordinal"] = b.ordinal;
        if (b.kind == content::BlockKind::Table) {
            json rows = json::array();
            for (const auto& row : b.rows) {
                json cells = json::array();
                for (const content::TableCell& c : row) cells.push_back(c.plain_text());
                rows.push_back(std::move(cells));
            }
            block["rows"] = std::move(rows);
            block["header_rows"] = b.header_rows;
        } else {
            block["spans"] = spans_json(b.spans);
        }
        out.push_back(std::move(block));
    }
    return out;
}

json field_json(const forms::Field& f) {
    json out = {{"id", f.id}, {"type", std::string(forms::field_type_name(f.type))}, {"label", f.label}};
    if (!f.help.empty()) out["help"] = f.help;
    if (f.required) out["required"] = true;
    if (!f.show_if.empty()) out["conditional"] = true;  // shown only when the resident's answers call for it
    if (!f.format.empty()) out["format"] = f.format;
    if (!f.options.empty()) {
        json options = json::array();
        for (const forms::Option& o : f.options) options.push_back({{"value", o.value}, {"label", o.label}});
        out["options"] = std::move(options);
    }
    if (!f.fields.empty()) {
        json fields = json::array();
        for (const forms::Field& sub : f.fields) fields.push_back(field_json(sub));
        out["fields"] = std::move(fields);
    }
    return out;
}

}  // namespace

json form_definition_json(const content::FormSummary& s, const std::string& pack_id, std::uint64_t pack_version) {
    json out = {{"pack_id", pack_id}, {"pack_version", pack_version}, {"id", s.id}, {"title", s.title},
                {"summary", s.summary}, {"recipient", s.recipient}, {"note", doc_json(s.note)},
                {"pieces", s.pieces}};
    json sections = json::array();
    if (s.compiled) {
        const forms::Form& form = s.compiled->form();
        out["version"] = form.version;
        for (const forms::Section& section : form.sections) {
            json fields = json::array();
            for (const forms::Field& f : section.fields) {
                if (f.type == forms::FieldType::info) continue;  // the wizard's explanations, never answered
                fields.push_back(field_json(f));
            }
            json entry = {{"title", section.title}, {"fields", std::move(fields)}};
            if (!section.show_if.empty()) entry["conditional"] = true;
            sections.push_back(std::move(entry));
        }
    }
    out["sections"] = std::move(sections);
    return out;
}

std::map<std::pair<std::string, std::uint64_t>, fs::path> FormCatalog::scan() const {
    static const std::regex kPackFile("([a-z0-9][a-z0-9._-]{0,63})-([0-9]{1,18})\\.gpk");
    std::map<std::pair<std::string, std::uint64_t>, fs::path> found;
    std::error_code ec;
    for (fs::directory_iterator dir(repo_ / "packs", ec), end; !ec && dir != end; dir.increment(ec)) {
        if (!dir->is_directory(ec)) continue;
        const std::string id = dir->path().filename().string();
        std::vector<std::uint64_t> versions;
        for (fs::directory_iterator file(dir->path(), ec), fend; !ec && file != fend; file.increment(ec)) {
            std::smatch m;
            const std::string name = file->path().filename().string();
            if (std::regex_match(name, m, kPackFile) && m[1] == id && file->is_regular_file(ec))
                versions.push_back(std::stoull(m[2]));
        }
        ec.clear();
        std::sort(versions.rbegin(), versions.rend());
        if (versions.size() > kFormPackVersions) versions.resize(kFormPackVersions);
        for (std::uint64_t v : versions) found[{id, v}] = dir->path() / (id + "-" + std::to_string(v) + ".gpk");
    }
    return found;
}

json FormCatalog::forms_for(const std::string& recipient) {
    const auto files = scan();
    std::lock_guard lock(mutex_);
    std::erase_if(cache_, [&](const auto& entry) { return !files.contains(entry.first); });
    for (const auto& [key, path] : files) {
        if (cache_.contains(key)) continue;
        // The hub's own repository, written by staff's `guichet-pack publish`:
        // its packs are what kiosks verify and install. Checked again here
        // when the hub was given the pack key; what it reads is layout only.
        auto reader = keys_.keys().empty() ? pack::PackReader::open_unverified(path) : pack::PackReader::open(path, keys_);
        auto content = reader ? content::build_pack_content(*reader) : Result<content::PackContent>(reader.error());
        if (!content) {
            if (!reported_[path])
                std::cerr << staff::msg("guichet-hub: the forms of {1} cannot be read, the back office shows its démarches "
                                        "without their layout: {2}\n",
                                        {path.string(), content.error().message});
            reported_[path] = true;
            continue;  // not cached: tried again at the next look (a file being replaced)
        }
        ++parses_;
        Parsed parsed;
        for (const auto& [id, form] : content->forms)
            parsed.forms.emplace_back(form.recipient, form_definition_json(form, key.first, key.second));
        cache_[key] = std::move(parsed);
    }
    // By form id, newest pack version first (the browser takes the first whose version matches).
    std::vector<const json*> mine;
    for (auto it = cache_.rbegin(); it != cache_.rend(); ++it)
        for (const auto& [to, form] : it->second.forms)
            if (to == recipient) mine.push_back(&form);
    std::stable_sort(mine.begin(), mine.end(), [](const json* a, const json* b) {
        return (*a)["id"].get<std::string>() < (*b)["id"].get<std::string>();
    });
    json list = json::array();
    for (const json* f : mine) list.push_back(*f);
    return {{"format", 1}, {"forms", std::move(list)}};
}

std::size_t FormCatalog::parses() const {
    std::lock_guard lock(mutex_);
    return parses_;
}

}  // namespace guichet::sync::hub
