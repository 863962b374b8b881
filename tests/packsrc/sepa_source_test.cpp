// SEPA mandates in a content source (docs/sepa.md §1): a recipient's sepa_creditor with its ICS
// checked at build, and a form's sepa_mandate filled with the creditor.
#include "content_source.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace guichet;
using namespace guichet::packsrc;

namespace {

void put(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

const char* kMandateForm =
    "id: mandat\nversion: 1\ntitle: \"Mandat\"\nrecipient: regie\npage: pages/demarches.md\n"
    "sepa_mandate:\n  payment_type: type\n"
    "sections:\n  - title: \"Le mandat\"\n    fields:\n"
    "      - id: info\n        type: info\n        text: \"Créancier : {creancier}. ICS : {ics}.\"\n"
    "      - id: type\n        type: choice\n        label: \"Type\"\n        required: true\n        options:\n"
    "          - { value: recurrent, label: \"Récurrent\" }\n          - { value: ponctuel, label: \"Ponctuel\" }\n";

struct SepaSource {
    test::TempDir dir;
    std::filesystem::path root = dir / "mini";

    explicit SepaSource(const std::string& ics, const std::string& form = kMandateForm) {
        put(root / "pack.yaml",
            "format: 1\nid: mini\ntitle: \"Mini\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
            "tracking_prefix: MIN\ncommune_name: \"Mini\"\nhome: pages/accueil.md\n"
            "menu:\n  - id: demarches\n    title: \"Démarches\"\n    icon: formulaire\n    page: pages/demarches.md\n"
            "    forms: [mandat]\n"
            "recipients:\n  - id: regie\n    name: \"Régie\"\n    key: keys/regie.box.pub\n"
            "    sepa_creditor:\n      ics: \"" + ics + "\"\n      name: \"Régie municipale de Mini\"\n");
        put(root / "pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n# Bienvenue\n\nVoir [les démarches](demarches.md).\n");
        put(root / "pages/demarches.md", "---\ntitle: \"Démarches\"\n---\n# Démarches\n\n[Mandat](form:mandat)\n");
        put(root / "forms/mandat.yaml", form);
        put(root / "keys/regie.box.pub", crypto::BoxKeyPair::generate().public_key.to_file_text("regie"));
    }

    std::optional<CompiledSource> compile(std::string* errors) {
        Diagnostics diags;
        auto out = compile_source(root, diags);
        for (const auto& d : diags.all()) *errors += d.to_string() + "\n";
        return out;
    }
};

nlohmann::json entry(const CompiledSource& c, const std::string& path) {
    for (const auto& e : c.entries)
        if (e.path == path) return nlohmann::json::parse(test::to_string(e.data));
    FAIL("no entry " << path);
    return {};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sepa_creditor: the ICS is checked and goes to pack.json, the mandate form shows it") {
    SepaSource s("fr46 zzz 005002");
    std::string errors;
    auto compiled = s.compile(&errors);
    REQUIRE_MESSAGE(compiled.has_value(), errors);
    auto pack = entry(*compiled, "pack.json");
    CHECK(pack["recipients"][0]["sepa_creditor"]["ics"] == "FR46ZZZ005002");
    CHECK(pack["recipients"][0]["sepa_creditor"]["name"] == "Régie municipale de Mini");
    auto form = entry(*compiled, "forms/mandat.json");
    CHECK(form["sepa_mandate"]["ics"] == "FR46ZZZ005002");
    CHECK(form["sepa_mandate"]["creditor"] == "Régie municipale de Mini");
    CHECK(form["sepa_mandate"]["payment_type"] == "type");
    CHECK(form["sections"][0]["fields"][0]["text"] == "Créancier : Régie municipale de Mini. ICS : FR46ZZZ005002.");
}

TEST_CASE("sepa_creditor: a wrong ICS stops the build at its line and column, once") {
    SepaSource s("FR47ZZZ005002");
    std::string errors;
    CHECK_FALSE(s.compile(&errors).has_value());
    CHECK_MESSAGE(has(errors, "pack.yaml:21:12: error: the creditor identifier (ICS) 'FR47ZZZ005002' has wrong check digits (47 instead of 46)"), errors);
    CHECK_MESSAGE(std::count(errors.begin(), errors.end(), '\n') == 1, errors);  // the mandate form adds nothing
    SepaSource short_ics("FR46ZZZ00500");
    errors.clear();
    CHECK_FALSE(short_ics.compile(&errors).has_value());
    CHECK_MESSAGE(has(errors, "pack.yaml:21:12: error: the French creditor identifier (ICS) 'FR46ZZZ00500' has 12 characters instead of 13"), errors);
}

TEST_CASE("sepa_mandate: a choice field with recurrent and ponctuel, and the ICS shown in an info text") {
    std::string no_ics = kMandateForm;
    no_ics.replace(no_ics.find(" ICS : {ics}."), std::string(" ICS : {ics}.").size(), "");
    SepaSource s1("FR46ZZZ005002", no_ics);
    std::string errors;
    CHECK_FALSE(s1.compile(&errors).has_value());
    CHECK_MESSAGE(has(errors, "forms/mandat.yaml:7:3: error: a SEPA mandate form must show the creditor identifier: write {ics}"), errors);

    std::string bad_type = kMandateForm;
    bad_type.replace(bad_type.find("value: ponctuel"), std::string("value: ponctuel").size(), "value: unique");
    SepaSource s2("FR46ZZZ005002", bad_type);
    errors.clear();
    CHECK_FALSE(s2.compile(&errors).has_value());
    CHECK_MESSAGE(has(errors, "forms/mandat.yaml:7:17: error: 'payment_type' must name a choice field of this form with the options 'recurrent' and 'ponctuel'"), errors);
}

TEST_CASE("sepa_mandate: the recipient must be a SEPA creditor") {
    SepaSource s("FR46ZZZ005002");
    // The same pack without sepa_creditor.
    std::ifstream in(s.root / "pack.yaml");
    std::string pack((std::istreambuf_iterator<char>(in)), {});
    pack.erase(pack.find("    sepa_creditor:"));
    put(s.root / "pack.yaml", pack);
    std::string errors;
    CHECK_FALSE(s.compile(&errors).has_value());
    CHECK_MESSAGE(has(errors, "forms/mandat.yaml:7:3: error: a SEPA mandate form needs a recipient with 'sepa_creditor' { ics, name } in pack.yaml; 'regie' has none"), errors);
}
