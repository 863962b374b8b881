// guichet-pack used as staff would: through its command line.
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

const std::string kTool = GUICHET_PACK_TOOL;
const std::string kAnor = std::string(GUICHET_SOURCE_DIR) + "/content_packs/anor";

// In English (LANG=en…), as the checks below were written; tool_fr() runs with no locale set,
// where guichet-pack speaks French, as staff get it by default.
int tool(const std::string& args, std::string* out = nullptr) {
    std::string ignored;
    return test::run_command("env -u GUICHET_LANG -u LC_ALL -u LC_MESSAGES LANG=en_GB.UTF-8 " + kTool + " " + args, out ? out : &ignored);
}
int tool_fr(const std::string& args, std::string* out = nullptr) {
    std::string ignored;
    return test::run_command("env -u GUICHET_LANG -u LC_ALL -u LC_MESSAGES -u LANG " + kTool + " " + args, out ? out : &ignored);
}

struct Built {
    test::TempDir dir;
    std::string key = (dir / "staff.key").string(), pub = (dir / "staff.pub").string();
    std::string pack = (dir / "anor.gpk").string();
    Built() {
        REQUIRE(tool("keygen -o " + (dir / "staff").string()) == 0);
        std::string out;
        REQUIRE_MESSAGE(tool("build " + kAnor + " --key " + key + " -o " + pack + " --created 1800000000 -q", &out) == 0, out);
    }
};

}  // namespace

TEST_CASE("every command has --help, and bad command lines exit 2") {
    std::string out;
    CHECK(tool("--help", &out) == 0);
    for (const char* c : {"keygen", "recipient-keygen", "check", "build", "verify", "info", "ls", "cat", "extract", "diff", "apply",
                          "test-form", "publish", "preview", "import-map", "new", "export-site"}) {
        INFO(c);
        CHECK(tool(std::string(c) + " --help", &out) == 0);
        CHECK(out.find("Usage: guichet-pack " + std::string(c)) == 0);
        // Every help has its French text, but import-map's: the map importers' (tests/geo) is English for now.
        if (std::string(c) == "import-map") continue;
        CHECK(tool_fr(std::string(c) + " --help", &out) == 0);
        CHECK(out.find("Utilisation : guichet-pack " + std::string(c)) == 0);
    }
    CHECK(tool("frobnicate", &out) == 2);
    CHECK(tool("build " + kAnor + " --nope", &out) == 2);
    CHECK(out.find("unknown option '--nope'") != std::string::npos);
    CHECK(tool("build " + kAnor, &out) == 2);
    CHECK(out.find("missing --key") != std::string::npos);
}

TEST_CASE("build, then verify with guichet-pack and with stock minisign") {
    Built b;
    std::string out;
    CHECK(tool("verify " + b.pack + " --pub " + b.pub + " --deep --minisig -q", &out) == 0);
    CHECK(out.find("valid: ") == 0);
    REQUIRE(test::run_command("minisign -V -p " + b.pub + " -m " + b.pack, &out) == 0);
    CHECK(out.find("Signature and comment signature verified") != std::string::npos);
    CHECK(out.find("pack:anor version:1") != std::string::npos);

    SUBCASE("a pack changed after signing fails both") {
        Bytes bytes = test::read_all(b.pack);
        bytes[bytes.size() - 10] ^= 1;
        test::write_all(b.pack, bytes);
        CHECK(tool("verify " + b.pack + " --pub " + b.pub + " -q", &out) == 1);
        CHECK(out.find("INVALID: ") != std::string::npos);
        CHECK(out.find("is corrupted (hash mismatch)") != std::string::npos);
        CHECK(test::run_command("minisign -V -p " + b.pub + " -m " + b.pack, &out) != 0);
    }
    SUBCASE("another key is refused") {
        REQUIRE(tool("keygen -o " + (b.dir / "other").string()) == 0);
        CHECK(tool("verify " + b.pack + " --pub " + (b.dir / "other.pub").string(), &out) == 1);
        CHECK(out.find("which is not a trusted key") != std::string::npos);
    }
}

