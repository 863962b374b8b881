// The map screen's views (issue #6, docs/map-format.md § 2): with several
// views, load_map_data builds one MapData per view (its layers only, its
// bounds, its parcel index); the chooser hands the screen the one chosen.
#include "geo/projection.hpp"
#include "layer_writer.hpp"
#include "test_support.hpp"
#include "ui/map/map_data.hpp"
#include "ui/screens/map_views.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using geo::Point;

namespace {

geo::Ring square(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}; }

std::string layer_text(const geo_import::LayerContent& c) {
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    return std::string(as_chars(*bytes));
}

struct Maps {
    test::TempDir dir;
    crypto::SecretKey key = crypto::SecretKey::generate();
    Point a = geo::to_mercator({4.1, 49.99}), b = geo::to_mercator({2.33, 48.67});

    std::shared_ptr<const ui::map::MapData> load(const std::string& index) {
        geo_import::LayerContent pa;
        pa.fields = {"id", "section", "numero", "contenance"};
        pa.values = {{"59012000AB0001", "AB", "1", "900"}};
        pa.shapes = {geo::MultiPolygon{{geo::Polygon{{square(a.x, a.y, a.x + 30, a.y + 30)}}}}};
        geo_import::LayerContent pb = pa;
        pb.values = {{"91216000AC0002", "AC", "2", "400"}};
        pb.shapes = {geo::MultiPolygon{{geo::Polygon{{square(b.x, b.y, b.x + 20, b.y + 20)}}}}};
        geo_import::LayerContent bat;
        bat.fields = {"type", "nom", "commune", "created", "updated"};
        bat.values = {{"01", "", "59012", "", ""}, {"02", "", "59012", "", ""}};
        bat.shapes = {geo::MultiPolygon{{geo::Polygon{{square(a.x + 5, a.y + 5, a.x + 15, a.y + 12)}}}},
                      geo::MultiPolygon{{geo::Polygon{{square(a.x + 20, a.y + 20, a.x + 24, a.y + 23)}}}}};
        bat.level_zooms = {15, 17};
        geo_import::LayerContent ld;
        ld.fields = {"nom", "commune", "created", "updated"};
        ld.values = {{"Le Bourg", "59012", "", ""}};
        ld.shapes = {geo::MultiPolygon{{geo::Polygon{{square(a.x - 100, a.y - 100, a.x + 100, a.y + 100)}}}}};
        ld.level_zooms = {11, 17};
        auto path = dir / "maps.gpk";
        test::build_pack(path,
                         {{"maps/index.json", index},
                          {"maps/a/layer.bin", layer_text(pa)},
                          {"maps/b/layer.bin", layer_text(pb)},
                          {"maps/bat/layer.bin", layer_text(bat)},
                          {"maps/ld/layer.bin", layer_text(ld)}},
                         key);
        auto pack = pack::PackReader::open(path, test::ring_of(key));
        REQUIRE(pack.ok());
        auto maps = ui::map::load_map_data(*pack);
        REQUIRE_MESSAGE(maps.ok(), maps.error().message);
        REQUIRE(*maps);
        return *maps;
    }
};

const std::string kLayers = R"("layers":[)"
                            R"({"id":"a","kind":"parcels","title":"A","attribution":"x","data":"maps/a/layer.bin"},)"
                            R"({"id":"bat","kind":"buildings","title":"Bâtiments","attribution":"x","data":"maps/bat/layer.bin"},)"
                            R"({"id":"ld","kind":"lieux-dits","title":"LD","attribution":"x","data":"maps/ld/layer.bin"},)"
                            R"({"id":"b","kind":"parcels","title":"B","attribution":"y","data":"maps/b/layer.bin"}])";

}  // namespace

TEST_CASE("Two views: one MapData each, with its layers, bounds and parcel index, and the chooser's choice") {
    Maps m;
    auto all = m.load(R"({"format":2,)" + kLayers +
                      R"(,"views":[{"id":"anor","title":"Anor","bounds":[4.09,49.98,4.11,50.0],"layers":["a","bat","ld"]},)"
                      R"({"id":"epinay","title":"Épinay-sur-Orge","bounds":[2.32,48.66,2.34,48.68],"layers":["b"]}]})");
    REQUIRE(all->views.size() == 2);
    CHECK(all->parcels.empty());  // the views hold the layers
    const ui::map::MapData& anor = *all->views[0];
    const ui::map::MapData& epinay = *all->views[1];
    CHECK(anor.title == "Anor");
    REQUIRE(anor.parcels.size() == 1);
    CHECK(anor.parcels[0].id == "a");
    REQUIRE(anor.buildings.size() == 1);
    CHECK(anor.buildings[0].meshes);  // filled on the GPU
    CHECK(anor.buildings[0].meshes->size() == 2);
    REQUIRE(anor.lieux_dits.size() == 1);
    CHECK_FALSE(anor.lieux_dits[0].meshes);  // names only
    CHECK(anor.home.contains(m.a));
    CHECK_FALSE(anor.home.contains(m.b));
    CHECK(std::abs(anor.home.min_x - geo::to_mercator({4.09, 49.98}).x) < 1e-6);
    CHECK(epinay.title == "Épinay-sur-Orge");
    REQUIRE(epinay.parcels.size() == 1);
    CHECK(epinay.buildings.empty());
    CHECK(epinay.home.contains(m.b));
    REQUIRE(epinay.parcel_index);
    CHECK(epinay.parcel_index->find("AC 2", 5).size() == 1);
    CHECK(epinay.parcel_index->find("AB 1", 5).empty());  // Anor's parcel is not in this view
    CHECK_FALSE(epinay.catalog.card_at({m.a.x + 1, m.a.y + 1}));
    auto card = anor.catalog.card_at({m.a.x + 1, m.a.y + 1});
    REQUIRE(card);
    CHECK(card->lieu_dit == "Le Bourg");

    ui::MapViewChooser chooser;
    CHECK(chooser.shown(all) == all->views[0]);
    chooser.current = 1;
    CHECK(chooser.shown(all) == all->views[1]);
    chooser.current = 7;  // a pack with fewer views since: the first
    CHECK(chooser.shown(all) == all->views[0]);
    chooser.reset();
    CHECK(chooser.current == 0);
}

TEST_CASE("One view, or a format 1 index: the maps themselves, no chooser") {
    Maps m;
    auto one = m.load(R"({"format":1,)" + kLayers + "}");
    CHECK(one->views.empty());
    CHECK(one->parcels.size() == 2);
    CHECK(one->buildings.size() == 1);
    CHECK(one->home.contains(m.a));
    CHECK(one->home.contains(m.b));  // framed by every parcel layer
    ui::MapViewChooser chooser;
    CHECK(chooser.shown(one) == one);
    CHECK(chooser.shown(nullptr) == nullptr);
}
