// pack.yaml 'maps': declared sources become maps/ entries; mistakes are
// reported at their line, import errors in the source file.
#include "content_source.hpp"
#include "geo/layer.hpp"
#include "geo_fixtures.hpp"
#include "messages.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace guichet;
using namespace guichet::packsrc;

namespace {

void put(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

struct MapSource {
    test::TempDir dir;
    std::filesystem::path root = dir / "carte";

    explicit MapSource(const std::string& maps_yaml) {
        put(root / "pack.yaml",
            "format: 1\nid: carte\ntitle: \"Carte\"\nversion: 1\nlanguages: [fr]\nexpires_days: 30\n"
            "home: pages/accueil.md\n"
            "menu:\n  - id: plu\n    title: \"PLU\"\n    page: pages/plu.md\n" +
                maps_yaml);
        put(root / "pages/accueil.md", "---\ntitle: \"Accueil\"\n---\n# Bienvenue\n");
        put(root / "pages/plu.md", "---\ntitle: \"PLU\"\n---\n# Règlement\n");
        put(root / "data/maps/zones.geojson",
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"libelle":"UA","typezone":"U"},)"
            R"("geometry":{"type":"Polygon","coordinates":[[[4.1,49.9],[4.2,49.9],[4.2,50.0],[4.1,49.9]]]}}]})");
        put(root / "data/maps/adresses.csv", "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n"
                                             "a1;1;;Rue de l’Église;59186;59012;Anor;4.1;49.99\na2;x;;Rue;59186\n");
    }

    std::optional<CompiledSource> compile(std::string& messages) {
        Diagnostics diags;
        auto out = compile_source(root, diags);
        for (const auto& d : diags.all()) messages += d.to_string() + "\n";
        return out;
    }
};

const pack::SourceEntry* find(const CompiledSource& c, const std::string& path) {
    for (const auto& e : c.entries)
        if (e.path == path) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("Declared maps become maps/ entries and maps/index.json") {
    MapSource s("maps:\n"
                "  - id: plu\n    title: \"Zonage\"\n    kind: zoning\n    source: data/maps/zones.geojson\n"
                "    attribution: \"Démo\"\n    rules:\n      U: pages/plu.md\n");
    std::string messages;
    auto compiled = s.compile(messages);
    REQUIRE_MESSAGE(compiled, messages);
    CHECK(messages.empty());
    const auto* index = find(*compiled, "maps/index.json");
    REQUIRE(index);
    auto j = nlohmann::json::parse(index->data.begin(), index->data.end());
    CHECK(j["format"] == 2);
    CHECK(j["layers"][0]["id"] == "plu");
    CHECK(j["layers"][0]["kind"] == "zoning");
    CHECK(j["layers"][0]["source"] == "data/maps/zones.geojson");
    const auto* layer_entry = find(*compiled, "maps/plu/layer.bin");
    REQUIRE(layer_entry);
    auto layer = geo::MapLayer::open(layer_entry->data);
    REQUIRE(layer.ok());
    CHECK(layer->attribute(0, "page") == "pages/plu.md");
}

TEST_CASE("Map declaration mistakes are reported at their line of pack.yaml") {
    MapSource s("maps:\n"
                "  - id: plu\n    title: \"Zonage\"\n    kind: zonage\n    source: data/maps/zones.geojson\n    attribution: \"x\"\n"
                "  - id: plu2\n    title: \"Zonage\"\n    kind: zoning\n    source: data/maps/zones.geojson\n    attribution: \"x\"\n"
                "  - id: plu3\n    title: \"Zonage\"\n    kind: zoning\n    source: data/maps/absent.geojson\n    attribution: \"x\"\n"
                "  - id: plu4\n    title: \"Zonage\"\n    kind: zoning\n    source: data/maps/zones.geojson\n    attribution: \"x\"\n"
                "    rules:\n      U: pages/absente.md\n"
                "  - id: ban\n    title: \"Adresses\"\n    kind: addresses\n    source: data/maps/adresses.csv\n");
    std::string m;
    CHECK_FALSE(s.compile(m));
    std::string yaml = s.dir.path().string() + "/carte/pack.yaml";
    CHECK_MESSAGE(m.find("pack.yaml:15:11: error: unknown map kind 'zonage'; use parcels, zoning, addresses, raster, buildings, lieux-dits, water, sewer or electricity") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:18:5: error: map 'plu2': a zoning map needs 'rules'") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:26:13: error: map source 'data/maps/absent.geojson' does not exist") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:34:10: error: rules page 'pages/absente.md' for zone 'U' does not exist") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:35:5: error: missing 'attribution'") != std::string::npos, m);
}

TEST_CASE("An import error names the source file and its line") {
    MapSource s("maps:\n  - id: ban\n    title: \"Adresses\"\n    kind: addresses\n    source: data/maps/adresses.csv\n"
                "    attribution: \"BAN\"\n");
    std::string m;
    CHECK_FALSE(s.compile(m));
    CHECK_MESSAGE(m.find("carte/data/maps/adresses.csv:3: error: 5 columns where the header has 9") != std::string::npos, m);
}