TEST_CASE("the build is deterministic and a content error stops it with file and line") {
    Built b;
    std::string out;
    REQUIRE(tool("build " + kAnor + " --key " + b.key + " -o " + (b.dir / "again.gpk").string() + " --created 1800000000 -q") == 0);
    CHECK(test::read_all(b.pack) == test::read_all(b.dir / "again.gpk"));

    REQUIRE(test::run_command("cp -r " + kAnor + " " + (b.dir / "src").string()) == 0);
    REQUIRE(test::run_command("printf '\\n[cassé](nulle-part.md)\\n' >> " + (b.dir / "src/pages/accueil.md").string()) == 0);
    CHECK(tool("build " + (b.dir / "src").string() + " --key " + b.key + " -o " + (b.dir / "x.gpk").string(), &out) == 1);
    CHECK(out.find("src/pages/accueil.md:") != std::string::npos);
    CHECK(out.find("link 'nulle-part.md' does not resolve") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(b.dir / "x.gpk"));
}

TEST_CASE("info, ls, cat and extract show the pack's content") {
    Built b;
    std::string out;
    REQUIRE(tool("info " + b.pack + " --pub " + b.pub, &out) == 0);
    CHECK(out.find("pack:              anor") != std::string::npos);
    CHECK(out.find("signature verified") != std::string::npos);
    REQUIRE(tool("ls " + b.pack, &out) == 0);
    CHECK(out.find("forms/acte-etat-civil.json\n") != std::string::npos);
    REQUIRE(tool("cat " + b.pack + " pack.json --pub " + b.pub, &out) == 0);
    CHECK(out.find("\"id\": \"anor\"") != std::string::npos);
    REQUIRE(tool("extract " + b.pack + " -o " + (b.dir / "x").string() + " --pub " + b.pub + " -q", &out) == 0);
    CHECK(std::filesystem::exists(b.dir / "x/catalog.json"));
    CHECK(tool("cat " + b.pack + " nothing/here.md", &out) == 1);
}

TEST_CASE("diff and apply rebuild the new version byte for byte") {
    Built b;
    std::string out;
    REQUIRE(test::run_command("cp -r " + kAnor + " " + (b.dir / "src").string()) == 0);
    REQUIRE(test::run_command("printf '\\nUne ligne de plus.\\n' >> " + (b.dir / "src/pages/accueil.md").string()) == 0);
    std::string v2 = (b.dir / "v2.gpk").string(), delta = (b.dir / "v1-v2.delta").string();
    REQUIRE(tool("build " + (b.dir / "src").string() + " --key " + b.key + " -o " + v2 + " --version 2 --base " + b.pack + " -q", &out) == 0);
    REQUIRE(tool("diff " + b.pack + " " + v2 + " -o " + delta, &out) == 0);
    CHECK(std::filesystem::file_size(delta) < std::filesystem::file_size(v2) / 4);
    CHECK(out.find("delta " + delta + ": ") == 0);
    CHECK(out.find(" operations\n") != std::string::npos);
    REQUIRE(tool_fr("diff " + b.pack + " " + v2 + " -o " + delta, &out) == 0);
    CHECK(out.find("delta " + delta + " : ") == 0);
    CHECK(out.find(" % des ") != std::string::npos);
    CHECK(out.find(" opérations\n") != std::string::npos);
    REQUIRE(tool("apply " + b.pack + " " + delta + " -o " + (b.dir / "v2b.gpk").string(), &out) == 0);
    CHECK(out == "rebuilt " + (b.dir / "v2b.gpk").string() + " (matches the delta's target hash)\n");
    CHECK(test::read_all(v2) == test::read_all(b.dir / "v2b.gpk"));
    REQUIRE(tool_fr("apply " + b.pack + " " + delta + " -o " + (b.dir / "v2b.gpk").string(), &out) == 0);
    CHECK(out == (b.dir / "v2b.gpk").string() + " refait (il a l’empreinte attendue par le delta)\n");
    CHECK(tool("apply " + v2 + " " + delta + " -o " + (b.dir / "v2c.gpk").string(), &out) == 1);
    CHECK(out.find("made for another base pack") != std::string::npos);
}

