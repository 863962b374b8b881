#include "content_source.hpp"
#include "yaml_util.hpp"
#include "keys.hpp"
#include "messages.hpp"
#include "forms/check.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>

using namespace guichet;
using namespace guichet::packsrc;

namespace {

void put(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

// A minimal valid content folder; tests then break one thing at a time.
struct MiniSource {
    test::TempDir dir;
    std::filesystem::path root = dir / "mini";

    MiniSource() {
        put(root / "pack.yaml",
            "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
            "tracking_prefix: MIN\ncommune_name: \"Mini\"\nhome: pages/accueil.md\n"
            "menu:\n  - id: demarches\n    title: \"Démarches\"\n    icon: formulaire\n    page: pages/demarches.md\n"
            "    forms: [acte]\n"
            "recipients:\n  - id: etat-civil\n    name: \"État civil\"\n    key: keys/etat-civil.box.pub\n");
        put(root / "pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n# Bienvenue\n\nVoir [les démarches](demarches.md).\n");
        put(root / "pages/demarches.md", "---\ntitle: \"Démarches\"\n---\n# Démarches\n\n[Demander un acte](form:acte)\n");
        put(root / "forms/acte.yaml",
            "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\npage: pages/demarches.md\n"
            "sections:\n  - title: \"Vous\"\n    fields:\n      - id: nom\n        type: text\n        label: \"Nom\"\n"
            "        required: true\n");
        put(root / "keys/etat-civil.box.pub", crypto::BoxKeyPair::generate().public_key.to_file_text("etat-civil"));
    }

    std::string errors() {
        Diagnostics diags;
        compile_source(root, diags);
        std::string out;
        for (const auto& d : diags.all()) out += d.to_string() + "\n";
        return out;
    }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the Anor content pack compiles without errors") {
    Diagnostics diags;
    auto compiled = compile_source(std::filesystem::path(GUICHET_SOURCE_DIR) / "content_packs/anor", diags);
    std::string all;
    for (const auto& d : diags.all()) all += d.to_string() + "\n";
    REQUIRE_MESSAGE(compiled.has_value(), all);
    CHECK_MESSAGE(diags.all().empty(), all);
    CHECK(compiled->manifest.id == "anor");
    CHECK(compiled->forms >= 10);
    CHECK(compiled->pages >= 30);
    bool has_catalog = false, has_pack_json = false;
    for (const auto& e : compiled->entries) {
        has_catalog |= e.path == "catalog.json";
        has_pack_json |= e.path == "pack.json";
    }
    CHECK(has_catalog);
    CHECK(has_pack_json);
}

TEST_CASE("a minimal valid source compiles into pack.json, catalog.json, pages and forms") {
    MiniSource s;
    Diagnostics diags;
    auto compiled = compile_source(s.root, diags);
    REQUIRE(compiled.has_value());
    std::vector<std::string> paths;
    for (const auto& e : compiled->entries) paths.push_back(e.path);
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"catalog.json", "forms/acte.json", "pack.json", "pages/accueil.md",
                                            "pages/demarches.md", "ui/strings.json"});  // the kiosk's texts (§15)
    for (const auto& e : compiled->entries)
        if (e.path == "pages/accueil.md") CHECK(test::to_string(e.data).find("title:") == std::string::npos);
}

TEST_CASE("a broken link is reported with its file and line") {
    MiniSource s;
    put(s.root / "pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n# Bienvenue\n\nLigne.\n\nVoir [horaires](horaires.md).\n");
    auto e = s.errors();
    CHECK(has(e, "mini/pages/accueil.md:8: error: link 'horaires.md' does not resolve: there is no file pages/horaires.md"));
}

TEST_CASE("links to missing forms, outside the pack and to the web are caught") {
    MiniSource s;
    put(s.root / "pages/accueil.md",
        "---\ntitle: \"Accueil\"\n---\n[a](form:inconnu)\n\n[b](../../etc/passwd)\n\n[c](https://example.org)\n\n[d](demarches.md)\n");
    auto e = s.errors();
    CHECK(has(e, "pages/accueil.md:4: error: link to form 'inconnu', which does not exist"));
    CHECK(has(e, "pages/accueil.md:6: error: link '../../etc/passwd' points outside the pack folder"));
    CHECK(has(e, "pages/accueil.md:8: warning: link to 'https://example.org' leaves the kiosk"));
}

