// Importers: real files unchanged, and clear errors on broken ones.
#include "geo/layer.hpp"
#include "geo/projection.hpp"
#include "geo_fixtures.hpp"
#include "importers.hpp"
#include "sqlite/sqlite.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

std::string error_of(const std::string& geojson) {
    auto r = geo_import::parse_polygon_features(geojson, "bad.geojson");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

std::string collection(const std::string& geometry, const std::string& id = "\"X1\"") {
    return R"({"type":"FeatureCollection","features":[)"
           R"({"type":"Feature","id":"OK","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},)"
           R"({"type":"Feature","id":)" + id + R"(,"properties":{},"geometry":)" + geometry + "}]}";
}

}  // namespace

TEST_CASE("Invalid geometries are refused with the file, the feature number and its id") {
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})")) ==
          "bad.geojson: feature 2 (id X1): ring 1 (outer): is not closed: its last point must repeat its first");
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})")).find("feature 2 (id X1): ring 1 (outer): has 3 points") != std::string::npos);
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]})")) ==
          "bad.geojson: feature 2 (id X1): ring 1 (outer): crosses itself: edges 1 and 3 cross each other");
    CHECK(error_of(collection(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,0]]],[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2]]]]})")) ==
          "bad.geojson: feature 2 (id X1): polygon 2, ring 2 (hole): has 3 points; a ring needs at least 4 (3 corners and the first repeated)");
    CHECK(error_of(collection(R"({"type":"LineString","coordinates":[[0,0],[1,1]]})")) ==
          "bad.geojson: feature 2 (id X1): geometry type 'LineString' is not a Polygon or MultiPolygon");
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[0,0],["a",0],[1,1],[0,0]]]})")).find("position 2 is not [longitude, latitude]") != std::string::npos);
    // JSON has no NaN; a number too large for a double (1e400) makes the file unreadable.
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]})")).find("not valid JSON") != std::string::npos);
    // Lambert-93 metres instead of degrees.
    CHECK(error_of(collection(R"({"type":"Polygon","coordinates":[[[652000,6862000],[652100,6862000],[652100,6862100],[652000,6862000]]]})"))
              .find("is not a WGS 84 longitude/latitude: convert the file to EPSG:4326") != std::string::npos);
    CHECK(error_of(collection(R"({"type":"Polygon"})", "12")) == "bad.geojson: feature 2 (id 12): geometry has no coordinates");
    CHECK(error_of(R"({"type":"Feature"})").find("not a GeoJSON FeatureCollection") != std::string::npos);
    CHECK(error_of("{").find("not valid JSON") != std::string::npos);
}

TEST_CASE("A parcel without section or numéro is refused by name") {
    test::TempDir dir;
    test::write_all(dir / "p.geojson", as_bytes(collection(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})")));
    auto r = geo_import::import_parcels((dir / "p.geojson").string(), {"p", "", "", {}, false});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("p.geojson: feature 1 (id OK): a parcel needs 'section' and 'numero' properties") != std::string::npos);
}

TEST_CASE("BAN CSV: the real extract, and rows that do not fit") {
    auto r = geo_import::import_addresses(test::map_sample(test::kBanSample), {"ban", "Adresses", "BAN", {}, false});
    REQUIRE(r.ok());
    auto layer = geo::MapLayer::open(r->entries.at(0).data);
    REQUIRE(layer.ok());
    REQUIRE(layer->feature_count() == 6);
    CHECK(layer->kind() == geo::format::Kind::points);
    CHECK(layer->attribute(0, "nom_voie") == "Place du Pese Lait");
    CHECK(layer->attribute(3, "id") == "01002_0050_00038");
    geo::Point expected = geo::to_mercator({5.425179, 46.005447});
    CHECK(std::hypot(layer->point(0).x - expected.x, layer->point(0).y - expected.y) < 0.01);
    CHECK(layer->feature_at(expected, 1.0) == std::optional<std::uint32_t>(0));

    test::TempDir dir;
    std::string header = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n";
    test::write_all(dir / "short.csv", as_bytes(header + "a1;1;;Rue A;59186;59012;Anor;4.1;50.0\na2;2;;Rue A;59186\n"));
    auto short_row = geo_import::import_addresses((dir / "short.csv").string(), {"ban", "", "", {}, false});
    REQUIRE_FALSE(short_row.ok());
    CHECK(short_row.error().message.ends_with("short.csv:3: 5 columns where the header has 9"));
    test::write_all(dir / "lambert.csv", as_bytes(header + "a1;1;;Rue A;59186;59012;Anor;774000.5;6987000\n"));
    auto lambert = geo_import::import_addresses((dir / "lambert.csv").string(), {"ban", "", "", {}, false});
    REQUIRE_FALSE(lambert.ok());
    CHECK(lambert.error().message.ends_with("lambert.csv:2 (id a1): lon/lat '774000.5', '6987000' are not WGS 84 degrees"));
    test::write_all(dir / "other.csv", as_bytes("a,b,c\n1,2,3\n"));
    auto other = geo_import::import_addresses((dir / "other.csv").string(), {"ban", "", "", {}, false});
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().message.find("other.csv:1: the header has no column 'id'") != std::string::npos);
}

TEST_CASE("MBTiles: every tile comes out at its XYZ path with the TMS row flipped") {
    std::string file = test::map_sample(test::kWorldTiles);
    auto r = geo_import::import_raster(file, {"monde", "Fond de carte", "", {}, false});
    REQUIRE(r.ok());
    CHECK(r->entries.size() == 285);
    CHECK(r->meta["min_zoom"] == 0);
    CHECK(r->meta["max_zoom"] == 4);
    CHECK(r->meta["tile_format"] == "png");
    CHECK(r->meta["title"] == "Fond de carte");
    // Compare one tile with the database itself: TMS row 3 of zoom 2 is XYZ row 0.
    store::OpenOptions read_only;
    read_only.create = false;
    read_only.read_only = true;
    auto db = store::Database::open(file, read_only);
    REQUIRE(db.ok());
    auto st = db->prepare("SELECT tile_data FROM tiles WHERE zoom_level = 2 AND tile_column = 1 AND tile_row = 3");
    REQUIRE(st.ok());
    REQUIRE(*st->step());
    Bytes expected = st->column_blob(0);
    auto it = std::find_if(r->entries.begin(), r->entries.end(), [](const auto& e) { return e.path == "maps/monde/tiles/2/1/0.png"; });
    REQUIRE(it != r->entries.end());
    CHECK(it->data == expected);
    CHECK(it->already_compressed);
}

TEST_CASE("MBTiles: files that are not MBTiles, and broken tiles, are named") {
    test::TempDir dir;
    auto not_sqlite = dir / "x.mbtiles";
    test::write_all(not_sqlite, as_bytes("this is not SQLite"));
    auto r = geo_import::import_raster(not_sqlite.string(), {"x", "", "", {}, false});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("x.mbtiles") != std::string::npos);

    auto broken = dir / "broken.mbtiles";
    {
        auto db = store::Database::open(broken);
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                         "INSERT INTO tiles VALUES (1, 0, 0, x'89504E470D0A1A0A00');"
                         "INSERT INTO tiles VALUES (1, 1, 0, x'00112233');").ok());
    }
    r = geo_import::import_raster(broken.string(), {"x", "", "", {}, false});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.ends_with("broken.mbtiles: tile z=1 column=1 row=0: not a PNG, JPEG or WebP image"));
}