TEST_CASE("test-form prints what a resident would see and exits 0 or 1") {
    Built b;
    std::string out;
    test::write_all(b.dir / "ok.json", as_bytes(R"({"type_demande":"nouveau","nom":"Martin","prenom":"Julie"})"));
    CHECK(tool("test-form " + b.pack + " nulle-part --data " + (b.dir / "ok.json").string(), &out) == 1);
    CHECK(out.find("no form 'nulle-part'") != std::string::npos);

    test::write_all(b.dir / "acte.json", as_bytes(R"({"nom":"Martin"})"));
    CHECK(tool("test-form " + b.pack + " acte-etat-civil --data " + (b.dir / "acte.json").string() + " --pub " + b.pub, &out) == 1);
    CHECK(out.find("Démarche « Demander un acte d’état civil »") == 0);
    CHECK(out.find("Ce champ est obligatoire.") != std::string::npos);
    CHECK(out.find("Résultat : la démarche serait refusée") != std::string::npos);

    test::write_all(b.dir / "cantine.json", as_bytes(R"({
      "nom": "Martin", "prenom": "Julie", "lien": "mere",
      "adresse": {"line1": "12 rue de la Gare", "postal_code": "59186", "insee": "59012"},
      "telephone": "03 27 59 51 11", "organisme": "aucun", "qf_connu": "non",
      "enfants": [{"enfant_nom": "Martin", "enfant_prenom": "Léo", "enfant_date_naissance": "12/05/2017",
                   "ecole": "École Jules Ferry", "classe": "CE2", "repas_semaine": "4", "journees_loisirs": "1"}],
      "justificatif_domicile": {"name": "f.pdf", "mime": "application/pdf", "size": 1000},
      "signature": "strokes"})"));
    REQUIRE(tool("test-form " + b.pack + " inscription-cantine --today 2026-11-28 --data " + (b.dir / "cantine.json").string(), &out) == 0);
    CHECK(out.find("coût estimé par semaine, pour tous vos enfants : 14,40\u00a0€") != std::string::npos);  // 3,60 € × 4
    CHECK(out.find("Résultat : la démarche serait acceptée.") != std::string::npos);
}

TEST_CASE("guichet-pack speaks French by default, English when LANG starts with en") {
    std::string out;
    CHECK(tool_fr("--help", &out) == 0);
    CHECK(out.find("Utilisation : guichet-pack COMMANDE") != std::string::npos);
    CHECK(out.find("  check             vérifier un dossier de contenu sans fabriquer le pack\n") != std::string::npos);
    CHECK(tool_fr("check --help", &out) == 0);
    CHECK(out.find("Utilisation : guichet-pack check DOSSIER") == 0);
    CHECK(tool_fr("frobnicate", &out) == 2);
    CHECK(out == "guichet-pack : commande inconnue 'frobnicate' (voir guichet-pack --help)\n");
    CHECK(tool_fr("build " + kAnor, &out) == 2);
    CHECK(out.find("guichet-pack build : --key manque") == 0);
    CHECK(test::run_command("env -u GUICHET_LANG -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 " + kTool + " frobnicate", &out) == 2);
    CHECK(out.find("commande inconnue") != std::string::npos);  // C is not English: French
    CHECK(tool("frobnicate", &out) == 2);
    CHECK(out == "guichet-pack: unknown command 'frobnicate' (see guichet-pack --help)\n");

    test::TempDir dir;
    REQUIRE(test::run_command("cp -r " + kAnor + " " + (dir / "src").string()) == 0);
    REQUIRE(test::run_command("sed -i 's/^        required: true$/        requred: true/' " + (dir / "src/forms/non-gage.yaml").string()) == 0);
    CHECK(tool_fr("check " + (dir / "src").string(), &out) == 1);
    CHECK(out.find("src/forms/non-gage.yaml:") != std::string::npos);
    CHECK(out.find(" : erreur : clé inconnue 'requred' dans un champ 'text' : vouliez-vous dire 'required'\u00a0?\n") != std::string::npos);
    CHECK(out.find(" erreur(s), 0 avertissement(s)\n") != std::string::npos);
}

TEST_CASE("new makes a commented content folder that passes check and build") {
    test::TempDir dir;
    const std::string src = (dir / "trelon").string();
    std::string out;
    REQUIRE(tool_fr("new " + src, &out) == 0);
    CHECK(out.find(src + " : nouveau dossier de contenu.") == 0);
    CHECK(std::filesystem::exists(dir / "trelon-cles-secretes/accueil.box.key"));  // the secret stays out of the folder
    CHECK_FALSE(std::filesystem::exists(dir / "trelon/keys/accueil.box.key"));
    const std::string yaml = test::to_string(test::read_all(dir / "trelon/pack.yaml"));
    for (const char* key : {"format:", "id:", "title:", "version:", "languages:", "expires_days:", "min_kiosk_version:", "audience:",
                            "commune_name:", "tracking_prefix:", "home:", "menu:", "recipients:", "# maps:"}) {
        INFO(key);
        CHECK(yaml.find(std::string("\n") + key) != std::string::npos);  // every documented key, explained
    }
    CHECK(tool_fr("check " + src, &out) == 0);
    CHECK(out == src + " : OK — pack 'ma-commune' version 1 : 3 page(s), 1 formulaire(s), 0 fichier(s) de médias\n");  // no warning
    REQUIRE(tool("keygen -o " + (dir / "staff").string()) == 0);
    CHECK(tool("build " + src + " --key " + (dir / "staff.key").string() + " -o " + (dir / "t.gpk").string() + " -q", &out) == 0);
    CHECK(tool_fr("new " + src, &out) == 1);
    CHECK(out.find("existe déjà") != std::string::npos);
}