TEST_CASE("YAML syntax errors point at the line") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", "id: acte\nversion: 1\ntitle: [Acte\nrecipient: etat-civil\n");
    auto e = s.errors();
    CHECK(has(e, "mini/forms/acte.yaml:3:8: error: YAML syntax error: the [ opened here is never closed: add ]"));
}

TEST_CASE("form checks: unknown type, duplicate id, unknown recipient, id/file mismatch") {
    MiniSource s;
    put(s.root / "forms/acte.yaml",
        "id: acte2\nversion: 1\ntitle: \"Acte\"\nrecipient: inconnu\n"
        "sections:\n  - title: \"Vous\"\n    fields:\n      - id: nom\n        type: texte\n        label: \"Nom\"\n"
        "      - id: nom\n        type: text\n        label: \"Nom 2\"\n      - id: choix\n        type: choice\n        label: \"C\"\n");
    auto e = s.errors();
    CHECK(has(e, "forms/acte.yaml:1:5: error: form id 'acte2' must match the file name 'acte.yaml'"));
    CHECK(has(e, "forms/acte.yaml:4:12: error: recipient 'inconnu' is not declared in pack.yaml"));
    CHECK(has(e, "forms/acte.yaml:9:15: error: unknown field type 'texte': did you mean 'text'?"));
    CHECK(has(e, "forms/acte.yaml:11:13: error: field id 'nom' is used twice in this form (first at line 8)"));
    CHECK(has(e, "a choice field needs 'options'"));
}

TEST_CASE("slot fields: never required, never in a group, service_from names a choice field") {
    MiniSource s;
    put(s.root / "forms/acte.yaml",
        "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\n"
        "sections:\n  - title: \"Vous\"\n    fields:\n"
        "      - id: nom\n        type: text\n        label: \"Nom\"\n"
        "      - id: creneau\n        type: slot\n        label: \"Créneau\"\n        required: true\n        service_from: nom\n"
        "      - id: enfants\n        type: group\n        label: \"Enfants\"\n        fields:\n"
        "          - id: rdv\n            type: slot\n            label: \"Rendez-vous\"\n");
    auto e = s.errors();
    CHECK(has(e, "forms/acte.yaml:14:19: error: a slot field cannot be required"));
    CHECK(has(e, "forms/acte.yaml:15:23: error: field 'creneau': 'service_from' must name a choice field"));
    CHECK(has(e, "forms/acte.yaml:20:13: error: a slot field cannot be inside a group"));
}

TEST_CASE("pack.yaml checks: missing page, missing key file, missing field, bad dates") {
    MiniSource s;
    put(s.root / "pack.yaml",
        "format: 1\nid: Mini Pack\ntitle: \"Mini\"\nversion: 0\nlanguages: [fr]\n"
        "home: pages/absente.md\n"
        "menu:\n  - id: demarches\n    title: \"Démarches\"\n    icon: fusee\n    page: pages/demarches.md\n    forms: [acte]\n"
        "recipients:\n  - id: etat-civil\n    name: \"État civil\"\n    key: keys/absente.box.pub\n");
    put(s.root / "pages/evenement.md", "---\ntitle: \"Fête\"\nkind: event\ndate_start: 2026-13-01\n---\nTexte\n");
    auto e = s.errors();
    CHECK(has(e, "pack.yaml:2:5: error: pack id 'Mini Pack' must be lowercase"));
    CHECK(has(e, "pack.yaml:4:10: error: 'version' must be 1 or more"));
    CHECK(has(e, "error: missing 'expires_days'"));
    CHECK(has(e, "error: home page 'pages/absente.md' does not exist"));
    CHECK(has(e, "error: unknown icon 'fusee'"));
    CHECK(has(e, "error: recipient key file 'keys/absente.box.pub' does not exist"));
    CHECK(has(e, "pages/evenement.md:4:13: error: 'date_start' must be a date written YYYY-MM-DD"));
    CHECK(has(e, "error: missing 'tracking_prefix'"));
    CHECK(has(e, "pages/evenement.md:2:1: error: missing 'place'"));
}

