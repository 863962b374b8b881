// The website export (tools/pack/site): what export_site writes for a small
// signed pack with hostile text, legal notices in and out of their display
// period on the export date, a picture and a video guide with subtitles.
#include "test_support.hpp"

#include "common/markup_escape.hpp"
#include "common/file.hpp"
#include "content/pack_content.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "crypto/signing/signing.hpp"
#include "media/image_encode.hpp"
#include "pack/reader.hpp"
#include "site/html_render.hpp"
#include "site/site_export.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

std::string png_bytes() {
    media::Image img(40, 20, media::PixelFormat::rgba);
    for (std::size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<std::uint8_t>(i * 7);
    media::EncodeOptions o;
    o.format = media::ImageFormat::png;
    auto b = media::encode_image(img, o, "test.png");
    REQUIRE(b.ok());
    return std::string(as_chars(*b));
}

std::vector<test::TestEntry> hostile_pack() {
    const auto partner = crypto::BoxKeyPair::generate();
    const std::string pack_json = R"({"format": 1, "id": "trelon", "title": "Mairie de Trélon <script>alert(1)</script>",
      "home": "pages/accueil.md", "tracking_prefix": "TRL", "commune_name": "Trélon",
      "recipients": [{"id": "etat-civil", "name": "État civil", "public_key": ")" +
                                  partner.public_key.to_base64() + R"("}],
      "menu": [
        {"id": "affichage", "title": "Affichage légal", "page": "pages/affichage/index.md",
         "children": [{"id": "en-cours", "title": "En cours", "page": "pages/affichage/en-cours.md"},
                      {"id": "passe", "title": "Passé", "page": "pages/affichage/passe.md"},
                      {"id": "futur", "title": "Futur", "page": "pages/affichage/futur.md"},
                      {"id": "fete", "title": "Fête", "page": "pages/affichage/fete.md"}]},
        {"id": "../../etc/passwd", "title": "Démarches \"<b>\"", "forms": ["acte"]}]})";
    const std::string catalog = R"([
      {"path": "pages/accueil.md", "title": "Accueil", "kind": "page"},
      {"path": "pages/affichage/index.md", "title": "Affichage", "kind": "page"},
      {"path": "pages/affichage/en-cours.md", "title": "Arrêté <script>x()</script> en cours", "kind": "legal_notice",
       "summary": "Résumé & « détails »", "display_from": "2026-12-01", "display_until": "2026-12-31"},
      {"path": "pages/affichage/passe.md", "title": "Arrêté passé", "kind": "legal_notice",
       "display_from": "2026-09-01", "display_until": "2026-10-16"},
      {"path": "pages/affichage/futur.md", "title": "Arrêté futur", "kind": "legal_notice",
       "display_from": "2027-01-01", "display_until": "2027-01-31"},
      {"path": "pages/affichage/fete.md", "title": "Fête de la soupe", "kind": "event",
       "date_start": "2026-12-12", "place": "Salle des fêtes"}])";
    const std::string form = R"({"id": "acte", "version": 1, "title": "Acte <img src=x onerror=alert(1)>",
      "summary": "Naissance", "recipient": "etat-civil", "note": "Prix : **3,60 €** — voir [l’accueil](../accueil.md).",
      "pieces": ["Pièce d’identité <script>", "Livret de famille"],
      "sections": [{"title": "Vous", "fields": [{"id": "nom", "type": "text", "label": "Nom", "required": true}]}]})";
    return {{"pack.json", pack_json},
            {"catalog.json", catalog},
            {"pages/accueil.md",
             "# Bienvenue <script>alert(2)</script>\n\nVoir [l’affichage](affichage/index.md), "
             "[un piège](javascript:alert(3)) et [la démarche](form:acte).\n\n"
             "![Plan du bourg](../media/plan.png)\n\n![Guide vidéo : le tri](../media/guide.mp4)\n"},
            {"pages/affichage/index.md", "# Affichage légal\n\nLes arrêtés de la commune.\n"},
            {"pages/affichage/en-cours.md", "# Arrêté en cours\n\nTexte.\n"},
            {"pages/affichage/passe.md", "# Arrêté passé\n\nSECRET-PASSE\n"},
            {"pages/affichage/futur.md", "# Arrêté futur\n\nSECRET-FUTUR\n"},
            {"pages/affichage/fete.md", "# Fête\n\n- un\n  - deux\n- trois\n\n## Lieu\n\n#### Accès\n\n## Horaires\n"},
            {"forms/acte.json", form},
            {"media/plan.png", png_bytes()},
            {"media/guide.mp4", "not really a video, copied as it is"},
            {"media/guide.vtt", "WEBVTT\n\n00:00.000 --> 00:02.500\nTriez <b>bien</b> vos déchets\n"}};
}

struct Exported {
    test::TempDir dir;
    Result<site::ExportReport> report = Error{};
    fs::path out;
    std::string read(const std::string& name) const {
        auto t = read_text_file(out / name, 1 << 20);
        REQUIRE_MESSAGE(t.ok(), name);
        return *t;
    }
};

