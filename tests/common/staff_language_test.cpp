// The staff-language helper (common/staff_language.hpp) and the programs that
// use it: guichet-pack, guichet-hub, guichet-partner and guichet-sync speak
// French unless the environment asks for English.
#include "common/staff_language.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <optional>

using namespace guichet;

namespace {

// Sets environment variables for one test and restores them after.
struct Env {
    std::map<std::string, std::optional<std::string>> saved;
    void set(const char* name, const char* value) {
        if (!saved.count(name)) {
            const char* old = std::getenv(name);
            saved[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (value) setenv(name, value, 1);
        else unsetenv(name);
    }
    ~Env() {
        for (const auto& [name, value] : saved) {
            if (value) setenv(name.c_str(), value->c_str(), 1);
            else unsetenv(name.c_str());
        }
    }
};

struct Speaking {  // the language for one test, English again after
    explicit Speaking(staff::Language l) { staff::set_language(l); }
    ~Speaking() { staff::set_language(staff::Language::en); }
};

const std::pair<std::string_view, std::string_view> kTable[] = {
    {"test: {1} file(s) in {2}", "test : {1} fichier(s) dans {2}"},
    {"test: first", "test : premier"},
};
const std::pair<std::string_view, std::string_view> kLater[] = {
    {"test: first", "test : second"},  // a later catalogue does not replace an earlier text
    {"test: later", "test : plus tard"},
};

// Runs PROGRAM ARGS with only LANG=LANG_VALUE (or no locale at all) and returns its exit status.
int run(const std::string& program, const std::string& args, const char* lang, std::string* out) {
    std::string env = "env -u GUICHET_LANG -u LC_ALL -u LC_MESSAGES ";
    env += lang ? std::string("LANG=") + lang + " " : std::string("-u LANG ");
    return test::run_command(env + program + " " + args, out);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("staff::msg translates from the catalogues and fills the placeholders") {
    staff::add_french(kTable);
    staff::add_french(kLater);
    {
        Speaking fr(staff::Language::fr);
        CHECK(staff::msg("test: {1} file(s) in {2}", {"3", "/tmp"}) == "test : 3 fichier(s) dans /tmp");
        CHECK(staff::msg("test: first") == "test : premier");
        CHECK(staff::msg("test: later") == "test : plus tard");
        CHECK(staff::msg("test: not in any catalogue {1}", {"x"}) == "test: not in any catalogue x");  // English then
        CHECK(std::string(staff::french_for("test: first")) == "test : premier");
        CHECK(staff::french_for("test: nowhere") == nullptr);
    }
    Speaking en(staff::Language::en);
    CHECK(staff::msg("test: {1} file(s) in {2}", {"3", "/tmp"}) == "test: 3 file(s) in /tmp");
    CHECK(staff::fill("{2}{1} {0} {x} {3}", {"a", "b"}) == "ba {0} {x} ");  // {N} without an argument is dropped
}

TEST_CASE("the staff language: GUICHET_LANG, LC_ALL, LC_MESSAGES, LANG, English only when the first set starts with en") {
    Env env;
    for (const char* v : {"GUICHET_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) env.set(v, nullptr);
    CHECK(staff::language_from_environment() == staff::Language::fr);  // nothing set: French
    env.set("LANG", "en_US.UTF-8");
    CHECK(staff::language_from_environment() == staff::Language::en);
    env.set("LC_MESSAGES", "fr_FR.UTF-8");
    CHECK(staff::language_from_environment() == staff::Language::fr);
    env.set("LC_ALL", "");  // empty counts as unset
    CHECK(staff::language_from_environment() == staff::Language::fr);
    env.set("LC_ALL", "C");  // not English: French
    CHECK(staff::language_from_environment() == staff::Language::fr);
    env.set("GUICHET_LANG", "en");
    CHECK(staff::language_from_environment() == staff::Language::en);
}

TEST_CASE("guichet-hub speaks French by default, English with LANG=en") {
    const std::string hub = GUICHET_HUB_PROGRAM;
    std::string out;
    CHECK(run(hub, "--help", nullptr, &out) == 0);
    CHECK(out.starts_with("Utilisation :\n  guichet-hub [serve] --data DOSSIER --listen HÔTE:PORT"));
    CHECK(has(out, "Code de sortie : 0 réussite, 1 échec, 2 ligne de commande incorrecte.\n"));
    CHECK(run(hub, "--help", "en_GB.UTF-8", &out) == 0);
    CHECK(out.starts_with("Usage:\n  guichet-hub [serve] --data DIR --listen HOST:PORT"));
    CHECK(has(out, "Exit status: 0 success, 1 failure, 2 usage error.\n"));

    CHECK(run(hub, "revoke --data /nonexistent", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-hub : revoke a besoin d’un identifiant de CLIENT\n\nUtilisation :\n"));
    CHECK(run(hub, "revoke --data /nonexistent", "en_US.UTF-8", &out) == 2);
    CHECK(out.starts_with("guichet-hub: revoke needs one CLIENT_ID\n\nUsage:\n"));
    CHECK(run(hub, "--frobnicate", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-hub : option inconnue --frobnicate\n"));
}

TEST_CASE("guichet-hub's commands answer staff in their language") {
    const std::string hub = GUICHET_HUB_PROGRAM;
    test::TempDir dir;
    std::string out;
    const std::string data = "--data " + (dir / "hub").string();
    REQUIRE(run(hub, "enroll-token " + data, nullptr, &out) == 0);  // creates hub.db; the token alone, as scripts read it
    CHECK(out.size() > 20);
    CHECK(out.find(' ') == std::string::npos);
    CHECK(run(hub, "revoke " + data + " k-nobody", nullptr, &out) == 1);
    CHECK(out == "guichet-hub : aucun client k-nobody\n");
    CHECK(run(hub, "revoke " + data + " k-nobody", "en", &out) == 1);
    CHECK(out == "guichet-hub: no client k-nobody\n");

    const std::string keys = (dir / "keys").string();
    REQUIRE(run(GUICHET_PARTNER_PROGRAM, "keygen --id etat-civil --out " + keys, "en", &out) == 0);
    CHECK(run(hub, "add-partner " + data + " --id etat-civil --key " + keys + "/etat-civil.sign.pub", nullptr, &out) == 0);
    CHECK(out == "partenaire etat-civil inscrit\n");
    CHECK(run(hub, "add-partner " + data + " --id etat-civil --key " + keys + "/etat-civil.sign.pub", "en_GB.UTF-8", &out) == 0);
    CHECK(out == "partner etat-civil registered\n");
    CHECK(run(hub, "revoke " + data + " etat-civil", nullptr, &out) == 0);
    CHECK(out == "etat-civil révoqué\n");

    const std::string backup = (dir / "sauvegarde.db").string();
    CHECK(run(hub, "backup " + data + " --to " + backup, nullptr, &out) == 0);
    CHECK(out.starts_with("sauvegarde " + backup + " : 0 démarche(s), 1 client(s), "));
    CHECK(run(hub, "restore " + data + " --from " + backup, "en", &out) == 1);
    CHECK(has(out, "already holds 0 démarche(s) and 1 client(s): --replace to overwrite them"));
}

TEST_CASE("guichet-partner speaks French by default, English with LANG=en") {
    const std::string partner = GUICHET_PARTNER_PROGRAM;
    test::TempDir dir;
    std::string out;
    CHECK(run(partner, "--help", nullptr, &out) == 0);
    CHECK(out.starts_with("Utilisation :\n  guichet-partner keygen --id ID --out DOSSIER [--box]\n"));
    CHECK(run(partner, "--help", "en_GB.UTF-8", &out) == 0);
    CHECK(out.starts_with("Usage:\n  guichet-partner keygen --id ID --out DIR [--box]\n"));

    CHECK(run(partner, "fetch --key x.box.key", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-partner : fetch a besoin de --hub et --key\n\nUtilisation :\n"));
    CHECK(run(partner, "keygen --id", "en_GB.UTF-8", &out) == 2);
    CHECK(out.starts_with("guichet-partner: --id needs a value\n\nUsage:\n"));

    const std::string keys = (dir / "keys").string();
    CHECK(run(partner, "keygen --id etat-civil --box --out " + keys, nullptr, &out) == 0);
    CHECK(out == "écrit " + keys + "/etat-civil.sign.key et " + keys + "/etat-civil.sign.pub (et la paire de clés de scellement)\n");
    CHECK(run(partner, "keygen --id urbanisme --out " + keys, "en", &out) == 0);
    CHECK(out == "wrote " + keys + "/urbanisme.sign.key and " + keys + "/urbanisme.sign.pub\n");
}

TEST_CASE("guichet-sync speaks French by default, English with LANG=en") {
    const std::string agent = GUICHET_SYNC_PROGRAM;
    std::string out;
    CHECK(run(agent, "--help", nullptr, &out) == 0);
    CHECK(out.starts_with("Utilisation :\n  guichet-sync --state DOSSIER [--hub URL] [--once] [options]\n"));
    CHECK(run(agent, "--help", "en_GB.UTF-8", &out) == 0);
    CHECK(out.starts_with("Usage:\n  guichet-sync --state DIR [--hub URL] [--once] [options]\n"));
    CHECK(run(agent, "--once", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-sync : --state DOSSIER est obligatoire\n\nUtilisation :\n"));
    CHECK(run(agent, "--once", "en_GB.UTF-8", &out) == 2);
    CHECK(out.starts_with("guichet-sync: --state DIR is required\n\nUsage:\n"));
    CHECK(run(agent, "--state /tmp --batch 0", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-sync : --batch : de 1 à 1000 est attendu\n"));
}

TEST_CASE("guichet-pack speaks French by default, English with LANG=en, as the other programs") {
    const std::string pack = GUICHET_PACK_TOOL;
    std::string out;
    CHECK(run(pack, "--help", nullptr, &out) == 0);
    CHECK(out.starts_with("guichet-pack — fabriquer, signer, vérifier et inspecter les packs de contenu Guichet\n\nUtilisation :"));
    CHECK(run(pack, "--help", "en_GB.UTF-8", &out) == 0);
    CHECK(out.starts_with("guichet-pack — build, sign, verify and inspect Guichet content packs\n\nUsage:"));
    CHECK(run(pack, "verify", nullptr, &out) == 2);
    CHECK(out.starts_with("guichet-pack verify : nombre d’arguments incorrect\n"));
    CHECK(run(pack, "verify", "en_GB.UTF-8", &out) == 2);
    CHECK(out.starts_with("guichet-pack verify: wrong number of arguments\n"));
}