TEST_CASE("verify, info and extract speak French by default and English with LANG=en") {
    Built b;
    std::string out;
    auto starts = [&](const std::string& head) { return out.compare(0, head.size(), head) == 0; };
    auto ends = [&](const std::string& tail) { return out.size() >= tail.size() && out.compare(out.size() - tail.size(), tail.size(), tail) == 0; };
    REQUIRE(tool("verify " + b.pack + " --pub " + b.pub + " -q", &out) == 0);
    CHECK(starts("valid: " + b.pack + " — pack 'anor' version 1, "));
    CHECK(out.find(" entries, signed by key ") != std::string::npos);
    CHECK(ends(", expires 2028-01-15 08:00 UTC\n"));
    REQUIRE(tool_fr("verify " + b.pack + " --pub " + b.pub + " -q", &out) == 0);
    CHECK(starts("valide : " + b.pack + " — pack 'anor' version 1, "));
    CHECK(out.find(" entrée(s), signé par la clé ") != std::string::npos);
    CHECK(ends(", expire le 2028-01-15 08:00 UTC\n"));

    REQUIRE(tool_fr("info " + b.pack, &out) == 0);
    CHECK(starts("pack :                      anor\ntitre :                     Mairie d’Anor"));
    CHECK(out.find("\nversion minimale de borne : 2\n") != std::string::npos);  // the Anor pack has a network map
    CHECK(out.find(" (signature NON vérifiée : donnez --pub CLÉ.pub)\n") != std::string::npos);
    REQUIRE(tool("info " + b.pack, &out) == 0);
    CHECK(starts("pack:              anor\ntitle:             Mairie d’Anor"));
    CHECK(out.find("\nmin kiosk version: 2\n") != std::string::npos);
    CHECK(out.find(" (signature NOT checked: give --pub KEY.pub)\n") != std::string::npos);

    const std::string x = (b.dir / "x").string();
    REQUIRE(tool_fr("extract " + b.pack + " -o " + x + " -q", &out) == 0);
    CHECK(starts("avertissement : signature non vérifiée (donnez --pub CLÉ.pub pour la vérifier)\n"));
    CHECK(out.find(" entrée(s) extraite(s) dans " + x + "\n") != std::string::npos);
    REQUIRE(tool("extract " + b.pack + " -o " + x + " -q", &out) == 0);
    CHECK(starts("warning: signature not checked (give --pub KEY.pub to check it)\n"));
    CHECK(out.find(" entries to " + x + "\n") != std::string::npos);

    test::write_all(b.dir / "bad.gpk", as_bytes("GPK1 but nothing else"));
    CHECK(tool_fr("verify " + (b.dir / "bad.gpk").string() + " --pub " + b.pub, &out) == 1);
    CHECK(starts("erreur : INVALIDE : "));
    CHECK(tool("verify " + (b.dir / "bad.gpk").string() + " --pub " + b.pub, &out) == 1);
    CHECK(starts("error: INVALID: "));
}