TEST_CASE("a page nothing leads to is a warning, not an error") {
    MiniSource s;
    put(s.root / "pages/orpheline.md", "---\ntitle: \"Seule\"\n---\nTexte\n");
    Diagnostics diags;
    CHECK(compile_source(s.root, diags).has_value());
    REQUIRE(diags.all().size() == 1);
    CHECK(diags.all()[0].to_string() ==
          (s.root / "pages/orpheline.md").generic_string() +
              ": warning: no menu entry, form or page links to this page: residents cannot reach it");
}

TEST_CASE("a secret key inside the content folder is an error") {
    MiniSource s;
    put(s.root / "keys/etat-civil.box.key", "secret");
    CHECK(has(s.errors(), "keys/etat-civil.box.key: error: only public keys (.pub) belong in a content folder"));
}

TEST_CASE("text that is not UTF-8 is refused") {
    MiniSource s;
    put(s.root / "pages/accueil.md", "---\ntitle: \"Caf\xe9\"\n---\nTexte\n");
    CHECK(has(s.errors(), "pages/accueil.md: error: the file is not valid UTF-8 text"));
}

TEST_CASE("links must lead to published pages or media") {
    MiniSource s;
    put(s.root / "pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n[a](../forms/acte.yaml)\n\n[b](/pages/demarches.md)\n");
    auto e = s.errors();
    CHECK(has(e, "pages/accueil.md:4: error: link '../forms/acte.yaml' points to forms/acte.yaml, which is not published"));
    CHECK_FALSE(has(e, "/pages/demarches.md"));  // a leading '/' starts from the pack folder
}

TEST_CASE("pack.yaml lists are checked item by item, without crashing on odd shapes") {
    MiniSource s;
    auto yaml = test::to_string(test::read_all(s.root / "pack.yaml"));
    yaml.replace(yaml.find("languages: [fr]"), 15, "languages: [fr, {x: 1}]\naudience: [\"Kiosque 1\"]\nmin_kiosk_version: -1");
    put(s.root / "pack.yaml", yaml);
    auto e = s.errors();
    CHECK(has(e, "error: each language must be a two-letter code such as fr"));
    CHECK(has(e, "error: each audience entry must be a kiosk id"));
    CHECK(has(e, "error: 'min_kiosk_version' must be between 1 and 1000000"));
}

TEST_CASE("plain YAML values keep leading zeros and become JSON types") {
    auto j = yaml_to_json(YAML::Load("a: 0612345678\nb: 42\nc: true\nd: '42'\ne: 1.5\nf: 0.5\ng: yes\n"));
    CHECK(j["a"] == "0612345678");
    CHECK(j["b"] == 42);
    CHECK(j["c"] == true);
    CHECK(j["d"] == "42");
    CHECK(j["e"] == 1.5);
    CHECK(j["f"] == 0.5);
    CHECK(j["g"] == "yes");
}

TEST_CASE("expression errors are reported at their line and column in the YAML file") {
    MiniSource s;
    put(s.root / "forms/acte.yaml",
        "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\n"
        "sections:\n  - title: \"Vous\"\n    fields:\n"
        "      - id: lieu\n        type: choice\n        label: \"Lieu\"\n"
        "        options:\n          - { value: anor, label: \"Anor\" }\n          - { value: autre, label: \"Autre\" }\n"
        "      - id: commune\n        type: text\n        label: \"Commune\"\n        show_if: \"lieu == 'autres'\"\n");
    auto e = s.errors();
    INFO(e);
    CHECK(has(e, "forms/acte.yaml:17:27: error: field 'commune', show_if: 'autres' is not an option of the field 'lieu' "
                 "(its options are: anor, autre); did you mean 'autre'?\n"));
    struct French {  // as FrenchMessages below
        French() { set_language(Language::fr); }
        ~French() { set_language(Language::en); }
    } fr;
    CHECK(has(s.errors(), "forms/acte.yaml:17:27 : erreur : champ 'commune', show_if : 'autres' n’est pas une option du champ 'lieu' "
                          "(ses options sont : anor, autre) ; vouliez-vous dire 'autre'\u00a0?\n"));
}

// ---- Strict checks (issue #14): each staff mistake, its exact message ----

