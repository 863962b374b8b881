// GET /v1/partner/forms (protocol 1.5, docs/protocol.md §5.2): the layout of
// the forms of the packs the hub publishes, for the back office. A service
// gets its own forms only; each pack version is parsed once.
#include "common/file.hpp"
#include "crypto/minisign.hpp"
#include "crypto/signing/signing.hpp"
#include "hub/form_catalog.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_all(p);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
    std::ofstream(p) << text;
}

// guichet-pack new's template (form contact-mairie, for the recipient
// renamed "accueil-mairie"), with help on its first field, built as VERSION and put in
// REPO as `guichet-pack publish` names it.
void publish_template(const fs::path& work, const fs::path& repo, int version, const std::string& title) {
    const fs::path src = work / ("src-" + std::to_string(version));
    std::string out;
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " new " + src.string() + " 2>&1", &out) == 0, out);
    if (!fs::exists(work / "staff.key"))
        REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " keygen -o " + (work / "staff").string() + " 2>&1", &out) == 0, out);
    replace_in(src / "pack.yaml", "version: 1 ", "version: " + std::to_string(version) + " ");
    replace_in(src / "pack.yaml", "  - id: accueil\n", "  - id: accueil-mairie\n");  // a demo recipient's id
    replace_in(src / "forms" / "contact-mairie.yaml", "recipient: accueil ", "recipient: accueil-mairie ");
    replace_in(src / "forms" / "contact-mairie.yaml", "title: \"Écrire à la mairie\"", "title: \"" + title + "\"");
    replace_in(src / "forms" / "contact-mairie.yaml", "label: \"Votre nom\"\n",
               "label: \"Votre nom\"\n        help: \"Comme sur votre pièce d’identité.\"\n");
    const fs::path dir = repo / "packs" / "ma-commune";
    fs::create_directories(dir);
    const fs::path pack = dir / ("ma-commune-" + std::to_string(version) + ".gpk");
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " build " + src.string() + " --key " +
                                    (work / "staff.key").string() + " -o " + pack.string() + " -q 2>&1",
                                &out) == 0,
                    out);
}

json forms_of(const std::string& url, const DemoPartner& partner, int* status = nullptr) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    c->set_identity({partner.id, partner.signing});
    auto a = c->send("GET", std::string(paths::kPartnerForms));
    REQUIRE(a.ok());
    if (status) *status = a->status;
    return json::parse(a->body, nullptr, false);
}

}  // namespace

TEST_CASE("forms route: a service gets the layout of its own forms from the published pack, and nothing of another's") {
    TempDir dir;
    publish_template(dir / "work", dir / "hub" / "repo", 1, "Écrire à la mairie");
    auto accueil = register_demo_partner(dir / "accueil", dir / "hub", "accueil-mairie");
    auto etat_civil = register_demo_partner(dir / "etat-civil", dir / "hub", "etat-civil");
    auto hub = start_hub(dir / "hub");

    int status = 0;
    json mine = forms_of(hub.url, accueil, &status);
    REQUIRE(status == 200);
    REQUIRE(mine["format"] == 1);
    REQUIRE(mine["forms"].size() == 1);
    const json& form = mine["forms"][0];
    CHECK(form["id"] == "contact-mairie");
    CHECK(form["version"] == 1);
    CHECK(form["pack_id"] == "ma-commune");
    CHECK(form["pack_version"] == 1);
    CHECK(form["recipient"] == "accueil-mairie");
    CHECK(form["title"] == "Écrire à la mairie");
    REQUIRE(form["sections"].size() == 3);
    CHECK(form["sections"][0]["title"] == "Vous");
    const json& nom = form["sections"][0]["fields"][0];
    CHECK(nom["label"] == "Votre nom");
    CHECK(nom["help"] == "Comme sur votre pièce d’identité.");
    CHECK(nom["required"] == true);
    const json& reponse = form["sections"][0]["fields"][1];
    CHECK(reponse["type"] == "choice");
    CHECK(reponse["options"] == json::parse(R"([{"value":"oui","label":"Oui, par courriel"},{"value":"non","label":"Non"}])"));
    CHECK(form["sections"][1]["conditional"] == true);  // « Pour vous répondre » has a show_if
    CHECK(!form["sections"][0].contains("conditional"));

    // Another service: its own forms only (none here), not a word of accueil's.
    json theirs = forms_of(hub.url, etat_civil, &status);
    CHECK(status == 200);
    CHECK(theirs["forms"].empty());
    CHECK(theirs.dump().find("contact-mairie") == std::string::npos);

    // Unsigned: refused like every partner route.
    auto anonymous = HubClient::create(hub.url);
    REQUIRE(anonymous.ok());
    auto refused = anonymous->send("GET", std::string(paths::kPartnerForms));
    REQUIRE(refused.ok());
    CHECK(refused->status == 401);

    // A new version published: both listed, the newest first, for démarches sealed with either.
    publish_template(dir / "work", dir / "hub" / "repo", 2, "Écrire à la mairie (nouvelle version)");
    json both = forms_of(hub.url, accueil);
    REQUIRE(both["forms"].size() == 2);
    CHECK(both["forms"][0]["pack_version"] == 2);
    CHECK(both["forms"][0]["title"] == "Écrire à la mairie (nouvelle version)");
    CHECK(both["forms"][1]["pack_version"] == 1);
}

TEST_CASE("forms route: with the pack key, a pack whose signature does not verify is not read") {
    TempDir dir;
    const fs::path repo = dir / "repo";
    publish_template(dir / "work", repo, 1, "Écrire à la mairie");
    auto text = read_text_file(dir / "work" / "staff.pub", 4096);
    REQUIRE(text.ok());
    auto right = crypto::PublicKey::parse(*text);
    REQUIRE(right.ok());
    crypto::KeyRing trusted;
    trusted.add(*right);
    CHECK(guichet::sync::hub::FormCatalog(repo, trusted).forms_for("accueil-mairie")["forms"].size() == 1);
    crypto::KeyRing other;
    other.add(crypto::SecretKey::generate().public_key());
    CHECK(guichet::sync::hub::FormCatalog(repo, other).forms_for("accueil-mairie")["forms"].empty());
}

TEST_CASE("forms route: each pack version is parsed once, a removed one is dropped, an unreadable one skipped") {
    TempDir dir;
    const fs::path repo = dir / "repo";
    publish_template(dir / "work", repo, 1, "Écrire à la mairie");
    guichet::sync::hub::FormCatalog catalog(repo);
    CHECK(catalog.forms_for("accueil-mairie")["forms"].size() == 1);
    CHECK(catalog.forms_for("accueil-mairie")["forms"].size() == 1);
    CHECK(catalog.forms_for("etat-civil")["forms"].empty());
    CHECK(catalog.parses() == 1);

    publish_template(dir / "work", repo, 2, "Deuxième");
    CHECK(catalog.forms_for("accueil-mairie")["forms"].size() == 2);
    CHECK(catalog.parses() == 2);

    fs::remove(repo / "packs" / "ma-commune" / "ma-commune-1.gpk");
    json left = catalog.forms_for("accueil-mairie");
    REQUIRE(left["forms"].size() == 1);
    CHECK(left["forms"][0]["title"] == "Deuxième");

    std::ofstream(repo / "packs" / "ma-commune" / "ma-commune-3.gpk") << "not a pack";
    json still = catalog.forms_for("accueil-mairie");
    REQUIRE(still["forms"].size() == 1);  // version 3 unreadable: skipped, version 2 still served
    CHECK(still["forms"][0]["pack_version"] == 2);
    CHECK(catalog.parses() == 2);
}
