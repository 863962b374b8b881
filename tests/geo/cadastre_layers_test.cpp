// Buildings and lieux-dits (Etalab cadastre layers 'batiments' and
// 'lieux_dits'): files in the real schema, a MultiPolygon with a hole, broken
// features named, and the synthetic Anor layers drawn by guichet-mapgen.
#include "geo/layer.hpp"
#include "geo/polygon.hpp"
#include "geo/projection.hpp"
#include "geo_fixtures.hpp"
#include "importers.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

// Etalab 'batiments' as published: no feature id, type "01" or "02", nom often null.
const char* const kBuildings = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[2.3301,48.6701],[2.3303,48.6701],[2.3303,48.6702],[2.3301,48.6702],[2.3301,48.6701]]]},
  "properties":{"type":"01","nom":null,"commune":"91216","created":"2007-07-06","updated":"2019-02-12"}},
 {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[
   [[[2.3310,48.6710],[2.3320,48.6710],[2.3320,48.6716],[2.3310,48.6716],[2.3310,48.6710]],
    [[2.3313,48.6712],[2.3317,48.6712],[2.3317,48.6714],[2.3313,48.6714],[2.3313,48.6712]]],
   [[[2.3325,48.6710],[2.3327,48.6710],[2.3327,48.6711],[2.3325,48.6711],[2.3325,48.6710]]]]},
  "properties":{"type":"02","nom":"Hangar","commune":"91216","created":"2010-01-01","updated":"2021-06-30"}}]})";

const char* const kLieuxDits = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[2.32,48.66],[2.34,48.66],[2.34,48.68],[2.32,48.68],[2.32,48.66]]]},
  "properties":{"nom":"Les Templiers","commune":"91216","created":"2004-05-12","updated":"2014-01-01"}}]})";

geo_import::ImportOptions options(const std::string& id) { return {id, "Titre", "Etalab", {}, false}; }

}  // namespace

TEST_CASE("Etalab buildings: types, a MultiPolygon with a hole, and the tap inside the courtyard") {
    test::TempDir dir;
    test::write_all(dir / "batiments.json", as_bytes(kBuildings));
    auto r = geo_import::import_buildings((dir / "batiments.json").string(), options("bati"));
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    CHECK(r->meta["kind"] == "buildings");
    CHECK(r->meta["features"] == 2);
    CHECK(r->meta["fields"] == nlohmann::json({"type", "nom", "commune", "created", "updated"}));
    CHECK(r->meta["levels"] == nlohmann::json({15, 17}));
    auto layer = geo::MapLayer::open(r->entries.at(0).data);
    REQUIRE(layer.ok());
    CHECK(layer->attribute(0, "type") == "01");
    CHECK(layer->attribute(0, "nom").empty());
    CHECK(layer->attribute(1, "type") == "02");
    CHECK(layer->attribute(1, "nom") == "Hangar");
    CHECK(layer->attribute(1, "updated") == "2021-06-30");
    const geo::MultiPolygon full = layer->geometry(1, layer->level_count() - 1);
    REQUIRE(full.polygons.size() == 2);
    CHECK(full.polygons[0].rings.size() == 2);  // the courtyard is a hole
    CHECK(layer->feature_at(geo::to_mercator({2.3311, 48.6711})) == std::optional<std::uint32_t>(1));
    CHECK_FALSE(layer->feature_at(geo::to_mercator({2.3315, 48.6713})));  // in the courtyard
    CHECK(layer->feature_at(geo::to_mercator({2.3326, 48.67105})) == std::optional<std::uint32_t>(1));  // the second polygon
}