namespace {

// The mini form with LINES appended to its only field (which starts at line 8).
std::string form_with(const std::string& field_extra, const std::string& after = "") {
    return "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\npage: pages/demarches.md\n"
           "sections:\n  - title: \"Vous\"\n    fields:\n      - id: nom\n        type: text\n        label: \"Nom\"\n" +
           field_extra + after;
}

int error_count(const std::filesystem::path& root) {
    Diagnostics diags;
    compile_source(root, diags);
    return diags.error_count();
}

struct FrenchMessages {  // the tool's default language, for the tests that read it
    FrenchMessages() { set_language(Language::fr); }
    ~FrenchMessages() { set_language(Language::en); }
};

}  // namespace

TEST_CASE("a mistyped key in a field is an error with its place and the key meant") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("        requred: true\n"));
    CHECK(s.errors() == (s.root / "forms/acte.yaml").generic_string() +
                            ":12:9: error: unknown key 'requred' in a 'text' field: did you mean 'required'?\n");
}

TEST_CASE("a key of another field type says where it belongs, an unknown one lists the keys") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("        options: []\n        couleur: rouge\n"));
    auto e = s.errors();
    CHECK(has(e, "forms/acte.yaml:12:9: error: key 'options' does not apply to a 'text' field: it is for choice, multi_choice fields\n"));
    CHECK(has(e, "forms/acte.yaml:13:9: error: unknown key 'couleur' in a 'text' field; the keys are: id, type, label, required, "
                 "show_if, require_if, help, placeholder, max_length\n"));
}

TEST_CASE("unknown keys in pack.yaml, the menu, recipients, sections, options and tables") {
    MiniSource s;
    put(s.root / "pack.yaml",
        "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
        "tracking_prefx: MIN\ncommune_name: \"Mini\"\nhome: pages/accueil.md\n"
        "menu:\n  - id: demarches\n    title: \"Démarches\"\n    pgae: pages/demarches.md\n    forms: [acte]\n"
        "recipients:\n  - id: etat-civil\n    nom: \"État civil\"\n    key: keys/etat-civil.box.pub\n");
    put(s.root / "forms/acte.yaml",
        "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\npage: pages/demarches.md\n"
        "sections:\n  - titre: \"Vous\"\n    fields:\n      - id: lieu\n        type: choice\n        label: \"Lieu\"\n"
        "        options:\n          - { value: anor, lable: \"Anor\" }\n"
        "tables:\n  tarif:\n    rows:\n      - { max: 400, valeur: 1.20 }\n");
    auto e = s.errors();
    INFO(e);
    CHECK(has(e, "mini/pack.yaml:7:1: error: unknown key 'tracking_prefx' in pack.yaml: did you mean 'tracking_prefix'?\n"));
    CHECK(has(e, "mini/pack.yaml:13:5: error: unknown key 'pgae' in a rubrique: did you mean 'page'?\n"));
    CHECK_FALSE(has(e, "missing 'title'"));  // a mistyped key is one error, not two
    CHECK_FALSE(has(e, "missing 'label'"));
    CHECK(has(e, "mini/pack.yaml:17:5: error: unknown key 'nom' in a recipient; the keys are: id, name, key, sepa_creditor\n"));
    CHECK(has(e, "mini/forms/acte.yaml:7:5: error: unknown key 'titre' in a section: did you mean 'title'?\n"));
    CHECK(has(e, "mini/forms/acte.yaml:13:28: error: unknown key 'lable' in an option: did you mean 'label'?\n"));
    CHECK(has(e, "mini/forms/acte.yaml:17:21: error: unknown key 'valeur' in a table row: did you mean 'value'?\n"));
}

TEST_CASE("unknown front matter keys, and keys of another page kind") {
    MiniSource s;
    put(s.root / "pages/accueil.md", "---\ntitel: \"Accueil\"\ntitle: \"Accueil\"\ndate_start: 2026-12-05\n---\nVoir [les démarches](demarches.md).\n");
    auto e = s.errors();
    CHECK(has(e, "mini/pages/accueil.md:2:1: error: unknown key 'titel' in the front matter of a 'page' page: did you mean 'title'?\n"));
    CHECK(has(e, "mini/pages/accueil.md:4:1: error: key 'date_start' does not apply to the front matter of a 'page' page: "
                 "it is for pages of kind 'event'\n"));
}

