// The core content model (kiosk/core/content): what build_pack_content makes
// of a small signed pack, with no UI linked.
#include "test_support.hpp"

#include "content/pack_content.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/reader.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

const crypto::BoxKeyPair& partner() {
    static const crypto::BoxKeyPair k = crypto::BoxKeyPair::generate();
    return k;
}

std::string pack_json(const std::string& extra) {
    return R"({"format": 1, "id": "trelon", "title": "Mairie de Trélon", "home": "pages/accueil.md",
      "tracking_prefix": "TRL", "commune_name": "Trélon",
      "recipients": [{"id": "etat-civil", "name": "État civil", "public_key": ")" +
           partner().public_key.to_base64() + R"("}],
      "menu": [{"id": "demarches", "title": "Démarches", "icon": "formulaire", "forms": ["acte"],
                "children": [{"id": "dechets", "title": "Déchets", "page": "pages/vie/dechets.md"}]}])" +
           extra + "}";
}

const char* kCatalog = R"([{"path": "pages/accueil.md", "title": "Accueil", "kind": "page"},
  {"path": "pages/vie/dechets.md", "title": "Les déchets", "kind": "page", "summary": "Collecte et déchetterie"}])";

const char* kForm = R"({"id": "acte", "version": 1, "title": "Acte d’état civil", "summary": "Naissance, mariage, décès",
  "recipient": "etat-civil", "page": "pages/vie/dechets.md", "note": "Voir ![plan](../../media/plan.jpg).",
  "pieces": ["Pièce d’identité", {"label": "Livret de famille"}],
  "sections": [{"title": "Vous", "fields": [
     {"id": "aide", "type": "info", "text": "Le **nom** d’usage."},
     {"id": "nom", "type": "text", "label": "Nom", "required": true}]}]})";

// Builds a pack of ENTRIES signed by a fresh key and opens it verified.
pack::PackReader open_pack(const test::TempDir& dir, const std::vector<test::TestEntry>& entries) {
    const auto key = crypto::SecretKey::generate();
    pack::Manifest m = test::sample_manifest(7);
    m.id = "trelon";
    test::build_pack(dir / "trelon-7.gpk", entries, key, m);
    auto reader = pack::PackReader::open(dir / "trelon-7.gpk", test::ring_of(key));
    REQUIRE_MESSAGE(reader.ok(), (reader ? "" : reader.error().message));
    return std::move(*reader);
}

std::vector<test::TestEntry> sample(const std::string& extra = "") {
    return {{"pack.json", pack_json(extra)},
            {"catalog.json", kCatalog},
            {"pages/accueil.md", "# Bienvenue\n\nLa mairie **vous** accueille.\n"},
            {"pages/vie/dechets.md",
             "## Collecte\n\n![Plan du tri](../../media/tri.jpg)\n\n| Jour | Bac |\n|:--|--:|\n| lundi | vert |\n\n"
             "Voir [l’accueil](../accueil.md).\n"},
            {"forms/acte.json", kForm},
            {"ui/strings.json", R"({"format": 1, "language": "fr", "strings": {"footer.back": "Retour"}})"}};
}

}  // namespace

TEST_CASE("content: the pack's identity, prefix, commune, recipients and strings") {
    test::TempDir dir;
    const auto reader = open_pack(dir, sample());
    auto c = content::build_pack_content(reader);
    REQUIRE_MESSAGE(c.ok(), (c ? "" : c.error().message));
    CHECK(c->pack_id == "trelon");
    CHECK(c->pack_version == 7);
    CHECK(c->title == "Mairie de Trélon");  // pack.json's title wins over the manifest's
    CHECK(c->home == "pages/accueil.md");
    CHECK(c->tracking_prefix == "TRL");
    CHECK(c->commune == "Trélon");
    REQUIRE(c->recipients.size() == 1);
    CHECK(c->recipients[0].id == "etat-civil");
    CHECK(c->communes == nullptr);  // no data/communes.json in this pack
    REQUIRE(c->strings != nullptr);
    CHECK(*c->strings->find("footer.back") == "Retour");
    const content::PackCommune pc = content::read_pack_commune(reader);
    CHECK(pc.tracking_prefix == "TRL");
    CHECK(pc.commune == "Trélon");
}

TEST_CASE("content: the menu tree, found at any depth") {
    test::TempDir dir;
    auto c = content::build_pack_content(open_pack(dir, sample()));
    REQUIRE(c.ok());
    REQUIRE(c->menu.size() == 1);
    CHECK(c->menu[0].icon == "formulaire");
    CHECK(c->menu[0].forms == std::vector<std::string>{"acte"});
    const content::MenuItem* d = c->find_menu("dechets");
    REQUIRE(d != nullptr);
    CHECK(d->title == "Déchets");
    CHECK(d->page == "pages/vie/dechets.md");
    CHECK(c->find_menu("absent") == nullptr);
}

