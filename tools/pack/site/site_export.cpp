#include "site_export.hpp"

#include "common/markup_escape.hpp"
#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "content/french_dates.hpp"
#include "content/list_rules.hpp"
#include "html_render.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/subtitles.hpp"
#include "pack/reader.hpp"
#include "site_style.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <set>

namespace guichet::site {

namespace fs = std::filesystem;
using content::FormSummary;
using content::MenuItem;
using content::PageInfo;
using staff::msg;

std::string slug(std::string_view id) {
    const std::string folded = content::fold_for_search(id);
    std::string out;
    for (char c : folded) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "x" : out;
}

namespace {

bool is_video(const std::string& path) { return path.ends_with(".mp4") || path.ends_with(".webm"); }

// The pack's display period rules are those of content/list_rules.hpp; the site shows a
// page's dates as the kiosk's list does.
std::string field(const PageInfo& p, const char* key) {
    auto it = p.fields.find(key);
    return it == p.fields.end() ? std::string() : it->second;
}

class Exporter {
public:
    Exporter(const pack::PackReader& reader, const content::PackContent& pack, const ExportOptions& options)
        : reader_(reader), pack_(pack), opt_(options) {}

    Result<ExportReport> run() {
        if (auto r = prepare_out(); !r) return r.error();
        plan_names();
        if (auto r = write("style.css", site_css()); !r) return r.error();
        if (auto r = write("index.html", home()); !r) return r.error();
        for (const auto& [id, menu] : rubriques_)
            if (auto r = write(rubrique_file_.at(id), rubrique(*menu)); !r) return r.error();
        for (const auto& [path, file] : page_file_) {
            const PageInfo* p = pack_.page(path);
            if (p == nullptr || !file.starts_with("page-")) continue;
            if (auto r = write(file, page(*p)); !r) return r.error();
        }
        if (auto r = prepare_online(); !r) return r.error();
        for (const auto& [id, file] : form_file_)
            if (auto r = write(file, demarche(*pack_.form(id))); !r) return r.error();
        for (const auto& e : media_errors_) report_.warnings.push_back(e);
        if (auto r = write("site.json", manifest()); !r) return r.error();
        return report_;
    }

private:
    // OUT must be new, empty or an earlier export: never someone's folder of other files.
    Result<void> prepare_out() {
        std::error_code ec;
        if (fs::is_symlink(opt_.out, ec)) return fail(msg("{1} is a symbolic link; give a real folder", {opt_.out.string()}));
        if (fs::exists(opt_.out, ec)) {
            if (!fs::is_directory(opt_.out, ec)) return fail(msg("{1} exists and is not a folder", {opt_.out.string()}));
            if (!fs::is_empty(opt_.out, ec) && !fs::exists(opt_.out / "site.json", ec))
                return fail(msg("{1} is not empty and holds no earlier export (site.json); give a new or empty folder",
                                {opt_.out.string()}));
        }
        if (auto r = remove_earlier_export(); !r) return r;
        fs::create_directories(opt_.out / "media", ec);
        if (ec) return fail(msg("cannot create {1}: {2}", {(opt_.out / "media").string(), ec.message()}));
        if (fs::is_symlink(opt_.out / "media", ec)) return fail(msg("{1} is a symbolic link", {(opt_.out / "media").string()}));
        root_ = fs::weakly_canonical(opt_.out, ec);
        return {};
    }