TEST_CASE("a key written twice names the first") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("        label: \"Nom de famille\"\n"));
    CHECK(has(s.errors(), "forms/acte.yaml:12:9: error: key 'label' is written twice in a 'text' field (first at line 11): keep one\n"));
}

TEST_CASE("duplicate menu ids, recipients and option values name the first with its line") {
    MiniSource s;
    put(s.root / "pack.yaml",
        "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
        "tracking_prefix: MIN\ncommune_name: \"Mini\"\nhome: pages/accueil.md\n"
        "menu:\n  - id: demarches\n    title: \"Démarches\"\n    page: pages/demarches.md\n    forms: [acte]\n"
        "  - id: demarches\n    title: \"Encore\"\n    page: pages/demarches.md\n"
        "recipients:\n  - id: etat-civil\n    name: \"État civil\"\n    key: keys/etat-civil.box.pub\n"
        "  - id: etat-civil\n    name: \"Bis\"\n    key: keys/etat-civil.box.pub\n");
    auto e = s.errors();
    CHECK(has(e, "mini/pack.yaml:15:9: error: menu id 'demarches' is used twice (first at line 11)\n"));
    CHECK(has(e, "mini/pack.yaml:22:9: error: recipient 'etat-civil' is declared twice (first at line 19)\n"));
}

TEST_CASE("a commune or address field needs the official commune list") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("      - id: commune_naissance\n        type: commune\n        label: \"Commune\"\n"));
    CHECK(s.errors() == (s.root / "forms/acte.yaml").generic_string() +
                            ":13:15: error: a 'commune' field needs the official commune list: add data/communes-france.json to the pack "
                            "(docs/content-format.md §1), else any INSEE code, even 99999, would be accepted\n");
    put(s.root / "data/communes-france.json", R"([{"code":"59012","nom":"Anor","codesPostaux":["59186"]}])");
    CHECK(s.errors().empty());
}

TEST_CASE("an unclosed quote is reported where it was opened, with the cause") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", "id: acte\nversion: 1\ntitle: \"Acte\nrecipient: etat-civil\nsections:\n  - title: \"Vous\"\n");
    CHECK(s.errors() == (s.root / "forms/acte.yaml").generic_string() +
                            ":3:8: error: YAML syntax error: the quote \" opened here is never closed: add the closing \" at the end of the text\n");
    SUBCASE("in a page's front matter, with the page's line") {
        put(s.root / "forms/acte.yaml", form_with(""));
        put(s.root / "pages/accueil.md", "---\ntitle: 'Accueil\nsummary: \"ok\"\n---\nVoir [les démarches](demarches.md).\n");
        CHECK(s.errors() == (s.root / "pages/accueil.md").generic_string() +
                                ":2:8: error: YAML syntax error: the quote ' opened here is never closed: add the closing ' at the end of the text\n");
    }
}

TEST_CASE("a date in the wrong format gives one error, not broken links") {
    MiniSource s;
    // demarches.md is linked from the menu and from accueil.md: its date is wrong, nothing else is.
    put(s.root / "pages/demarches.md", "---\ntitle: \"Démarches\"\nkind: event\ndate_start: 05/12/2026\nplace: \"Salle\"\n---\n[Demander un acte](form:acte)\n");
    CHECK(s.errors() == (s.root / "pages/demarches.md").generic_string() +
                            ":4:13: error: 'date_start' must be a date written YYYY-MM-DD (for example 2026-12-05), not '05/12/2026'\n");
    CHECK(error_count(s.root) == 1);
}

