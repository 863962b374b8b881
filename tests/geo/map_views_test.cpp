// Map views (docs/map-format.md § 2, format 2): the catalog reads them, a
// format 1 index still opens with one view, broken views are named, and the
// card under a tap only looks at the layers of the view shown.
#include "geo/map_catalog.hpp"
#include "geo_fixtures.hpp"
#include "layer_writer.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::geo;
using test::square;
using test::layer_text;

namespace {

struct TwoPlaces {
    test::TempDir dir;
    crypto::SecretKey key = crypto::SecretKey::generate();
    Point a = to_mercator({4.1, 49.99}), b = to_mercator({2.33, 48.67});
    std::string parcels_a, parcels_b, places_a;

    TwoPlaces() {
        geo_import::LayerContent pa;
        pa.fields = {"id", "section", "numero", "contenance"};
        pa.values = {{"59012000AB0001", "AB", "1", "900"}};
        pa.shapes = {MultiPolygon{{Polygon{{square(a.x, a.y, a.x + 30, a.y + 30)}}}}};
        parcels_a = layer_text(pa);
        geo_import::LayerContent pb = pa;
        pb.values = {{"91216000AC0002", "AC", "2", "400"}};
        pb.shapes = {MultiPolygon{{Polygon{{square(b.x, b.y, b.x + 20, b.y + 20)}}}}};
        parcels_b = layer_text(pb);
        geo_import::LayerContent la;
        la.fields = {"nom", "commune", "created", "updated"};
        la.values = {{"Le Bourg", "59012", "", ""}};
        la.shapes = {MultiPolygon{{Polygon{{square(a.x - 100, a.y - 100, a.x + 100, a.y + 100)}}}}};
        la.level_zooms = {11, 17};
        places_a = layer_text(la);
    }

    Result<MapCatalog> load(const std::string& index) {
        auto path = dir / "maps.gpk";
        test::build_pack(path,
                         {{"maps/index.json", index}, {"maps/a/layer.bin", parcels_a}, {"maps/b/layer.bin", parcels_b},
                          {"maps/ld/layer.bin", places_a}},
                         key);
        auto pack = pack::PackReader::open(path, test::ring_of(key));
        REQUIRE(pack.ok());
        return MapCatalog::load(*pack);
    }
};

const std::string kLayers = R"("layers":[)"
                            R"({"id":"a","kind":"parcels","title":"A","attribution":"x","data":"maps/a/layer.bin"},)"
                            R"({"id":"ld","kind":"lieux-dits","title":"LD","attribution":"x","data":"maps/ld/layer.bin"},)"
                            R"({"id":"b","kind":"parcels","title":"B","attribution":"y","data":"maps/b/layer.bin"},)"
                            R"({"id":"photo","kind":"raster","title":"Photo","attribution":"z","min_zoom":0,"max_zoom":4,"tile_format":"png"}])";

}  // namespace

TEST_CASE("Format 2: views with their bounds and layers, and the card within the view shown") {
    TwoPlaces t;
    auto maps = t.load(R"({"format":2,)" + kLayers +
                       R"j(,"views":[{"id":"anor","title":"Anor (démonstration)","bounds":[4.09,49.98,4.11,50.0],"layers":["a","ld","photo"]},)j"
                       R"({"id":"epinay","title":"Épinay-sur-Orge — cadastre réel","bounds":[2.32,48.66,2.34,48.68],"layers":["b"]}]})");
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);
    REQUIRE(maps->views().size() == 2);
    const MapViewInfo& anor = maps->views()[0];
    CHECK(anor.id == "anor");
    CHECK(anor.title == "Anor (démonstration)");
    CHECK(anor.layers == std::vector<std::string>{"a", "ld", "photo"});
    CHECK(anor.shows("photo"));
    CHECK_FALSE(anor.shows("b"));
    CHECK(anor.bounds.contains(t.a));
    CHECK_FALSE(anor.bounds.contains(t.b));
    CHECK(std::abs(anor.bounds.min_x - to_mercator({4.09, 49.98}).x) < 1e-6);
    CHECK(std::abs(anor.bounds.max_y - to_mercator({4.11, 50.0}).y) < 1e-6);
    const MapViewInfo* epinay = maps->view("epinay");
    REQUIRE(epinay);
    CHECK(epinay->title == "Épinay-sur-Orge — cadastre réel");
    CHECK(epinay->bounds.contains(t.b));
    CHECK_FALSE(maps->view("pezou"));

    // The card names the lieu-dit; a view without the parcel layer has no card there.
    auto card = maps->card_at({t.a.x + 10, t.a.y + 10}, 0, &anor);
    REQUIRE(card);
    CHECK(card->number == "1");
    CHECK(card->lieu_dit == "Le Bourg");
    CHECK_FALSE(maps->card_at({t.a.x + 10, t.a.y + 10}, 0, epinay));
    auto card_b = maps->card_at({t.b.x + 5, t.b.y + 5}, 0, epinay);
    REQUIRE(card_b);
    CHECK(card_b->id == "91216000AC0002");
    CHECK(card_b->lieu_dit.empty());
    CHECK(maps->card_at({t.b.x + 5, t.b.y + 5}));  // no view given: every layer
}

