// pack.yaml 'maps': declared sources become maps/ entries; mistakes are
// reported at their line, import errors in the source file.
#include "content_source.hpp"
#include "geo/layer.hpp"
#include "geo_fixtures.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
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
    CHECK(j["format"] == 1);
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
    CHECK_MESSAGE(m.find("pack.yaml:15:11: error: unknown map kind 'zonage'; use parcels, zoning, addresses or raster") != std::string::npos, m);
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