TEST_CASE("a section's show_if hides its fields, so their 'required' never blocks a resident") {
    MiniSource s;
    put(s.root / "forms/acte.yaml",
        "id: acte\nversion: 1\ntitle: \"Acte\"\nrecipient: etat-civil\npage: pages/demarches.md\nsections:\n"
        "  - title: \"Vous\"\n    fields:\n      - id: lieu\n        type: choice\n        label: \"Lieu\"\n        required: true\n"
        "        options:\n          - { value: anor, label: \"Anor\" }\n          - { value: autre, label: \"Autre\" }\n"
        "  - title: \"Ailleurs\"\n    show_if: \"lieu == 'autre'\"\n    fields:\n"
        "      - id: precision\n        type: text\n        label: \"Précisez\"\n        required: true\n");
    Diagnostics diags;
    auto compiled = compile_source(s.root, diags);
    REQUIRE(compiled.has_value());
    nlohmann::json form_json;
    for (const auto& e : compiled->entries)
        if (e.path == "forms/acte.json") form_json = nlohmann::json::parse(test::to_string(e.data));
    auto form = forms::Form::from_json(form_json);
    REQUIRE(form);
    auto cf = forms::CompiledForm::compile(std::move(*form));
    REQUIRE(cf);
    const forms::expr::Date today = *forms::expr::Date::parse("2026-12-07");
    auto anor = cf->check({{"lieu", "anor"}}, nullptr, today);
    CHECK(anor.problems.empty());
    CHECK(anor.hidden == std::vector<std::string>{"precision"});
    auto autre = cf->check({{"lieu", "autre"}}, nullptr, today);
    REQUIRE(autre.problems.size() == 1);
    CHECK(autre.problems[0].path == "precision");
    CHECK(autre.problems[0].message == "Ce champ est obligatoire.");

    SUBCASE("an error in the section's condition is reported at its place") {
        auto yaml = test::to_string(test::read_all(s.root / "forms/acte.yaml"));
        yaml.replace(yaml.find("lieu == 'autre'"), 15, "lieu == 'autres'");
        put(s.root / "forms/acte.yaml", yaml);
        INFO(s.errors());
        CHECK(has(s.errors(), "forms/acte.yaml:17:23: error: section 2, show_if: 'autres' is not an option of the field 'lieu'"));
    }
}

TEST_CASE("tracking prefix: required with démarches, three capitals, written to pack.json with the commune") {
    MiniSource s;
    auto yaml = test::to_string(test::read_all(s.root / "pack.yaml"));
    Diagnostics diags;
    auto compiled = compile_source(s.root, diags);
    REQUIRE(compiled.has_value());
    for (const auto& e : compiled->entries)
        if (e.path == "pack.json") {
            auto j = nlohmann::json::parse(test::to_string(e.data));
            CHECK(j["tracking_prefix"] == "MIN");
            CHECK(j["commune_name"] == "Mini");
        }
    SUBCASE("a wrong shape") {
        yaml.replace(yaml.find("tracking_prefix: MIN"), 20, "tracking_prefix: an");
        put(s.root / "pack.yaml", yaml);
        CHECK(s.errors() == (s.root / "pack.yaml").generic_string() +
                                ":7:18: error: 'tracking_prefix' must be 3 capital letters A-Z, such as ANR, not 'an'\n");
    }
    SUBCASE("missing in a pack with démarches") {
        yaml.replace(yaml.find("tracking_prefix: MIN\n"), 21, "");
        put(s.root / "pack.yaml", yaml);
        CHECK(s.errors() == (s.root / "pack.yaml").generic_string() +
                                ":1:1: error: missing 'tracking_prefix': the 3 capital letters that start the tracking codes of this "
                                "pack's démarches (ANR for Anor); give each commune its own\n");
    }
}

TEST_CASE("messages in French, the tool's default") {
    FrenchMessages fr;
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("        requred: true\n"));
    CHECK(s.errors() == (s.root / "forms/acte.yaml").generic_string() +
                            ":12:9 : erreur : clé inconnue 'requred' dans un champ 'text' : vouliez-vous dire 'required'\u00a0?\n");
}

TEST_CASE("edit distance and nearest key") {
    CHECK(edit_distance("requred", "required") == 1);
    CHECK(edit_distance("lable", "label") == 1);  // a swap of neighbours
    CHECK(edit_distance("", "abc") == 3);
    CHECK(nearest("pgae", {"page", "title", "id"}) == "page");
    CHECK(nearest("couleur", {"page", "title", "id"}).empty());
}