TEST_CASE("Map views in pack.yaml: declared views with computed or given bounds, and one view when none is declared") {
    MapSource plain("maps:\n  - id: ban\n    title: \"Adresses\"\n    kind: addresses\n    source: data/maps/adresses.csv\n"
                    "    attribution: \"BAN\"\n");
    put(plain.root / "data/maps/adresses.csv", "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n"
                                               "a1;1;;Rue de l’Église;59186;59012;Anor;4.1;49.99\n");
    std::string messages;
    auto one = plain.compile(messages);
    REQUIRE_MESSAGE(one, messages);
    auto j = nlohmann::json::parse(find(*one, "maps/index.json")->data);
    CHECK(j["format"] == 2);
    REQUIRE(j["views"].size() == 1);
    CHECK(j["views"][0]["id"] == "plan");
    CHECK(j["views"][0]["layers"] == nlohmann::json({"ban"}));
    CHECK(j["views"][0]["bounds"] == nlohmann::json({4.1, 49.99, 4.1, 49.99}));

    MapSource s("maps:\n"
                "  views:\n"
                "    - id: centre\n      title: \"Centre\"\n      layers: [plu]\n"
                "    - id: large\n      title: \"Large\"\n      layers: [plu]\n      bounds: [4.0, 49.8, 4.3, 50.1]\n"
                "  layers:\n"
                "    - id: plu\n      title: \"Zonage\"\n      kind: zoning\n      source: data/maps/zones.geojson\n"
                "      attribution: \"Démo\"\n      rules:\n        U: pages/plu.md\n");
    messages.clear();
    auto compiled = s.compile(messages);
    REQUIRE_MESSAGE(compiled, messages);
    CHECK(messages.empty());
    j = nlohmann::json::parse(find(*compiled, "maps/index.json")->data);
    REQUIRE(j["views"].size() == 2);
    CHECK(j["views"][0]["title"] == "Centre");
    CHECK(j["views"][0]["bounds"] == nlohmann::json({4.1, 49.9, 4.2, 50.0}));
    CHECK(j["views"][1]["bounds"] == nlohmann::json({4.0, 49.8, 4.3, 50.1}));
    CHECK(j["layers"][0]["id"] == "plu");
}

TEST_CASE("Map view mistakes are reported at their line of pack.yaml") {
    MapSource s("maps:\n"
                "  views:\n"
                "    - id: centre\n      title: \"Centre\"\n      layers: [plu, routes]\n"
                "    - id: centre\n      title: \"Encore\"\n      layers: [plu]\n"
                "    - id: sans\n      title: \"Sans\"\n"
                "    - id: bornes\n      title: \"Bornes\"\n      layers: [plu]\n      bounds: [4.3, 49.8, 4.0, 50.1]\n"
                "  layers:\n"
                "    - id: plu\n      title: \"Zonage\"\n      kind: zoning\n      source: data/maps/zones.geojson\n"
                "      attribution: \"Démo\"\n      rules:\n        U: pages/plu.md\n"
                "  couleurs: []\n");
    std::string m;
    CHECK_FALSE(s.compile(m));
    CHECK_MESSAGE(m.find("pack.yaml:17:11: error: view id 'centre' is used twice") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:20:7: error: view 'sans': 'layers' must list the ids of the layers it shows") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:25:15: error: view 'bornes': 'bounds' must be [west, south, east, north]") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:34:3: error: unknown key 'couleurs' under 'maps'; use 'commune', 'views' and 'layers'") != std::string::npos, m);

    MapSource t("maps:\n"
                "  views:\n"
                "    - id: centre\n      title: \"Centre\"\n      layers: [plu, routes]\n"
                "  layers:\n"
                "    - id: plu\n      title: \"Zonage\"\n      kind: zoning\n      source: data/maps/zones.geojson\n"
                "      attribution: \"Démo\"\n      rules:\n        U: pages/plu.md\n"
                "    - id: plu2\n      title: \"Zonage\"\n      kind: zoning\n      source: data/maps/zones.geojson\n"
                "      attribution: \"Démo\"\n      rules:\n        U: pages/plu.md\n");
    m.clear();
    CHECK_FALSE(t.compile(m));
    CHECK_MESSAGE(m.find("pack.yaml:16:21: error: view 'centre' shows layer 'routes', which 'layers' does not declare") != std::string::npos, m);
    CHECK_MESSAGE(m.find("pack.yaml:25:7: warning: map layer 'plu2' is in no view: residents will never see it") != std::string::npos, m);
}

