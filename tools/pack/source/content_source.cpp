#include "content_source.hpp"
#include "media_check.hpp"

#include "common/file.hpp"
#include "crypto/box.hpp"
#include "forms.hpp"
#include "keys.hpp"
#include "map_sources.hpp"
#include "messages.hpp"
#include "pack/format.hpp"
#include "pages.hpp"
#include "ui_strings.hpp"
#include "sheets.hpp"
#include "yaml_util.hpp"
#include "sepa/sepa.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace guichet::packsrc {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxTextFile = 4 * 1024 * 1024;
constexpr int kMaxMenuDepth = 3;
constexpr const char* kCommunesSource = "data/communes-france.json";

// Resolves TARGET relative to the directory of FROM (both pack-relative);
// empty when it leaves the pack.
std::string resolve_relative(const std::string& from, std::string target) {
    if (auto hash = target.find('#'); hash != std::string::npos) target.resize(hash);
    std::vector<std::string> parts;
    auto push_path = [&](const std::string& p) {
        std::size_t start = 0;
        while (start <= p.size()) {
            auto slash = p.find('/', start);
            std::string part = p.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            if (part == "..") {
                if (parts.empty()) return false;
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        return true;
    };
    auto dir = from.substr(0, from.rfind('/') == std::string::npos ? 0 : from.rfind('/'));
    if (!push_path(dir) || !push_path(target)) return {};
    std::string out;
    for (auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

// The official commune list (npm @etalab/decoupage-administratif, communes.json)
// compiled to the compact form the kiosk reads: [{"insee","nom","cp":[…]}].
std::optional<std::string> compile_communes(const std::string& text, const std::string& file, Diagnostics& diags) {
    json in = json::parse(text, nullptr, false);
    if (in.is_discarded() || !in.is_array()) {
        diags.error(file, 0, 0, "not a JSON list of communes (expected the communes.json of @etalab/decoupage-administratif)");
        return std::nullopt;
    }
    json out = json::array();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const json& c = in[i];
        // Some territories (the TAAF districts) have no postal code at all.
        const json no_codes = json::array();
        bool ok = c.is_object() && c.contains("code") && c["code"].is_string() && c.contains("nom") && c["nom"].is_string();
        const json& codes = ok && c.contains("codesPostaux") ? c["codesPostaux"] : no_codes;
        ok = ok && codes.is_array();
        if (ok)
            for (const auto& cp : codes) ok = ok && cp.is_string() && cp.get<std::string>().size() == 5;
        if (!ok) {
            diags.error(file, 0, 0, "commune number " + std::to_string(i + 1) + " lacks 'code', 'nom' or valid 'codesPostaux'");
            return std::nullopt;
        }
        if (!seen.insert(c["code"].get<std::string>()).second) {
            diags.error(file, 0, 0, "INSEE code " + c["code"].get<std::string>() + " appears twice");
            return std::nullopt;
        }
        out.push_back({{"insee", c["code"]}, {"nom", c["nom"]}, {"cp", codes}});
    }
    return out.dump();
}

struct Loader {
    fs::path root;
    std::string shown;  // root as shown in messages
    Diagnostics& diags;
    std::set<std::string> files;  // every pack-relative file path in the source
    std::map<std::string, Page> pages;
    std::map<std::string, json> forms;          // id -> compiled form
    std::map<std::string, crypto::BoxPublicKey> recipient_keys;
    std::map<std::string, SepaCreditor> sepa_creditors;  // recipient id -> its creditor (docs/sepa.md §1)
    std::set<std::string> referenced_pages;

    std::string name(const std::string& rel) const { return shown + "/" + rel; }
    static bool is_readme(const std::string& rel) { return rel == "README.md" || rel.ends_with("/README.md"); }
    bool is_media(const std::string& rel) const { return rel.starts_with("media/") && !is_readme(rel) && files.count(rel); }
    // A video shown in a page (`![…](x.mp4)`) is a guide: it must come with subtitles (docs/content-format.md).
    static bool is_video_guide(const std::string& rel) {
        std::string ext = rel.substr(std::min(rel.size(), rel.rfind('.')));
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return ext == ".mp4" || ext == ".webm" || ext == ".mkv" || ext == ".mov" || ext == ".avi";
    }
    bool has_subtitles(const std::string& video) const {
        const std::string stem = video.substr(0, video.rfind('.'));
        return is_media(stem + ".vtt") || is_media(stem + ".srt");
    }

    void list_files() {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            auto rel = fs::relative(it->path(), root).generic_string();
            auto leaf = it->path().filename().string();
            if (leaf.starts_with(".")) {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file()) continue;
            if (!pack::is_valid_entry_path(rel)) {
                diags.error(name(rel), 0, 0, msg("file name is not usable in a pack (control characters or backslashes): rename it"));
                continue;
            }
            files.insert(rel);
        }
        if (ec) diags.error(shown, 0, 0, "cannot list the content directory: " + ec.message());
    }

    std::optional<std::string> read_text(const std::string& rel) {
        auto text = read_text_file(root / rel, kMaxTextFile);
        if (!text) {
            diags.error(name(rel), 0, 0, text.error().message);
            return std::nullopt;
        }
        if (!pack::is_valid_utf8(*text)) {
            diags.error(name(rel), 0, 0, msg("the file is not valid UTF-8 text: save it as UTF-8 in your editor"));
            return std::nullopt;
        }
        return std::move(*text);
    }

    void load_recipients(const YAML::Node& list, const YamlContext& ctx, json& out) {
        out = json::array();
        if (!list) return;
        if (!list.IsSequence()) {
            ctx.error(list, msg("'recipients' must be a list of { id, name, key }"));
            return;
        }
        std::map<std::string, int> first_line;
        for (const auto& r : list) {
            check_keys(r, {"id", "name", "key", "sepa_creditor"}, ctx, msg("a recipient"));
            auto id = get_string(r, "id", ctx);
            auto display = get_string(r, "name", ctx);
            auto key_path = get_string(r, "key", ctx);
            if (!id || !display || !key_path) continue;
            if (!pack::is_valid_pack_id(*id)) ctx.error(r["id"], msg("recipient id '{1}' must be lowercase letters, digits and '-'", {*id}));
            if (!files.count(*key_path)) {
                ctx.error(r["key"], msg("recipient key file '{1}' does not exist: ask the service for its public key file", {*key_path}));
                continue;
            }
            auto text = read_text(*key_path);
            if (!text) continue;
            auto key = crypto::BoxPublicKey::parse(*text);
            if (!key) {
                diags.error(name(*key_path), 1, 1, key.error().message);
                continue;
            }
            if (auto [it, fresh] = first_line.emplace(*id, ctx.line(r["id"])); !fresh) {
                ctx.error(r["id"], msg("recipient '{1}' is declared twice (first at line {2})", {*id, std::to_string(it->second)}));
                continue;
            }
            recipient_keys.emplace(*id, *key);
            out.push_back({{"id", *id}, {"name", *display}, {"public_key", key->to_base64()}});
            if (YAML::Node c = r["sepa_creditor"]) {
                if (auto creditor = load_sepa_creditor(c, ctx)) {
                    out.back()["sepa_creditor"] = {{"ics", creditor->ics}, {"name", creditor->name}};
                    sepa_creditors.emplace(*id, std::move(*creditor));
                } else {
                    sepa_creditors.emplace(*id, SepaCreditor{});  // reported here: its forms say nothing more
                }
            }
        }
    }

    // A recipient that collects SEPA direct debits: { ics, name }, the ICS checked (ISO 7064 MOD 97-10).
    std::optional<SepaCreditor> load_sepa_creditor(const YAML::Node& c, const YamlContext& ctx) {
        if (!c.IsMap()) {
            ctx.error(c, msg("'sepa_creditor' must be a mapping { ics, name }"));
            return std::nullopt;
        }
        check_keys(c, {"ics", "name"}, ctx, msg("a SEPA creditor"));
        auto ics = get_string(c, "ics", ctx);
        auto name = get_string(c, "name", ctx);
        if (!ics || !name) return std::nullopt;
        auto checked = sepa::check_ics(*ics);
        if (!checked) {
            ctx.error(c["ics"], checked.error().message);
            return std::nullopt;
        }
        if (name->empty() || name->size() > 140) {
            ctx.error(c["name"], msg("the SEPA creditor's 'name' must have 1 to 140 characters"));
            return std::nullopt;
        }
        return SepaCreditor{*checked, *name};
    }

    // « Services en ligne » (docs/content-format.md §3.1, docs/web-view.md): the sites a rubrique
    // opens in the kiosk's web view; each address's origin joins the view's allow-list.
    void check_sites(const YAML::Node& sites, const YamlContext& ctx, json& out) {
        out = json::array();
        if (!sites.IsSequence()) {
            ctx.error(sites, msg("'sites' must be a list of sites (title, address, summary, icon)"));
            return;
        }
        for (const auto& site : sites) {
            check_keys(site, {"title", "address", "summary", "icon"}, ctx, msg("a site"));
            auto title = get_string(site, "title", ctx);
            auto address = get_string(site, "address", ctx);
            if (!title || !address) continue;
            const auto host_start = address->find("://") == std::string::npos ? std::string::npos : address->find("://") + 3;
            if (!address->starts_with("https://") || host_start >= address->size() || address->find_first_of(" @") != std::string::npos ||
                (*address)[host_start] == '/') {
                ctx.error(site["address"], msg("site address '{1}' must be an https:// address with a host (no user name, no space)", {*address}));
                continue;
            }
            json j{{"title", *title}, {"address", *address}};
            if (auto summary = get_string(site, "summary", ctx, false)) j["summary"] = *summary;
            if (auto icon = get_string(site, "icon", ctx, false)) {
                if (std::none_of(menu_icons().begin(), menu_icons().end(), [&](const char* k) { return *icon == k; }))
                    ctx.error(site["icon"], msg("unknown icon '{1}'; use maison, formulaire, carte, emploi, associations, calendrier, affichage, visio, suivi, paiement, info, plan or factures", {*icon}));
                j["icon"] = *icon;
            }
            out.push_back(std::move(j));
        }
    }

    void check_menu(const YAML::Node& items, const YamlContext& ctx, int depth, std::map<std::string, int>& ids, json& out) {
        out = json::array();
        if (!items.IsSequence()) {
            ctx.error(items, msg("a menu must be a list of rubriques"));
            return;
        }
        if (depth > kMaxMenuDepth) ctx.error(items, msg("the menu is nested more than 3 levels deep: residents get lost"));
        for (const auto& item : items) {
            json j;
            check_keys(item, {"id", "title", "icon", "page", "forms", "sites", "children"}, ctx, msg("a rubrique"));
            auto id = get_string(item, "id", ctx);
            auto title = get_string(item, "title", ctx);
            if (id && !pack::is_valid_pack_id(*id)) ctx.error(item["id"], msg("menu id '{1}' must be lowercase letters, digits and '-'", {*id}));
            else if (auto [it, fresh] = id ? ids.emplace(*id, ctx.line(item["id"])) : std::pair{ids.end(), true}; !fresh)
                ctx.error(item["id"], msg("menu id '{1}' is used twice (first at line {2})", {*id, std::to_string(it->second)}));
            if (id) j["id"] = *id;
            if (title) j["title"] = *title;
            if (auto icon = get_string(item, "icon", ctx, false)) {
                if (std::none_of(menu_icons().begin(), menu_icons().end(), [&](const char* k) { return *icon == k; }))
                    ctx.error(item["icon"], msg("unknown icon '{1}'; use maison, formulaire, carte, emploi, associations, calendrier, affichage, visio, suivi, paiement, info, plan, factures or appel", {*icon}));
                j["icon"] = *icon;
            }
            if (auto page = get_string(item, "page", ctx, false)) {
                if (!pages.count(*page)) ctx.error(item["page"], msg("page '{1}' does not exist: check the path (relative to the pack folder)", {*page}));
                referenced_pages.insert(*page);
                j["page"] = *page;
            }
            if (YAML::Node f = item["forms"]) {
                j["forms"] = json::array();
                if (!f.IsSequence()) ctx.error(f, msg("'forms' must be a list of form ids"));
                else
                    for (const auto& form_id : f) {
                        if (!form_id.IsScalar() || !files.count("forms/" + form_id.Scalar() + ".yaml"))
                            ctx.error(form_id, "form '" + (form_id.IsScalar() ? form_id.Scalar() : std::string("?")) +
                                                   "' does not exist: there is no forms/" + (form_id.IsScalar() ? form_id.Scalar() : std::string("?")) + ".yaml");
                        else
                            j["forms"].push_back(form_id.Scalar());
                    }
            }
            if (YAML::Node sites = item["sites"]) check_sites(sites, ctx, j["sites"]);
            if (YAML::Node children = item["children"]) check_menu(children, ctx, depth + 1, ids, j["children"]);
            if (!j.contains("page") && !j.contains("forms") && !j.contains("children") && !j.contains("sites"))
                ctx.error(item, msg("rubrique '{1}' shows nothing: give it a 'page', 'forms', 'sites' or 'children'", {id.value_or("?")}));
            out.push_back(std::move(j));
        }
    }

    void check_links(const std::string& rel, const Page& page) {
        for (const auto& link : page.links) {
            const std::string& t = link.target;
            if (t.empty() || t.starts_with("#")) continue;
            if (t.starts_with("form:")) {
                if (!files.count("forms/" + t.substr(5) + ".yaml"))
                    diags.error(name(rel), link.line, 0, msg("link to form '{1}', which does not exist in forms/", {t.substr(5)}));
                continue;
            }
            if (t.find("://") != std::string::npos || t.starts_with("mailto:") || t.starts_with("tel:")) {
                diags.warning(name(rel), link.line, 0, msg("link to '{1}' leaves the kiosk, which works offline: residents cannot follow it; write the address as plain text instead", {t}));
                continue;
            }
            // A leading '/' starts from the pack folder; anything else from the page's folder.
            auto target = t.starts_with("/") ? resolve_relative("", t.substr(1)) : resolve_relative(rel, t);
            if (target.empty()) {
                diags.error(name(rel), link.line, 0, msg("link '{1}' points outside the pack folder", {t}));
                continue;
            }
            if (!files.count(target)) {
                diags.error(name(rel), link.line, 0,
                            link.image ? msg("image '{1}' does not resolve: there is no file {2}; fix the path (relative to this page) or add the file", {t, target})
                                       : msg("link '{1}' does not resolve: there is no file {2}; fix the path (relative to this page) or add the file", {t, target}));
                continue;
            }
            if (link.image && !is_media(target))
                diags.error(name(rel), link.line, 0, msg("image '{1}' must be a file under media/", {t}));
            else if (link.image && is_video_guide(target) && !has_subtitles(target))
                diags.error(name(rel), link.line, 0, "video guide '" + t + "' has no subtitles: add " +
                                                         target.substr(0, target.rfind('.')) +
                                                         ".vtt (WebVTT) or .srt next to it, so that a deaf resident can follow it");
            else if (!link.image && !pages.count(target) && !is_media(target))
                diags.error(name(rel), link.line, 0, "link '" + t + "' points to " + target +
                                                         ", which is not published: link to a page under pages/ or a file under media/");
            if (pages.count(target)) referenced_pages.insert(target);
        }
    }
};

// The pack's tracking-code prefix and commune name (docs/content-format.md §2): démarches of this
// pack get codes PPP-XXXX-XC with its prefix, and the kiosk names the commune next to each code.
void check_tracking(const YAML::Node& P, const YamlContext& ctx, bool has_forms, json& pack_json) {
    auto prefix = get_string(P, "tracking_prefix", ctx, false);
    auto commune = get_string(P, "commune_name", ctx, false);
    if (!prefix && has_forms)
        ctx.error(P, msg("missing 'tracking_prefix': the 3 capital letters that start the tracking codes of this pack's démarches "
                         "(ANR for Anor); give each commune its own"));
    if (prefix) {
        const bool ok = prefix->size() == 3 && std::all_of(prefix->begin(), prefix->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!ok) ctx.error(P["tracking_prefix"], msg("'tracking_prefix' must be 3 capital letters A-Z, such as ANR, not '{1}'", {*prefix}));
        else pack_json["tracking_prefix"] = *prefix;
    }
    if (!commune && (prefix || has_forms))
        ctx.error(P, msg("missing 'commune_name': the commune's name, shown next to its tracking codes (for example commune_name: \"Anor\")"));
    if (commune) {
        if (commune->empty()) ctx.error(P["commune_name"], msg("'commune_name' must not be empty"));
        pack_json["commune_name"] = *commune;
    }
}

}  // namespace

std::string source_fingerprint(const fs::path& dir) {
    std::vector<std::string> lines;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->path().filename().string().starts_with(".")) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        const auto size = it->file_size(ec);
        const auto time = it->last_write_time(ec).time_since_epoch().count();
        lines.push_back(fs::relative(it->path(), dir, ec).generic_string() + " " + std::to_string(size) + " " + std::to_string(time));
    }
    std::sort(lines.begin(), lines.end());  // directory order is not stable
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::span<const char* const> menu_icons() {
    static constexpr const char* kIcons[] = {"maison", "formulaire", "carte", "emploi", "associations", "calendrier",
                                             "affichage", "visio", "suivi", "paiement", "info", "plan",
                                             "factures", "appel"};
    return kIcons;
}