    // An earlier export's pages and media go before the new ones are written: a notice whose display
    // period ended must not stay online. Only what an export writes (*.html, style.css, site.json,
    // media/*) is removed; other files (a server's own) stay, and symbolic links are not followed.
    Result<void> remove_earlier_export() {
        std::error_code ec;
        if (!fs::exists(opt_.out / "site.json", ec)) return {};
        auto remove_in = [&](const fs::path& dir, bool only_site_files) -> Result<void> {
            if (!fs::is_directory(fs::symlink_status(dir, ec))) return {};
            std::vector<fs::path> doomed;
            for (const auto& e : fs::directory_iterator(dir, ec)) {
                const std::string name = e.path().filename().string();
                if (!e.is_regular_file(ec) || e.is_symlink(ec)) continue;
                if (!only_site_files || name.ends_with(".html") || name == "style.css" || name == "site.json" ||
                    name == "communes.json")
                    doomed.push_back(e.path());
            }
            if (ec) return fail(msg("cannot read {1}: {2}", {dir.string(), ec.message()}));
            for (const auto& p : doomed)
                if (!fs::remove(p, ec) && ec) return fail(msg("cannot remove {1}: {2}", {p.string(), ec.message()}));
            return {};
        };
        if (auto r = remove_in(opt_.out / "media", false); !r) return r;
        if (auto r = remove_in(opt_.out / "js", false); !r) return r;
        if (auto r = remove_in(opt_.out / "formulaires", false); !r) return r;
        return remove_in(opt_.out, true);
    }

    // NAME is always made here from slug(); this check is the last line of defence.
    Result<void> write(const std::string& name, const std::string& data) {
        bool safe = !name.empty() && name.front() != '/' && name.find("..") == std::string::npos;
        for (char c : name)
            safe = safe && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/');
        const fs::path target = (root_ / name).lexically_normal();
        const auto rel = target.lexically_relative(root_);
        if (!safe || rel.empty() || *rel.begin() == "..")
            return fail(msg("refused to write {1}: outside {2}", {name, root_.string()}));
        std::error_code ec;
        if (fs::is_symlink(target, ec)) return fail(msg("refused to write {1}: a symbolic link", {target.string()}));
        if (auto r = write_file_atomic(target, as_bytes(data)); !r) return r.error();
        report_.bytes += data.size();
        if (name.ends_with(".html")) {
            ++report_.pages;
            report_.largest_html = std::max<std::uint64_t>(report_.largest_html, data.size());
        }
        return {};
    }

    std::string unique(const std::string& base, const std::string& ext) {
        std::string name = base + ext;
        for (int i = 2; used_.count(name); ++i) name = base + "-" + std::to_string(i) + ext;
        used_.insert(name);
        return name;
    }

    // Every file name, from sanitized ids, before any page is written (links need them all).
    void plan_names() {
        used_ = {"index.html", "style.css", "site.json"};
        std::function<void(const MenuItem&)> walk = [&](const MenuItem& m) {
            const bool own = !m.children.empty() || !m.forms.empty() || m.page.empty();
            if (own) {
                rubrique_file_[m.id] = unique("rubrique-" + slug(m.id), ".html");
                rubriques_.emplace_back(m.id, &m);
                if (!m.page.empty() && !page_file_.count(m.page)) page_file_[m.page] = rubrique_file_[m.id];
            }
            for (const auto& c : m.children) walk(c);
        };
        if (!pack_.home.empty()) page_file_[pack_.home] = "index.html";
        for (const auto& m : pack_.menu) walk(m);
        for (const auto& [path, p] : pack_.pages) {
            if (page_file_.count(path)) continue;
            // A legal notice outside its display period is not published (list_rules withheld_on).
            if (content::withheld_on(p, opt_.today)) continue;
            std::string stem = path;
            if (stem.starts_with("pages/")) stem = stem.substr(6);
            if (stem.ends_with(".md")) stem.resize(stem.size() - 3);
            page_file_[path] = unique("page-" + slug(stem), ".html");
        }
        for (const auto& [id, f] : pack_.forms) form_file_[id] = unique("demarche-" + slug(id), ".html");
    }

    std::string link_from(const std::string& from, const std::string& href) {
        if (href.starts_with("form:")) {
            auto it = form_file_.find(href.substr(5));
            return it == form_file_.end() ? std::string() : it->second;
        }
        auto it = page_file_.find(content::resolve_link(from, href));
        return it == page_file_.end() ? std::string() : it->second;
    }