TEST_CASE("publish refuses a second pack with a tracking prefix the repository already has") {
    test::TempDir dir;
    std::string out;
    const std::string key = (dir / "staff.key").string(), repo = (dir / "repo").string();
    REQUIRE(tool("keygen -o " + (dir / "staff").string()) == 0);
    // Two communes started from the same template: both keep its prefix MAC.
    const std::string a = (dir / "a").string(), b = (dir / "b").string();
    REQUIRE(tool("new " + a) == 0);
    REQUIRE(tool("new " + b) == 0);
    REQUIRE(test::run_command("sed -i 's/^id: ma-commune /id: trelon /' " + b + "/pack.yaml") == 0);
    REQUIRE(tool("build " + a + " --key " + key + " -o " + (dir / "a.gpk").string() + " -q", &out) == 0);
    REQUIRE_MESSAGE(tool("build " + b + " --key " + key + " -o " + (dir / "b.gpk").string() + " -q", &out) == 0, out);
    REQUIRE(tool("publish --repo " + repo + " " + (dir / "a.gpk").string() + " --key " + key, &out) == 0);

    const std::string b_pack = (dir / "b.gpk").string();
    CHECK(tool("publish --repo " + repo + " " + b_pack + " --key " + key, &out) == 1);
    CHECK(out == "error: " + b_pack + ": pack 'trelon' uses the tracking prefix MAC, which pack 'ma-commune' already uses in this "
                 "repository: a kiosk with both could not tell which commune a code belongs to; give each commune its own "
                 "'tracking_prefix' in pack.yaml and build again\n");
    CHECK(tool_fr("publish --repo " + repo + " " + b_pack + " --key " + key, &out) == 1);
    CHECK(out == "erreur : " + b_pack + " : le pack 'trelon' utilise le préfixe de suivi MAC, que le pack 'ma-commune' utilise "
                 "déjà dans ce dépôt : une borne qui aurait les deux ne saurait pas à quelle commune appartient un code ; "
                 "donnez à chaque commune son propre 'tracking_prefix' dans pack.yaml et fabriquez le pack à nouveau\n");
    CHECK_FALSE(std::filesystem::exists(dir / "repo/packs/trelon"));

    // Its own prefix: published; a new version of the first pack is not compared with itself.
    REQUIRE(test::run_command("sed -i 's/^tracking_prefix: MAC /tracking_prefix: TRL /' " + b + "/pack.yaml") == 0);
    REQUIRE(tool("build " + b + " --key " + key + " -o " + b_pack + " -q", &out) == 0);
    CHECK(tool("publish --repo " + repo + " " + b_pack + " --key " + key, &out) == 0);
    REQUIRE(tool("build " + a + " --key " + key + " --version 2 -o " + (dir / "a2.gpk").string() + " -q", &out) == 0);
    CHECK(tool("publish --repo " + repo + " " + (dir / "a2.gpk").string() + " --key " + key, &out) == 0);
}

TEST_CASE("export-site writes the site of a verified pack and refuses one signed with another key") {
    // guichet-pack new's small template, quicker to build than Anor (tests/web/site_export.test.mjs exports Anor).
    test::TempDir dir;
    const std::string src = (dir / "trelon").string(), pack = (dir / "t.gpk").string(), site = (dir / "site").string();
    std::string out;
    REQUIRE(tool("new " + src, &out) == 0);
    REQUIRE(tool("keygen -o " + (dir / "staff").string()) == 0);
    REQUIRE(tool("keygen -o " + (dir / "other").string()) == 0);
    REQUIRE(tool("build " + src + " --key " + (dir / "staff.key").string() + " -o " + pack + " -q", &out) == 0);

    CHECK(tool_fr("export-site " + pack + " " + site + " --pub " + (dir / "other.pub").string(), &out) == 1);
    CHECK(out.find("erreur : " + pack + " : pack INVALIDE : ") == 0);
    CHECK_FALSE(std::filesystem::exists(dir / "site"));  // nothing written
    CHECK(tool("export-site " + pack + " " + site, &out) == 2);  // --pub is required: no unverified export
    CHECK(out.find("missing --pub") != std::string::npos);

    CHECK(tool_fr("export-site " + pack + " " + site + " --pub " + (dir / "staff.pub").string() + " --today 2026-12-07", &out) == 0);
    CHECK(out.find(site + " : site du pack 'ma-commune' version 1 au 2026-12-07 : ") == 0);
    CHECK(std::filesystem::exists(dir / "site/index.html"));
    CHECK(std::filesystem::exists(dir / "site/style.css"));
    // Again into the same folder (an earlier export); never into a folder of other files.
    CHECK(tool("export-site " + pack + " " + site + " --pub " + (dir / "staff.pub").string() + " --today 2026-12-08", &out) == 0);
    CHECK(test::to_string(test::read_all(dir / "site/index.html")).find("Informations à jour au 8 décembre 2026") != std::string::npos);
    CHECK(tool_fr("export-site " + pack + " " + src + " --pub " + (dir / "staff.pub").string(), &out) == 1);
    CHECK(out.find("n’est pas vide") != std::string::npos);
    CHECK(tool_fr("export-site " + pack + " " + site + " --pub " + (dir / "staff.pub").string() + " --today 7/12/2026", &out) == 1);
    CHECK(out.find("--today doit être une date écrite AAAA-MM-JJ") != std::string::npos);
}