TEST_CASE("Etalab lieux-dits: names kept, a lieu-dit without a name and broken geometry refused by feature") {
    test::TempDir dir;
    test::write_all(dir / "lieux_dits.json", as_bytes(kLieuxDits));
    auto r = geo_import::import_lieux_dits((dir / "lieux_dits.json").string(), options("ld"));
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    CHECK(r->meta["kind"] == "lieux-dits");
    auto layer = geo::MapLayer::open(r->entries.at(0).data);
    REQUIRE(layer.ok());
    CHECK(layer->attribute(0, "nom") == "Les Templiers");
    CHECK(layer->attribute(0, "commune") == "91216");

    test::write_all(dir / "sans-nom.json", as_bytes(R"({"type":"FeatureCollection","features":[)"
                                                    R"({"type":"Feature","id":"LD7","properties":{"nom":null,"commune":"91216"},)"
                                                    R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})"));
    auto unnamed = geo_import::import_lieux_dits((dir / "sans-nom.json").string(), options("ld"));
    REQUIRE_FALSE(unnamed.ok());
    CHECK(unnamed.error().message.ends_with("sans-nom.json: feature 1 (id LD7): a lieu-dit needs a 'nom' property"));

    // A bow tie among buildings: the importer names the feature and the ring.
    test::write_all(dir / "noeud.json", as_bytes(R"({"type":"FeatureCollection","features":[)"
                                                 R"({"type":"Feature","properties":{"type":"01"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},)"
                                                 R"({"type":"Feature","properties":{"type":"01"},"geometry":{"type":"MultiPolygon","coordinates":)"
                                                 R"([[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[0,0],[2,2],[2,0],[0,2],[0,0]]]]}}]})"));
    auto bow = geo_import::import_buildings((dir / "noeud.json").string(), options("bati"));
    REQUIRE_FALSE(bow.ok());
    CHECK(bow.error().message.ends_with("noeud.json: feature 2: polygon 2, ring 1 (outer): crosses itself: edges 1 and 3 cross each other"));

    CHECK(geo_import::parse_kind("buildings") == geo_import::LayerKind::buildings);
    CHECK(geo_import::parse_kind("lieux-dits") == geo_import::LayerKind::lieux_dits);
    CHECK_FALSE(geo_import::parse_kind("lieux_dits"));
}

TEST_CASE("Synthetic Anor buildings lie inside synthetic parcels, and the lieux-dits inside the commune") {
    auto parcels = geo_import::import_parcels(test::map_sample("59012-parcelles-synthetiques.geojson"), options("p"));
    auto buildings = geo_import::import_buildings(test::map_sample("59012-batiments-synthetiques.geojson"), options("b"));
    auto places = geo_import::import_lieux_dits(test::map_sample("59012-lieux-dits-synthetiques.geojson"), options("l"));
    REQUIRE(parcels.ok());
    REQUIRE_MESSAGE(buildings.ok(), buildings.error().message);
    REQUIRE_MESSAGE(places.ok(), places.error().message);
    auto p = geo::MapLayer::open(parcels->entries.at(0).data);
    auto b = geo::MapLayer::open(buildings->entries.at(0).data);
    auto l = geo::MapLayer::open(places->entries.at(0).data);
    REQUIRE((p.ok() && b.ok() && l.ok()));
    CHECK(b->feature_count() > 300);
    std::size_t light = 0, with_hole = 0, multi = 0;
    for (std::uint32_t f = 0; f < b->feature_count(); ++f) {
        light += b->attribute(f, "type") == "02";
        const geo::MultiPolygon shape = b->geometry(f, b->level_count() - 1);
        multi += shape.polygons.size() > 1;
        for (const auto& poly : shape.polygons) {
            with_hole += poly.rings.size() > 1;
            // Every corner of a building is in one parcel (and not in a courtyard parcel's hole).
            for (const geo::Point& corner : poly.rings[0]) REQUIRE_MESSAGE(p->feature_at(corner), "building " << f);
        }
    }
    CHECK(light > 20);
    CHECK(with_hole > 0);
    CHECK(multi > 0);
    CHECK(l->feature_count() >= 5);
    for (std::uint32_t f = 0; f < l->feature_count(); ++f) CHECK_FALSE(l->attribute(f, "nom").empty());
}