    RenderContext context_for(const std::string& from) {
        RenderContext ctx;
        ctx.link_target = [this, from](const std::string& href) { return link_from(from, href); };
        ctx.picture = [this](const std::string& src, const std::string& alt) { return media_html(src, alt); };
        return ctx;
    }

    // Pictures re-encoded (JPEG within picture_max: smaller, and no metadata from the source carried over);
    // videos copied with their subtitles as WebVTT written from the parsed cues. Once per pack path.
    std::string media_html(const std::string& src, const std::string& alt) {
        if (src.empty() || !src.starts_with("media/")) return {};
        if (auto it = media_done_.find(src); it != media_done_.end()) return it->second;
        std::string html;
        const std::string stem = slug(src.substr(6, src.rfind('.') > 6 ? src.rfind('.') - 6 : std::string::npos));
        auto bytes = reader_.read(src);
        if (!bytes) {
            media_errors_.push_back(bytes.error().message);
        } else if (is_video(src)) {
            const std::string name = "media/" + unique(stem, src.ends_with(".webm") ? ".webm" : ".mp4");
            const std::string type = src.ends_with(".webm") ? "video/webm" : "video/mp4";
            if (auto r = write(name, std::string(as_chars(*bytes))); !r) media_errors_.push_back(r.error().message);
            else {
                ++report_.videos;
                html = "<figure class=\"video\"><video controls preload=\"metadata\" aria-label=\"" + escape_markup(alt) +
                       "\"><source src=\"" + name + "\" type=\"" + type + "\">" + subtitles_track(src, stem) +
                       "</video><figcaption>" + escape_markup(alt) + "</figcaption></figure>\n";
            }
        } else {
            media::DecodeOptions d;
            d.box = {opt_.picture_max, opt_.picture_max};
            auto img = media::decode_image(*bytes, src, d);
            if (!img) {
                media_errors_.push_back(img.error().message);
            } else {
                // A PNG stays PNG (a logo's transparency, sharp lines); photos become JPEG.
                const bool png = img->source.format == media::ImageFormat::png;
                media::EncodeOptions e;
                e.format = png ? media::ImageFormat::png : media::ImageFormat::jpeg;
                e.jpeg_qscale = 4;
                auto jpeg = media::encode_image(img->image, e, src);
                const std::string name = "media/" + unique(stem, png ? ".png" : ".jpg");
                if (!jpeg) media_errors_.push_back(jpeg.error().message);
                else if (auto r = write(name, std::string(as_chars(*jpeg))); !r) media_errors_.push_back(r.error().message);
                else {
                    ++report_.pictures;
                    html = "<figure><img src=\"" + name + "\" alt=\"" + escape_markup(alt) + "\" width=\"" +
                           std::to_string(img->image.width) + "\" height=\"" + std::to_string(img->image.height) +
                           "\" loading=\"lazy\"></figure>\n";
                }
            }
        }
        media_done_[src] = html;
        return html;
    }

    std::string subtitles_track(const std::string& video, const std::string& stem) {
        const std::string base = video.substr(0, video.rfind('.'));
        for (const std::string& sub : {base + ".vtt", base + ".srt"}) {
            if (!reader_.find(sub)) continue;
            auto text = reader_.read(sub);
            if (!text) continue;
            auto cues = media::parse_subtitles(as_chars(*text), sub);
            if (!cues) {
                media_errors_.push_back(cues.error().message);
                continue;
            }
            std::string vtt = "WEBVTT\n\n";
            auto stamp = [](std::int64_t ms) {
                char b[32];
                std::snprintf(b, sizeof b, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(ms / 3600000),
                              static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                              static_cast<long long>(ms % 1000));
                return std::string(b);
            };
            for (const auto& c : *cues) {
                std::string t = escape_markup(c.text);  // cue text is shown as text, never as markup
                for (std::size_t p = 0; (p = t.find("-->", p)) != std::string::npos;) t.replace(p, 3, "--&gt;");
                vtt += stamp(c.start_ms) + " --> " + stamp(c.end_ms) + "\n" + t + "\n\n";
            }
            const std::string name = "media/" + unique(stem, ".vtt");
            if (auto r = write(name, vtt); !r) {
                media_errors_.push_back(r.error().message);
                return {};
            }
            return "<track kind=\"subtitles\" srclang=\"fr\" label=\"Français\" src=\"" + name + "\" default>";
        }
        return {};
    }