void export_pack(Exported& e, const std::string& today, const std::string& hub = "") {
    const auto key = crypto::SecretKey::generate();
    pack::Manifest m = test::sample_manifest(3);
    m.id = "trelon";
    test::build_pack(e.dir / "trelon.gpk", hostile_pack(), key, m);
    auto reader = pack::PackReader::open(e.dir / "trelon.gpk", test::ring_of(key));
    REQUIRE_MESSAGE(reader.ok(), (reader ? "" : reader.error().message));
    auto c = content::build_pack_content(*reader);
    REQUIRE_MESSAGE(c.ok(), (c ? "" : c.error().message));
    e.out = e.dir / "site";
    site::ExportOptions o;
    o.out = e.out;
    o.today = today;
    o.hub_url = hub;
    e.report = site::export_site(*reader, *c, o);
    REQUIRE_MESSAGE(e.report.ok(), (e.report ? "" : e.report.error().message));
}

std::vector<std::string> files_of(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& f : fs::recursive_directory_iterator(dir)) out.push_back(fs::relative(f.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("site export: the files, named from sanitized ids, and site.json") {
    Exported e;
    export_pack(e, "2026-12-07", "https://hub.example.fr");
    const auto files = files_of(e.out);
    CHECK(files == std::vector<std::string>{"demarche-acte.html", "index.html", "media", "media/guide.mp4", "media/guide.vtt",
                                            "media/plan.png", "page-affichage-en-cours.html", "page-affichage-fete.html",
                                            "rubrique-affichage.html", "rubrique-etc-passwd.html", "site.json", "style.css"});
    auto j = nlohmann::json::parse(e.read("site.json"));
    CHECK(j["format"] == site::kSiteFormatVersion);
    CHECK(j["pack"]["id"] == "trelon");
    CHECK(j["pack"]["version"] == 3);
    CHECK(j["date"] == "2026-12-07");
    CHECK(j["hub"] == "https://hub.example.fr");
    CHECK(e.report->pages == 6);  // home, 2 rubriques, 2 pages, 1 démarche
    CHECK(e.report->pictures == 1);
    CHECK(e.report->videos == 1);
    CHECK(e.report->largest_html < 100 * 1024);
    const std::string home = e.read("index.html");
    CHECK(home.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    CHECK(home.find("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>") != std::string::npos);
    CHECK(home.find("<main id=\"contenu\"") != std::string::npos);
    CHECK(home.find("<footer>") != std::string::npos);
    CHECK(home.find("Informations à jour au 7 décembre 2026") != std::string::npos);
    // The picture re-encoded with its size, the video with its subtitles as a <track>.
    CHECK(home.find("<img src=\"media/plan.png\" alt=\"Plan du bourg\" width=\"40\" height=\"20\"") != std::string::npos);
    CHECK(home.find("<track kind=\"subtitles\" srclang=\"fr\" label=\"Français\" src=\"media/guide.vtt\" default>") !=
          std::string::npos);
    // --hub given: the démarche page keeps a place for the online form (issue #19, later).
    CHECK(e.read("demarche-acte.html").find("<section id=\"en-ligne\" class=\"online\" data-hub=\"https://hub.example.fr\"") !=
          std::string::npos);
    CHECK(e.read("media/guide.vtt") == "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nTriez bien vos déchets\n\n");
}

TEST_CASE("site export: every text from the pack is escaped, only safe links are links") {
    Exported e;
    export_pack(e, "2026-12-07");
    for (const auto& f : files_of(e.out)) {
        if (!f.ends_with(".html")) continue;
        const std::string html = e.read(f);
        INFO(f);
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("<img src=x") == std::string::npos);
        CHECK(html.find("javascript:") == std::string::npos);
        CHECK(html.find("<b>") == std::string::npos);
    }
    const std::string home = e.read("index.html");
    CHECK(home.find("<h1>Bienvenue &lt;script&gt;alert(2)&lt;/script&gt;</h1>") != std::string::npos);
    CHECK(home.find("<title>Accueil") == std::string::npos);
    CHECK(home.find("Mairie de Trélon &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(home.find("<a href=\"rubrique-affichage.html\">l’affichage</a>") != std::string::npos);
    CHECK(home.find(", un piège et ") != std::string::npos);  // the javascript: link kept as text only
    CHECK(home.find("<a href=\"demarche-acte.html\">la démarche</a>") != std::string::npos);
    CHECK(home.find("Démarches &quot;&lt;b&gt;&quot;") != std::string::npos);
    const std::string form = e.read("demarche-acte.html");
    CHECK(form.find("<h1>Acte &lt;img src=x onerror=alert(1)&gt;</h1>") != std::string::npos);
    CHECK(form.find("<li>Pièce d’identité &lt;script&gt;</li>") != std::string::npos);
    CHECK(form.find("Cette démarche se fait à la borne de la mairie de Trélon.") != std::string::npos);
    CHECK(form.find("Prix : <strong>3,60 €</strong>") != std::string::npos);
    CHECK(form.find("id=\"en-ligne\"") == std::string::npos);  // no --hub: no place for the online form
    CHECK(escape_markup("<a href='x'>\"&") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;");
    CHECK(site::slug("../../Été 2026/x") == "ete-2026-x");
    CHECK(site::slug("..") == "x");
    CHECK(site::slug("") == "x");
}

TEST_CASE("site export: lists and pages honour the display periods on the export date") {
    Exported e;
    export_pack(e, "2026-12-07");
    const std::string list = e.read("rubrique-affichage.html");
    CHECK(list.find("Arrêté &lt;script&gt;x()&lt;/script&gt; en cours") != std::string::npos);
    CHECK(list.find("Affiché du 1er décembre 2026 au 31 décembre 2026") != std::string::npos);
    CHECK(list.find("Résumé &amp; « détails »") != std::string::npos);
    CHECK(list.find("Fête de la soupe") != std::string::npos);
    CHECK(list.find("Le 12 décembre 2026 — Salle des fêtes") != std::string::npos);
    CHECK(list.find("Arrêté passé") == std::string::npos);
    CHECK(list.find("Arrêté futur") == std::string::npos);
    CHECK(list.find("Informations à jour au 7 décembre 2026.") != std::string::npos);
    // Events first by kind order (content::list_entries), the notice after.
    CHECK(list.find("Fête de la soupe") < list.find("en cours"));
    // Withheld notices are not published at all.
    CHECK_FALSE(fs::exists(e.out / "page-affichage-passe.html"));
    CHECK_FALSE(fs::exists(e.out / "page-affichage-futur.html"));
    for (const auto& f : files_of(e.out)) {
        if (!f.ends_with(".html")) continue;
        CHECK(e.read(f).find("SECRET-") == std::string::npos);
    }
    // Headings after the page's h1 in order: ## is h2 each time, #### under it an h3, not an h4.
    CHECK(e.read("page-affichage-fete.html").find("<h2>Lieu</h2>\n<h3>Accès</h3>\n<h2>Horaires</h2>") != std::string::npos);
    // Nested list items nest in the HTML.
    CHECK(e.read("page-affichage-fete.html").find("<ul><li>un<ul><li>deux</li></ul>\n</li>\n<li>trois</li></ul>") !=
          std::string::npos);

    Exported later;  // on 2 January 2027 the December notice and the past event are gone, the future notice shown
    export_pack(later, "2027-01-02");
    const std::string list2 = later.read("rubrique-affichage.html");
    CHECK(list2.find("Arrêté futur") != std::string::npos);
    CHECK(list2.find("en cours") == std::string::npos);
    CHECK(list2.find("Fête de la soupe") == std::string::npos);
    CHECK(list2.find("Informations à jour au 2 janvier 2027.") != std::string::npos);
}

TEST_CASE("site export: a folder of other files, a bad date or hub address is refused") {
    test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    pack::Manifest m = test::sample_manifest(3);
    m.id = "trelon";
    test::build_pack(dir / "trelon.gpk", hostile_pack(), key, m);
    auto reader = pack::PackReader::open(dir / "trelon.gpk", test::ring_of(key));
    REQUIRE(reader.ok());
    auto c = content::build_pack_content(*reader);
    REQUIRE(c.ok());
    fs::create_directories(dir / "documents");
    test::write_all(dir / "documents" / "important.txt", as_bytes("à garder"));
    site::ExportOptions o;
    o.out = dir / "documents";
    o.today = "2026-12-07";
    auto r = site::export_site(*reader, *c, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not empty") != std::string::npos);
    CHECK(files_of(dir / "documents") == std::vector<std::string>{"important.txt"});
    o.out = dir / "site";
    o.hub_url = "javascript:alert(1)";
    CHECK_FALSE(site::export_site(*reader, *c, o).ok());
    o.hub_url = "";
    o.today = "7/12/2026";
    CHECK_FALSE(site::export_site(*reader, *c, o).ok());
    // An earlier export is replaced: the notice whose period ended on the new date goes with it; a file
    // of the web server's own stays.
    o.today = "2026-12-07";
    REQUIRE(site::export_site(*reader, *c, o).ok());
    CHECK(fs::exists(dir / "site/page-affichage-en-cours.html"));
    test::write_all(dir / "site/.htaccess", as_bytes("Options -Indexes"));
    o.today = "2027-01-02";
    REQUIRE(site::export_site(*reader, *c, o).ok());
    CHECK_FALSE(fs::exists(dir / "site/page-affichage-en-cours.html"));
    CHECK(fs::exists(dir / "site/page-affichage-futur.html"));
    CHECK(fs::exists(dir / "site/media/plan.png"));
    CHECK(fs::exists(dir / "site/.htaccess"));
    // Pictures fitted for the web, aspect kept.
    o.picture_max = 16;
    REQUIRE(site::export_site(*reader, *c, o).ok());
    CHECK(test::to_string(test::read_all(dir / "site/index.html")).find("width=\"16\" height=\"8\"") != std::string::npos);
}