std::optional<CompiledSource> compile_source(const fs::path& dir, Diagnostics& diags) {
    Loader L{dir, dir.generic_string(), diags, {}, {}, {}, {}, {}, {}};
    while (L.shown.size() > 1 && L.shown.back() == '/') L.shown.pop_back();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        diags.error(L.shown, 0, 0, msg("not a directory: give the folder that holds pack.yaml"));
        return std::nullopt;
    }
    L.list_files();
    if (!L.files.count("pack.yaml")) {
        diags.error(L.name("pack.yaml"), 0, 0, msg("missing: every content folder needs a pack.yaml (see docs/content-format.md)"));
        return std::nullopt;
    }
    auto pack_text = L.read_text("pack.yaml");
    if (!pack_text) return std::nullopt;
    YamlContext pctx{L.name("pack.yaml"), 0, &diags};
    auto pack_yaml = parse_yaml(*pack_text, pctx);
    if (!pack_yaml) return std::nullopt;
    if (!pack_yaml->IsMap()) {
        diags.error(pctx.file, 1, 1, msg("pack.yaml must be 'key: value' lines"));
        return std::nullopt;
    }
    const YAML::Node& P = *pack_yaml;

    check_keys(P, {"format", "id", "title", "version", "languages", "expires_days", "min_kiosk_version", "audience", "home", "menu",
                   "recipients", "maps", "tracking_prefix", "commune_name"},
               pctx, "pack.yaml");
    CompiledSource out;
    if (auto format = get_integer(P, "format", pctx); format && *format != 1)
        pctx.error(P["format"], "unsupported content format " + std::to_string(*format) + " (this tool reads format 1)");
    auto id = get_string(P, "id", pctx);
    if (id && !pack::is_valid_pack_id(*id)) pctx.error(P["id"], msg("pack id '{1}' must be lowercase letters, digits and '-'", {*id}));
    auto title = get_string(P, "title", pctx);
    auto version = get_integer(P, "version", pctx);
    if (version && *version < 1) pctx.error(P["version"], msg("'version' must be 1 or more, and go up with every new pack"));
    auto expires_days = get_integer(P, "expires_days", pctx);
    if (expires_days && (*expires_days < 1 || *expires_days > 3650)) pctx.error(P["expires_days"], msg("'expires_days' must be between 1 and 3650"));
    auto min_kiosk = get_integer(P, "min_kiosk_version", pctx, false).value_or(1);
    if (min_kiosk < 1 || min_kiosk > 1'000'000)
        pctx.error(P["min_kiosk_version"], "'min_kiosk_version' must be between 1 and 1000000");
    std::vector<std::string> languages, audience{"*"};
    if (YAML::Node l = P["languages"]; l && l.IsSequence() && l.size() > 0) {
        for (const auto& x : l) {
            if (x.IsScalar() && x.Scalar().size() == 2 && std::all_of(x.Scalar().begin(), x.Scalar().end(), [](char c) { return c >= 'a' && c <= 'z'; }))
                languages.push_back(x.Scalar());
            else
                pctx.error(x, msg("each language must be a two-letter code such as fr"));
        }
    } else {
        pctx.error(l ? l : P, msg("'languages' must be a list such as [fr]"));
    }
    if (YAML::Node a = P["audience"]) {
        audience.clear();
        if (!a.IsSequence() || a.size() == 0) pctx.error(a, "'audience' must be a list of kiosk ids, or [\"*\"] for every kiosk");
        else
            for (const auto& x : a) {
                if (x.IsScalar() && (x.Scalar() == "*" || pack::is_valid_pack_id(x.Scalar()))) audience.push_back(x.Scalar());
                else pctx.error(x, "each audience entry must be a kiosk id (lowercase letters, digits, '-') or \"*\"");
            }
    }

    // Pages first: the menu and the forms refer to them.
    for (const auto& rel : L.files) {
        if (!rel.starts_with("pages/")) continue;
        if (!rel.ends_with(".md")) {
            diags.warning(L.name(rel), 0, 0, msg("only .md files are pages; this file is not included (put images in media/)"));
            continue;
        }
        auto text = L.read_text(rel);
        if (!text) continue;
        if (auto page = parse_page(*text, L.name(rel), diags)) {
            page->meta["path"] = rel;
            L.pages.emplace(rel, std::move(*page));
        }
    }

    json pack_json;
    L.load_recipients(P["recipients"], pctx, pack_json["recipients"]);
    std::set<std::string> recipient_ids;
    for (auto& [rid, _] : L.recipient_keys) recipient_ids.insert(rid);

    bool has_forms = false;
    for (const auto& rel : L.files) {
        if (!rel.starts_with("forms/")) continue;
        has_forms = true;
        if (!rel.ends_with(".yaml") || rel.find('/', 6) != std::string::npos) {
            diags.warning(L.name(rel), 0, 0, msg("only forms/<id>.yaml files are forms; this file is not included"));
            continue;
        }
        auto text = L.read_text(rel);
        if (!text) continue;
        YamlContext fctx{L.name(rel), 0, &diags};
        auto node = parse_yaml(*text, fctx);
        if (!node) continue;
        std::string form_id = rel.substr(6, rel.size() - 6 - 5);
        if (!pack::is_valid_pack_id(form_id)) {
            diags.error(L.name(rel), 0, 0, "form file names must be lowercase letters, digits and '-' (for example acte-etat-civil.yaml)");
            continue;
        }
        FormContext fc{form_id, &recipient_ids, [&](const std::string& p) { return L.pages.count(p) > 0; }, L.files.count(kCommunesSource) > 0, &L.sepa_creditors};
        if (auto form = check_form(*node, fctx, fc)) {
            if (auto page = form->find("page"); page != form->end() && page->is_string()) L.referenced_pages.insert(page->get<std::string>());
            L.forms.emplace(form_id, std::move(*form));
        }
    }

    std::map<std::string, int> menu_ids;  // id -> line of its first use
    if (YAML::Node menu = P["menu"]) L.check_menu(menu, pctx, 1, menu_ids, pack_json["menu"]);
    else pctx.error(P, msg("missing 'menu': the list of rubriques shown on the home screen"));
    if (auto home = get_string(P, "home", pctx)) {
        if (!L.pages.count(*home)) pctx.error(P["home"], msg("home page '{1}' does not exist", {*home}));
        L.referenced_pages.insert(*home);
        pack_json["home"] = *home;
    }
    check_tracking(P, pctx, has_forms, pack_json);
    for (const auto& [rel, page] : L.pages) L.check_links(rel, page);
    for (const auto& [rel, page] : L.pages)
        if (!L.referenced_pages.count(rel))
            diags.warning(L.name(rel), 0, 0, msg("no menu entry, form or page links to this page: residents cannot reach it"));

    for (const auto& rel : L.files) {
        bool known = rel == "pack.yaml" || rel == "strings.yaml" || rel.starts_with("pages/") || rel.starts_with("forms/") ||
                     rel.starts_with("media/") || rel.starts_with("keys/") || rel == kCommunesSource ||
                     rel.starts_with("sheets/") ||   // printed sheets' layouts (docs/print.md)
                     rel.starts_with("data/maps/");  // map sources, read through pack.yaml 'maps'
        if (rel.starts_with("keys/") && !rel.ends_with(".pub"))
            diags.error(L.name(rel), 0, 0, msg("only public keys (.pub) belong in a content folder: move this file out, it must never be published"));
        if (!known && !Loader::is_readme(rel))
            diags.warning(L.name(rel), 0, 0, msg("not part of any pack section (pages/, forms/, media/, keys/); not included"));
    }

    std::optional<std::string> communes;
    if (L.files.count(kCommunesSource)) {
        auto text = read_text_file(dir / kCommunesSource, 64 * 1024 * 1024);
        if (!text) diags.error(L.name(kCommunesSource), 0, 0, text.error().message);
        else communes = compile_communes(*text, L.name(kCommunesSource), diags);
    }

    // The kiosk's texts: the built-in defaults with the pack's strings.yaml applied.
    std::optional<std::string> overrides;
    if (L.files.count("strings.yaml")) overrides = L.read_text("strings.yaml");
    const std::optional<std::string> ui_strings = compile_ui_strings(overrides, L.name("strings.yaml"), diags);

    // Printed sheets (docs/print.md): sheets/<id>.yaml → sheets/<id>.json.
    std::map<std::string, std::string> sheets;
    for (const auto& rel : L.files) {
        if (!rel.starts_with("sheets/") || Loader::is_readme(rel)) continue;
        const std::string name = rel.substr(7);
        if (!name.ends_with(".yaml") || name.find('/') != std::string::npos) {
            diags.warning(L.name(rel), 0, 0, msg("only sheets/<id>.yaml files are printed sheets; this file is not included"));
            continue;
        }
        const std::string sid = name.substr(0, name.size() - 5);
        if (auto text = L.read_text(rel))
            if (auto compiled = compile_sheet(sid, *text, L.name(rel), diags)) sheets.emplace(sid, std::move(*compiled));
    }

    std::vector<pack::SourceEntry> map_entries;
    const MapsNeeds maps_need =
        compile_maps(P["maps"], pctx, {dir, L.shown, [&](const std::string& f) { return L.files.count(f) > 0; },
                                       [&](const std::string& p) { return L.pages.count(p) > 0; }},
                     map_entries);
    // A kiosk too old for the maps must refuse the whole pack, saying why (its trust store
    // compares min_kiosk_version), rather than install it and show no map. Undeclared, the
    // version is raised quietly; declared lower, it is raised and staff are told.
    if (static_cast<long long>(maps_need.min_kiosk_version) > min_kiosk) {
        if (YAML::Node declared = P["min_kiosk_version"])
            pctx.warning(declared, msg("'min_kiosk_version' {1} is raised to {2}: the network map '{3}' (lines, map layer format 2) "
                                       "needs kiosk software version {2} or later; older kiosks will refuse this pack",
                                       {std::to_string(min_kiosk), std::to_string(maps_need.min_kiosk_version), maps_need.layer}));
        min_kiosk = maps_need.min_kiosk_version;
    }

    if (diags.has_errors() || !id || !title || !version || !expires_days) return std::nullopt;

    out.manifest.id = *id;
    out.manifest.title = *title;
    out.manifest.version = static_cast<std::uint64_t>(*version);
    out.manifest.languages = languages;
    out.manifest.audience = audience;
    out.manifest.min_kiosk_version = static_cast<std::uint32_t>(min_kiosk);
    out.expires_days = *expires_days;

    pack_json["format"] = 1;
    pack_json["id"] = *id;
    pack_json["title"] = *title;
    pack_json["languages"] = languages;
    json catalog = json::array();
    auto add_text = [&](std::string path, const std::string& text, pack::MediaType type) {
        pack::SourceEntry e;
        e.path = std::move(path);
        e.data.assign(text.begin(), text.end());
        e.media_type = type;
        out.entries.push_back(std::move(e));
    };
    for (auto& [rel, page] : L.pages) {
        catalog.push_back(page.meta);
        add_text(rel, page.body, pack::MediaType::markdown);
        ++out.pages;
    }
    for (auto& [fid, form] : L.forms) {
        add_text("forms/" + fid + ".json", form.dump(1), pack::MediaType::json);
        ++out.forms;
    }
    if (communes) add_text("data/communes.json", *communes, pack::MediaType::json);
    add_text("pack.json", pack_json.dump(1), pack::MediaType::json);
    add_text("catalog.json", catalog.dump(1), pack::MediaType::json);
    if (ui_strings) add_text("ui/strings.json", *ui_strings, pack::MediaType::json);
    for (const auto& [sid, sheet_json] : sheets) add_text("sheets/" + sid + ".json", sheet_json, pack::MediaType::json);
    for (auto& e : map_entries) out.entries.push_back(std::move(e));
    for (const auto& rel : L.files) {
        if (!L.is_media(rel)) continue;
        auto e = prepare_media_entry(dir / rel, rel, L.name(rel), diags);  // decodes, resizes pictures (media_check.hpp)
        if (!e) continue;
        out.entries.push_back(std::move(*e));
        ++out.media;
    }
    if (diags.has_errors()) return std::nullopt;
    return out;
}

}  // namespace guichet::packsrc