    // " d’Anor", " de Trélon", "" without a commune name.
    std::string of_commune() const {
        const std::string& c = pack_.commune;
        if (c.empty()) return {};
        const bool vowel = std::string_view("AEIOUYH").find(c[0]) != std::string_view::npos || c.starts_with("\xC3\x89");
        return (vowel ? " d’" : " de ") + escape_markup(c);
    }

    std::string updated_line() const {
        return "Informations à jour au " + content::french_date(opt_.today);
    }

    std::string layout(const std::string& title, const std::string& body, const std::string& current) {
        std::string nav;
        for (const auto& m : pack_.menu) {
            const std::string file = href_of_menu(m);
            if (file.empty()) continue;
            nav += "<li><a href=\"" + file + "\"" + (file == current ? " aria-current=\"page\"" : "") + ">" +
                   escape_markup(m.title) + "</a></li>";
        }
        const std::string site = escape_markup(pack_.title);
        return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
               (title == pack_.title ? site : escape_markup(title) + " — " + site) +
               "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n"
               "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n"
               "<header class=\"site\"><p class=\"site-name\"><a href=\"index.html\">" + site +
               "</a></p>\n<nav aria-label=\"Rubriques\"><ul>" + nav + "</ul></nav></header>\n"
               "<main id=\"contenu\" tabindex=\"-1\">\n" + body + "</main>\n<footer>\n<p>" + updated_line() +
               ". Ce site reprend le contenu de la borne de la mairie" + of_commune() +
               " : pack « " + escape_markup(pack_.pack_id) + " », version " + std::to_string(pack_.pack_version) +
               ".</p>\n</footer>\n</body>\n</html>\n";
    }

    std::string href_of_menu(const MenuItem& m) const {
        if (auto it = rubrique_file_.find(m.id); it != rubrique_file_.end()) return it->second;
        if (auto it = page_file_.find(m.page); it != page_file_.end()) return it->second;
        return {};
    }

    // h1 from the page's own leading heading, else FALLBACK; then the rest of its body.
    std::string titled_body(const PageInfo* p, const std::string& fallback, std::string& title) {
        const std::string lead = p ? leading_title(p->body) : std::string();
        title = lead.empty() ? fallback : lead;
        std::string out = "<h1>" + escape_markup(title) + "</h1>\n";
        if (p) out += render_doc(p->body, context_for(p->path), true);
        return out;
    }

    std::string home() {
        std::string title;
        std::string body = titled_body(pack_.page(pack_.home), pack_.title, title);
        body += "<section aria-labelledby=\"rubriques\"><h2 id=\"rubriques\">Rubriques</h2>\n<ul class=\"cards\">";
        for (const auto& m : pack_.menu) {
            const std::string file = href_of_menu(m);
            if (file.empty()) continue;
            const PageInfo* p = pack_.page(m.page);
            body += "<li><a href=\"" + file + "\">" + escape_markup(m.title) + "</a>" +
                    (p && !field(*p, "summary").empty() ? "<p>" + escape_markup(field(*p, "summary")) + "</p>" : "") +
                    "</li>";
        }
        body += "</ul></section>\n";
        return layout(pack_.title, body, "index.html");
    }