TEST_CASE("content: a page's catalog fields and Markdown blocks, pictures as pack paths") {
    test::TempDir dir;
    auto c = content::build_pack_content(open_pack(dir, sample()));
    REQUIRE(c.ok());
    CHECK(c->pages.size() == 2);
    const content::PageInfo* p = c->page("pages/vie/dechets.md");
    REQUIRE(p != nullptr);
    CHECK(p->title == "Les déchets");
    CHECK(p->kind == "page");
    CHECK(p->fields == std::map<std::string, std::string>{{"summary", "Collecte et déchetterie"}});
    const auto& b = p->body.blocks;
    REQUIRE(b.size() == 4);
    CHECK(b[0].kind == content::BlockKind::Heading);
    CHECK(b[0].level == 2);
    CHECK(b[0].plain_text() == "Collecte");
    CHECK(b[1].kind == content::BlockKind::Image);
    CHECK(b[1].src == "media/tri.jpg");  // resolved from the page's folder
    CHECK(b[1].plain_text() == "Plan du tri");
    CHECK(b[2].kind == content::BlockKind::Table);
    REQUIRE(b[2].rows.size() == 2);
    CHECK(b[2].header_rows == 1);
    CHECK(b[2].align == std::vector<content::CellAlign>{content::CellAlign::Left, content::CellAlign::Right});
    CHECK(b[2].rows[1][0].plain_text() == "lundi");
    REQUIRE(b[3].links().size() == 1);
    CHECK(content::resolve_link(p->path, b[3].links()[0].second) == "pages/accueil.md");
    CHECK(c->page("pages/absent.md") == nullptr);
}

TEST_CASE("content: a form's summary, note, pieces, info texts and compiled model") {
    test::TempDir dir;
    auto c = content::build_pack_content(open_pack(dir, sample()));
    REQUIRE(c.ok());
    const content::FormSummary* f = c->form("acte");
    REQUIRE(f != nullptr);
    CHECK(f->title == "Acte d’état civil");
    CHECK(f->summary == "Naissance, mariage, décès");
    CHECK(f->recipient == "etat-civil");
    CHECK(f->page == "pages/vie/dechets.md");
    CHECK(f->section_count == 1);
    CHECK(f->pieces == std::vector<std::string>{"Pièce d’identité", "Livret de famille"});
    REQUIRE(f->note.blocks.size() >= 2);
    CHECK(f->note.blocks[1].kind == content::BlockKind::Image);
    CHECK(f->note.blocks[1].src == "media/plan.jpg");  // resolved from the form's page
    REQUIRE(f->info_docs.count("aide") == 1);
    CHECK(f->info_docs.at("aide").blocks.at(0).plain_text() == "Le nom d’usage.");
    REQUIRE(f->compiled != nullptr);
    CHECK(c->form("absent") == nullptr);
}

TEST_CASE("content: a form that does not compile stays readable, not fillable") {
    test::TempDir dir;
    auto entries = sample();
    entries[4].content = R"({"id": "acte", "title": "Acte", "sections": [{"title": "S", "fields": [{"id": "x", "type": "nope"}]}]})";
    auto c = content::build_pack_content(open_pack(dir, entries));
    REQUIRE(c.ok());
    REQUIRE(c->form("acte") != nullptr);
    CHECK(c->form("acte")->title == "Acte");
    CHECK(c->form("acte")->compiled == nullptr);
}

TEST_CASE("content: a pack without a tracking prefix keeps the default, a missing page fails") {
    test::TempDir dir;
    auto entries = sample();
    entries[0].content = R"({"format": 1, "id": "x", "title": "X", "home": "", "menu": []})";
    auto c = content::build_pack_content(open_pack(dir, entries));
    REQUIRE(c.ok());
    CHECK(c->tracking_prefix == content::kDefaultTrackingPrefix);
    CHECK(c->commune.empty());
    CHECK(c->recipients.empty());

    test::TempDir dir2;
    auto broken = sample();
    broken.erase(broken.begin() + 3);  // pages/vie/dechets.md, listed in the catalog
    CHECK_FALSE(content::build_pack_content(open_pack(dir2, broken)).ok());

    test::TempDir dir3;
    auto bad_json = sample();
    bad_json[0].content = "[1, 2]";
    auto r = content::build_pack_content(open_pack(dir3, bad_json));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "pack.json: not a JSON object");
}

TEST_CASE("content: links and pictures resolve inside pages/ and media/ only") {
    CHECK(content::resolve_link("pages/a/b.md", "c.md#haut") == "pages/a/c.md");
    CHECK(content::resolve_link("pages/a/b.md", "/pages/d.md") == "pages/d.md");
    CHECK(content::resolve_link("pages/a/b.md", "form:acte").empty());
    CHECK(content::resolve_link("pages/a/b.md", "../../pack.json").empty());
    CHECK(content::resolve_picture("pages/a/b.md", "../../media/x.png") == "media/x.png");
    CHECK(content::resolve_picture("pages/a/b.md", "https://exemple.fr/x.png").empty());
}