TEST_CASE("Format 1 still opens, as one view of every layer framed by the vector layers") {
    TwoPlaces t;
    auto maps = t.load(R"({"format":1,)" + kLayers + "}");
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);
    REQUIRE(maps->views().size() == 1);
    const MapViewInfo& only = maps->views()[0];
    CHECK(only.title.empty());
    CHECK(only.layers == std::vector<std::string>{"a", "ld", "b", "photo"});
    CHECK(only.bounds.contains(t.a));
    CHECK(only.bounds.contains(t.b));
    CHECK(only.bounds.max_x < t.a.x + 200);  // the world raster does not count
}

TEST_CASE("Broken views and unknown formats are named") {
    TwoPlaces t;
    auto error = [&](const std::string& index) {
        auto r = t.load(index);
        REQUIRE_FALSE(r.ok());
        return r.error().message;
    };
    CHECK(error(R"({"format":3,)" + kLayers + "}") == "maps/index.json: format 3 is not supported (this kiosk reads formats 1 and 2)");
    CHECK(error(R"({"format":2,)" + kLayers + "}") == "maps/index.json: format 2 needs 'views', a non-empty list");
    CHECK(error(R"({"format":2,)" + kLayers + R"(,"views":[{"id":"v","title":"V","bounds":[4,49,4.2,50],"layers":["a","routes"]}]})") ==
          "maps/index.json: view 'v' shows layer 'routes', which the index does not have");
    CHECK(error(R"({"format":2,)" + kLayers + R"(,"views":[{"id":"v","title":"V","bounds":[4,49,4.2],"layers":["a"]}]})") ==
          "maps/index.json: view 'v': 'bounds' must be [west, south, east, north] in degrees");
    CHECK(error(R"({"format":2,)" + kLayers + R"(,"views":[{"id":"v","bounds":[4,49,5,50],"layers":["a"]},{"id":"v","bounds":[4,49,5,50],"layers":["b"]}]})") ==
          "maps/index.json: view id 'v' appears twice");
}

TEST_CASE("A view's own catalog holds its layers only, sharing their bytes") {
    TwoPlaces t;
    auto maps = t.load(R"({"format":2,)" + kLayers +
                       R"(,"views":[{"id":"anor","title":"Anor","bounds":[4.09,49.98,4.11,50.0],"layers":["a","ld","photo"]},)"
                       R"({"id":"epinay","title":"Épinay","bounds":[2.32,48.66,2.34,48.68],"layers":["b"]}]})");
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);
    const MapCatalog anor = maps->only(maps->views()[0]);
    REQUIRE(anor.layers().size() == 3);
    CHECK(anor.layers()[1].kind == "lieux-dits");
    CHECK(anor.layer("b") == nullptr);
    REQUIRE(anor.layer("a"));
    CHECK(anor.layer("a")->feature_count() == 1);
    CHECK(anor.tile_path("photo", {0, 0, 0}) == std::optional<std::string>("maps/photo/tiles/0/0/0.png"));
    REQUIRE(anor.views().size() == 1);
    CHECK(anor.views()[0].id == "anor");
    CHECK(anor.card_at({t.a.x + 1, t.a.y + 1}));
    CHECK_FALSE(anor.card_at({t.b.x + 1, t.b.y + 1}));
    const MapCatalog epinay = maps->only(*maps->view("epinay"));
    CHECK(epinay.card_at({t.b.x + 1, t.b.y + 1}));
}

TEST_CASE("The town's commune: read from the index, kept by a view's catalog, and each card's parcel commune") {
    TwoPlaces t;
    const std::string views = R"(,"views":[{"id":"anor","title":"Anor","bounds":[4.09,49.98,4.11,50.0],"layers":["a"]},)"
                              R"({"id":"epinay","title":"Épinay","bounds":[2.32,48.66,2.34,48.68],"layers":["b"]}]})";
    auto maps = t.load(R"({"format":2,"commune":"59012",)" + kLayers + views);
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);
    CHECK(maps->commune() == "59012");
    const MapCatalog epinay = maps->only(*maps->view("epinay"));
    CHECK(epinay.commune() == "59012");  // still the town hall's own commune
    // These parcels have no `commune` field: the first 5 characters of their Etalab id.
    const auto card_b = epinay.card_at({t.b.x + 1, t.b.y + 1});
    REQUIRE(card_b);
    CHECK(card_b->commune == "91216");
    const auto card_a = maps->only(maps->views()[0]).card_at({t.a.x + 1, t.a.y + 1});
    REQUIRE(card_a);
    CHECK(card_a->commune == "59012");

    auto without = t.load(R"({"format":2,)" + kLayers + views);
    REQUIRE(without.ok());
    CHECK(without->commune().empty());
    auto bad = t.load(R"({"format":2,"commune":59012,)" + kLayers + views);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "maps/index.json: 'commune' must be an INSEE code in a string");
}