    std::string entry_dates(const PageInfo& p) const {
        using content::french_date;
        if (p.kind == "event") {
            const std::string start = field(p, "date_start"), end = field(p, "date_end");
            std::string s = end.empty() || end == start ? "Le " + french_date(start)
                                                        : "Du " + french_date(start) + " au " + french_date(end);
            if (!field(p, "place").empty()) s += " — " + field(p, "place");
            return s;
        }
        if (p.kind == "legal_notice")
            return "Affiché du " + french_date(field(p, "display_from")) + " au " + french_date(field(p, "display_until"));
        if (p.kind == "job_offer")
            return field(p, "employer") + (field(p, "contract").empty() ? "" : " — " + field(p, "contract")) +
                   " — jusqu’au " + french_date(field(p, "expires"));
        return field(p, "domain");
    }

    std::string rubrique(const MenuItem& m) {
        const std::string file = rubrique_file_.at(m.id);
        std::string title;
        std::string body = titled_body(pack_.page(m.page), m.title, title);
        const auto entries = content::list_entries(pack_, m, opt_.today);
        bool any_list = false;
        std::string others;
        for (const auto& c : m.children) {
            const PageInfo* p = pack_.page(c.page);
            if (p && content::is_list_kind(p->kind)) {
                any_list = true;
                continue;  // in the list below, when shown today
            }
            const std::string href = href_of_menu(c);
            if (href.empty()) continue;
            others += "<li><a href=\"" + href + "\">" + escape_markup(c.title) + "</a>" +
                      (p && !field(*p, "summary").empty() ? "<p>" + escape_markup(field(*p, "summary")) + "</p>" : "") +
                      "</li>";
        }
        if (any_list) {
            body += "<section aria-labelledby=\"liste\"><h2 id=\"liste\">" + escape_markup(m.title) + "</h2>\n<p class=\"updated\">" +
                    updated_line() + ".</p>\n";
            if (entries.empty()) body += "<p>Rien n’est affiché à cette date.</p>\n";
            else {
                body += "<ul class=\"entries\">";
                for (const PageInfo* p : entries) {
                    auto it = page_file_.find(p->path);
                    const std::string t = escape_markup(p->title);
                    body += "<li><h3>" + (it == page_file_.end() ? t : "<a href=\"" + it->second + "\">" + t + "</a>") +
                            "</h3><p class=\"meta\">" + escape_markup(entry_dates(*p)) + "</p>" +
                            (field(*p, "summary").empty() ? "" : "<p>" + escape_markup(field(*p, "summary")) + "</p>") +
                            "</li>";
                }
                body += "</ul>\n";
            }
            body += "</section>\n";
        }
        if (!others.empty())
            body += "<section aria-labelledby=\"sous-rubriques\"><h2 id=\"sous-rubriques\">Dans cette rubrique</h2>\n<ul class=\"cards\">" +
                    others + "</ul></section>\n";
        if (!m.forms.empty()) {
            body += "<section aria-labelledby=\"demarches\"><h2 id=\"demarches\">Démarches</h2>\n<ul class=\"cards\">";
            for (const auto& id : m.forms) {
                const FormSummary* f = pack_.form(id);
                auto it = form_file_.find(id);
                if (f == nullptr || it == form_file_.end()) continue;
                body += "<li><a href=\"" + it->second + "\">" + escape_markup(f->title) + "</a>" +
                        (f->summary.empty() ? "" : "<p>" + escape_markup(f->summary) + "</p>") + "</li>";
            }
            body += "</ul></section>\n";
        }
        return layout(title, body, file);
    }

    std::string page(const PageInfo& p) {
        std::string title;
        std::string body = titled_body(&p, p.title, title);
        if (content::is_list_kind(p.kind) && p.kind != "association")
            body.insert(body.find("</h1>") + 6, "<p class=\"meta\">" + escape_markup(entry_dates(p)) + "</p>\n");
        return layout(title, body, page_file_.at(p.path));
    }