TEST_CASE("A map list of one raster layer still gets its one view") {
    MapSource s("maps:\n  - id: fond\n    title: \"Fond\"\n    kind: raster\n    source: data/maps/fond.mbtiles\n    attribution: \"x\"\n");
    std::filesystem::copy_file(test::map_sample(test::kWorldTiles), s.root / "data/maps/fond.mbtiles");
    std::string messages;
    auto compiled = s.compile(messages);
    REQUIRE_MESSAGE(compiled, messages);
    auto j = nlohmann::json::parse(find(*compiled, "maps/index.json")->data);
    REQUIRE(j["views"].size() == 1);
    CHECK(j["views"][0]["layers"] == nlohmann::json({"fond"}));
    CHECK(j["views"][0]["bounds"].size() == 4);
}

TEST_CASE("The town's INSEE code under maps: written to the index, refused when malformed, at its line") {
    const std::string layers = "  layers:\n"
                               "    - id: plu\n      title: \"Zonage\"\n      kind: zoning\n      source: data/maps/zones.geojson\n"
                               "      attribution: \"Démo\"\n      rules:\n        U: pages/plu.md\n";
    for (const std::string code : {"59012", "2A004"}) {
        MapSource s("maps:\n  commune: \"" + code + "\"\n" + layers);
        std::string m;
        auto compiled = s.compile(m);
        REQUIRE_MESSAGE(compiled, m);
        CHECK(nlohmann::json::parse(find(*compiled, "maps/index.json")->data)["commune"] == code);
    }
    MapSource none("maps:\n" + layers);
    std::string m;
    auto compiled = none.compile(m);
    REQUIRE_MESSAGE(compiled, m);
    CHECK_FALSE(nlohmann::json::parse(find(*compiled, "maps/index.json")->data).contains("commune"));
    for (const std::string bad : {"5901", "590123", "Anor", "2C004", "[59012]"}) {
        MapSource s("maps:\n  commune: " + bad + "\n" + layers);
        m.clear();
        CHECK_FALSE(s.compile(m));
        CHECK_MESSAGE(m.find("pack.yaml:13:12: error: 'commune' must be the town's INSEE code, 5 characters") != std::string::npos, m);
    }
}

// Line layers (layer format 2) are unknown to kiosk software version 1: a pack with a network must make such a
// kiosk refuse it (min_kiosk_version 2) rather than install it and show no map (docs/content-format.md § 2).
TEST_CASE("A network map raises min_kiosk_version to 2: quietly when undeclared, with a warning when declared lower") {
    const std::string network =
        "maps:\n  - id: eau\n    title: \"Eau potable\"\n    kind: water\n    source: data/maps/eau.geojson\n"
        "    attribution: \"Synthétique\"\n";
    const std::string zoning = "  - id: plu\n    title: \"Zonage\"\n    kind: zoning\n    source: data/maps/zones.geojson\n"
                               "    attribution: \"Démo\"\n    rules:\n      U: pages/plu.md\n";
    auto with_pipe = [](MapSource& s) {
        put(s.root / "data/maps/eau.geojson",
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nature":"distribution","diametre":"110"},)"
            R"("geometry":{"type":"LineString","coordinates":[[4.1,49.9],[4.11,49.91]]}}]})");
    };
    auto compile = [](MapSource& s, std::string& messages) {
        auto c = s.compile(messages);
        REQUIRE_MESSAGE(c, messages);
        return c->manifest.min_kiosk_version;
    };
    {
        MapSource s(network + zoning);
        with_pipe(s);
        std::string m;
        CHECK(compile(s, m) == 2);
        CHECK_MESSAGE(m.empty(), m);
    }
    {
        MapSource s("min_kiosk_version: 1\n" + network + zoning);
        with_pipe(s);
        std::string m;
        CHECK(compile(s, m) == 2);
        CHECK_MESSAGE(m.find("pack.yaml:12:20: warning: 'min_kiosk_version' 1 is raised to 2: the network map 'eau' (lines, "
                             "map layer format 2) needs kiosk software version 2 or later; older kiosks will refuse this pack\n") !=
                          std::string::npos, m);
        CHECK(std::count(m.begin(), m.end(), '\n') == 1);  // that warning only
        set_language(Language::fr);  // staff read it in French
        std::string fr;
        CHECK(compile(s, fr) == 2);
        set_language(Language::en);
        CHECK(fr.find(":12:20 : avertissement : 'min_kiosk_version' 1 est porté à 2 : la carte de réseau 'eau' (des lignes, "
                      "format de couche 2) demande le logiciel de borne en version 2 ou plus ; les bornes plus anciennes "
                      "refuseront ce pack\n") != std::string::npos);
    }
    {
        MapSource s("min_kiosk_version: 3\n" + network);
        with_pipe(s);
        std::string m;
        CHECK(compile(s, m) == 3);  // higher already: kept
        CHECK_MESSAGE(m.empty(), m);
    }
    {
        MapSource s("maps:\n" + zoning);  // no network: older kiosks still install the pack
        std::string m;
        CHECK(compile(s, m) == 1);
        CHECK_MESSAGE(m.empty(), m);
    }
}