TEST_CASE("the source fingerprint changes when a file changes, is added or removed, not otherwise") {
    MiniSource s;
    const std::string first = source_fingerprint(s.root);
    CHECK(first.find("pages/accueil.md ") != std::string::npos);
    CHECK(source_fingerprint(s.root) == first);
    put(s.root / ".brouillon.swp", "editor");  // hidden files are not part of the pack
    CHECK(source_fingerprint(s.root) == first);
    put(s.root / "pages/accueil.md", "---\ntitle: \"Accueil modifié\"\n---\nVoir [les démarches](demarches.md).\n");
    const std::string edited = source_fingerprint(s.root);
    CHECK(edited != first);
    put(s.root / "pages/nouvelle.md", "---\ntitle: \"Nouvelle\"\n---\n");
    CHECK(source_fingerprint(s.root) != edited);
}

TEST_CASE("the French catalogue has the same placeholders as each English message, each message once") {
    std::set<std::string_view> seen;
    std::vector<std::pair<std::string_view, std::string_view>> all(french_catalogue().begin(), french_catalogue().end());
    all.insert(all.end(), expression_catalogue().begin(), expression_catalogue().end());
    for (const auto& [en, fr] : all) {
        INFO(en);
        CHECK(seen.insert(en).second);
        for (int n = 1; n <= 13; ++n) {
            const std::string p = "{" + std::to_string(n) + "}";
            CHECK((en.find(p) != std::string_view::npos) == (fr.find(p) != std::string_view::npos));
        }
    }
    CHECK(seen.size() > 80);
    CHECK(msg("missing '{1}': add a line '{1}: …'", {"title"}) == "missing 'title': add a line 'title: …'");  // English in tests
    FrenchMessages french;
    CHECK(msg("missing '{1}': add a line '{1}: …'", {"title"}) == "'title' manque : ajoutez une ligne 'title: …'");
    CHECK(msg("a message not in the catalogue: {1}", {"x"}) == "a message not in the catalogue: x");  // shown in English
    CHECK(msg("{1}{2}{3}{4}{5}{6}{7}{8}{9}{10}{11} { value } {0} {12}", {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}) ==
          "abcdefghijk { value } {0} ");  // two-digit placeholders; braces that are not one stay
}

TEST_CASE("the language comes from GUICHET_LANG, LC_ALL, LC_MESSAGES, LANG: English only when it starts with en") {
    struct Env {
        std::map<std::string, std::optional<std::string>> saved;
        void set(const char* k, const char* v) {
            if (!saved.count(k)) saved[k] = std::getenv(k) ? std::optional<std::string>(std::getenv(k)) : std::nullopt;
            if (v) setenv(k, v, 1);
            else unsetenv(k);
        }
        ~Env() {
            for (auto& [k, v] : saved)
                if (v) setenv(k.c_str(), v->c_str(), 1);
                else unsetenv(k.c_str());
        }
    } env;
    env.set("GUICHET_LANG", nullptr);
    env.set("LC_ALL", nullptr);
    env.set("LC_MESSAGES", nullptr);
    env.set("LANG", nullptr);
    CHECK(language_from_environment() == Language::fr);
    env.set("LANG", "en_GB.UTF-8");
    CHECK(language_from_environment() == Language::en);
    env.set("LANG", "C.UTF-8");
    CHECK(language_from_environment() == Language::fr);
    env.set("LC_MESSAGES", "en_US.UTF-8");
    CHECK(language_from_environment() == Language::en);
    env.set("LC_ALL", "fr_FR.UTF-8");
    CHECK(language_from_environment() == Language::fr);
    env.set("GUICHET_LANG", "en");  // the tool's own override (the test suite's)
    CHECK(language_from_environment() == Language::en);
    env.set("GUICHET_LANG", "fr");
    env.set("LANG", "en_GB.UTF-8");
    CHECK(language_from_environment() == Language::fr);
}

TEST_CASE("a map-source mistake is reported in French by default and in English") {
    MiniSource s;
    std::ofstream(s.root / "pack.yaml", std::ios::app)
        << "maps:\n  - id: adresses\n    title: \"Adresses\"\n    kind: addresses\n    source: data/absent.csv\n    attribution: \"BAN\"\n";
    const std::string at = (s.root / "pack.yaml").generic_string() + ":24:13";
    CHECK(s.errors() == at + ": error: map source 'data/absent.csv' does not exist: check the path (relative to the pack folder)\n");
    FrenchMessages fr;
    CHECK(s.errors() == at + " : erreur : la source de carte 'data/absent.csv' n’existe pas : vérifiez le chemin (depuis le dossier du pack)\n");
}