    // The démarches filled online (docs/site-export.md): with --hub and --scripts, each form
    // whose fields the page can show (no attachment, signature, slot or group yet, no SEPA
    // mandate) gets its definition as the pack holds it, the kiosk's engine in WebAssembly,
    // libsodium.js and the page's script; the communes list once.
    Result<void> prepare_online() {
        if (opt_.hub_url.empty() || opt_.scripts.empty()) return {};
        for (const char* dir : {"js", "formulaires"}) {
            std::error_code ec;
            fs::create_directories(opt_.out / dir, ec);
            if (ec) return fail(msg("cannot create {1}: {2}", {(opt_.out / dir).string(), ec.message()}));
            if (fs::is_symlink(opt_.out / dir, ec)) return fail(msg("{1} is a symbolic link", {(opt_.out / dir).string()}));
        }
        static const std::set<std::string> kShown = {"text", "long_text", "integer", "decimal", "date", "yes_no",
                                                     "choice", "multi_choice", "email", "phone", "commune", "address", "iban",
                                                     "bic", "nir", "siren", "siret", "info", "heading", "computed"};
        for (const auto& [id, f] : pack_.forms) {
            if (!f.compiled) continue;
            auto bytes = reader_.read("forms/" + id + ".json");
            if (!bytes) return bytes.error();
            auto j = nlohmann::json::parse(as_chars(*bytes), nullptr, false);
            if (!j.is_object() || j.contains("sepa_mandate") || !j["sections"].is_array()) continue;
            bool shown = true;
            for (const auto& s : j["sections"])
                for (const auto& field : s.value("fields", nlohmann::json::array()))
                    shown = shown && kShown.count(field.value("type", ""));
            const demarche::Recipient* to = nullptr;
            for (const auto& r : pack_.recipients) to = r.id == f.recipient ? &r : to;
            if (!shown || to == nullptr) continue;
            online_[id] = Online{"formulaires/" + slug(id) + ".json", to->id,
                                 to->key.to_base64()};
            if (auto r = write(online_[id].file, std::string(as_chars(*bytes))); !r) return r;
        }
        if (online_.empty()) return {};
        report_.online_forms = online_.size();
        auto communes = reader_.read("data/communes.json");
        if (auto r = write("communes.json", communes ? std::string(as_chars(*communes)) : "[]"); !r) return r;
        for (const char* name : kOnlineScripts) {
            auto data = read_file(opt_.scripts / name, 16 << 20);
            if (!data) return fail(msg("cannot read {1}: {2}", {(opt_.scripts / name).string(), data.error().message}));
            if (auto r = write(std::string("js/") + name, std::string(as_chars(*data))); !r) return r;
        }
        return {};
    }

    std::string online_section(const FormSummary& f) {
        const std::string hub = escape_markup(opt_.hub_url);
        auto it = online_.find(f.id);
        if (it == online_.end())
            return "<section id=\"en-ligne\" class=\"online\" data-hub=\"" + hub +
                   "\" aria-labelledby=\"en-ligne-titre\"><h2 id=\"en-ligne-titre\">En ligne</h2>\n"
                   "<p>Cette démarche ne peut pas encore se faire depuis ce site.</p></section>\n";
        const Online& o = it->second;
        // The form is drawn by js/demarche.js from the definition; without scripts the page says so.
        return "<section id=\"en-ligne\" class=\"online\" aria-labelledby=\"en-ligne-titre\">"
               "<h2 id=\"en-ligne-titre\">Faire la démarche en ligne</h2>\n"
               "<div id=\"formulaire\" data-hub=\"" + hub + "\" data-form=\"" + o.file + "\" data-recipient=\"" +
               escape_markup(o.recipient) + "\" data-key=\"" + o.key + "\" data-prefix=\"" +
               escape_markup(pack_.tracking_prefix) + "\" data-communes=\"communes.json\">"
               "<p>Chargement du formulaire…</p></div>\n"
               "<noscript><p>Le formulaire en ligne a besoin de JavaScript. Vous pouvez aussi faire cette démarche à la "
               "borne.</p></noscript></section>\n"
               "<script src=\"js/guichet-forms.js\"></script>\n"
               "<script type=\"importmap\">{\"imports\":{\"libsodium-wrappers-sumo\":\"./js/libsodium-wrappers.mjs\","
               "\"libsodium-sumo\":\"./js/libsodium-sumo.mjs\"}}</script>\n"
               "<script type=\"module\" src=\"js/demarche.js\"></script>\n";
    }

    std::string demarche(const FormSummary& f) {
        std::string body = "<h1>" + escape_markup(f.title) + "</h1>\n";
        if (!f.summary.empty()) body += "<p class=\"lead\">" + escape_markup(f.summary) + "</p>\n";
        body += online_.count(f.id)
                    ? "<div class=\"notice\"><p><strong>Cette démarche se fait en ligne, plus bas sur cette page, ou à la "
                      "borne de la mairie" + of_commune() + ".</strong></p></div>\n"
                    : "<div class=\"notice\"><p><strong>Cette démarche se fait à la borne de la mairie" + of_commune() +
                      ".</strong> Préparez les pièces ci-dessous avant de venir.</p></div>\n";
        if (!f.note.blocks.empty()) {
            RenderContext ctx = context_for(f.page.empty() ? std::string("pages/x.md") : f.page);
            ctx.top_level = 3;
            body += "<section aria-labelledby=\"note\"><h2 id=\"note\">À savoir</h2>\n" + render_doc(f.note, ctx, false) +
                    "</section>\n";
        }
        body += "<section aria-labelledby=\"pieces\"><h2 id=\"pieces\">Pièces à joindre</h2>\n";
        if (f.pieces.empty()) body += "<p>Aucune pièce n’est demandée.</p>\n";
        else {
            body += "<ul class=\"checklist\">";
            for (const auto& piece : f.pieces) body += "<li>" + escape_markup(piece) + "</li>";
            body += "</ul>\n";
        }
        body += "</section>\n";
        if (!opt_.hub_url.empty()) body += online_section(f);
        if (auto it = page_file_.find(f.page); !f.page.empty() && it != page_file_.end())
            body += "<p><a href=\"" + it->second + "\">En savoir plus</a></p>\n";
        return layout(f.title, body, form_file_.at(f.id));
    }

    std::string manifest() const {
        nlohmann::json j = {{"format", kSiteFormatVersion},
                            {"pack", {{"id", pack_.pack_id}, {"version", pack_.pack_version}}},
                            {"date", opt_.today},
                            {"hub", opt_.hub_url}};
        return j.dump(2) + "\n";
    }

    const pack::PackReader& reader_;
    const content::PackContent& pack_;
    const ExportOptions& opt_;
    fs::path root_;
    ExportReport report_;
    std::set<std::string> used_;
    std::map<std::string, std::string> page_file_;      // pack path -> file
    std::map<std::string, std::string> rubrique_file_;  // menu id -> file
    std::vector<std::pair<std::string, const MenuItem*>> rubriques_;
    std::map<std::string, std::string> form_file_;      // form id -> file
    struct Online {
        std::string file, recipient, key;  // the definition's file, the recipient's id and base64 box key
    };
    std::map<std::string, Online> online_;  // form id -> what its page needs to be filled online
    std::map<std::string, std::string> media_done_;     // pack path -> html
    std::vector<std::string> media_errors_;
};

}  // namespace

Result<ExportReport> export_site(const pack::PackReader& reader, const content::PackContent& pack,
                                 const ExportOptions& options) {
    if (options.today.size() != 10) return fail(msg("the export date must be written YYYY-MM-DD"));
    if (!options.hub_url.empty() && !options.hub_url.starts_with("https://") && !options.hub_url.starts_with("http://"))
        return fail(msg("--hub must be an http:// or https:// address"));
    return Exporter(reader, pack, options).run();
}

}  // namespace guichet::site