TEST_CASE("a media-check mistake is reported in French by default and in English") {
    MiniSource s;
    put(s.root / "media/photo.jpg", "not a picture");
    const std::string at = (s.root / "media/photo.jpg").generic_string();
    CHECK(s.errors() == at + ": error: not a JPEG, PNG or WebP picture; export it again as JPEG, PNG or WebP from an image editor, "
                             "or remove it\n");
    FrenchMessages fr;
    CHECK(s.errors() == at + " : erreur : ce n’est pas une image JPEG, PNG ou WebP ; exportez-la à nouveau en JPEG, PNG ou WebP "
                             "depuis un éditeur d’images, ou enlevez-la\n");
}

TEST_CASE("expression syntax errors are reported in French by default and in English, at their line and column") {
    MiniSource s;
    put(s.root / "forms/acte.yaml", form_with("        show_if: \"(nom == 'x'\"\n"));
    const std::string at = (s.root / "forms/acte.yaml").generic_string() + ":12:30";
    CHECK(s.errors() == at + ": error: field 'nom', show_if: expected ')' to close '(' opened at column 1, but found the end of the expression\n");
    put(s.root / "forms/acte.yaml", form_with("        show_if: \"nom = 'x'\"\n"));
    const std::string eq = (s.root / "forms/acte.yaml").generic_string() + ":12:23";
    CHECK(s.errors() == eq + ": error: field 'nom', show_if: a single '=' is not an operator: write '==' to compare two values\n");
    FrenchMessages fr;
    CHECK(s.errors() == eq + " : erreur : champ 'nom', show_if : un seul '=' n’est pas un opérateur : écrivez '==' pour comparer deux valeurs\n");
    put(s.root / "forms/acte.yaml", form_with("        show_if: \"(nom == 'x'\"\n"));
    CHECK(s.errors() == at + " : erreur : champ 'nom', show_if : ')' est attendu pour fermer le '(' ouvert en colonne 1, mais on trouve "
                             "la fin de l’expression\n");
}

TEST_CASE("a rubrique of online sites compiles into pack.json and bad addresses are errors") {
    MiniSource s;
    const std::string head =
        "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
        "tracking_prefix: MIN\ncommune_name: \"Mini\"\nhome: pages/accueil.md\n"
        "menu:\n  - id: demarches\n    title: \"Démarches\"\n    page: pages/demarches.md\n    forms: [acte]\n"
        "  - id: en-ligne\n    title: \"Services en ligne\"\n    sites:\n";
    const std::string tail = "recipients:\n  - id: etat-civil\n    name: \"État civil\"\n    key: keys/etat-civil.box.pub\n";
    put(s.root / "pack.yaml", head +
        "      - { title: \"Ameli\", address: \"https://www.ameli.fr/assure\", summary: \"Assurance maladie\", icon: info }\n" + tail);
    Diagnostics diags;
    auto compiled = compile_source(s.root, diags);
    REQUIRE(compiled.has_value());
    std::string pack_json;
    for (const auto& e : compiled->entries)
        if (e.path == "pack.json") pack_json = test::to_string(e.data);
    INFO(pack_json);
    const auto pack = nlohmann::json::parse(pack_json);
    const auto& site = pack.at("menu").at(1).at("sites").at(0);
    CHECK(site == nlohmann::json{{"title", "Ameli"}, {"address", "https://www.ameli.fr/assure"},
                                 {"summary", "Assurance maladie"}, {"icon", "info"}});
    put(s.root / "pack.yaml", head + "      - { title: \"Faux\", address: \"http://exemple.fr\" }\n"
                                     "      - { title: \"Piège\", address: \"https://user@exemple.fr\" }\n"
                                     "      - { titre: \"Sans titre\", address: \"https://exemple.fr\" }\n" + tail);
    auto e = s.errors();
    INFO(e);
    CHECK(has(e, "error: site address 'http://exemple.fr' must be an https:// address"));
    CHECK(has(e, "error: site address 'https://user@exemple.fr' must be an https:// address"));
    CHECK(has(e, "unknown key 'titre' in a site: did you mean 'title'?"));
}
