// Network layers (issue #14): water, sewer and electricity as lines — the
// layer format's version 2 (kind 3, lines), the GeoJSON LineString /
// MultiLineString importer, and the synthetic Anor water network.
#include "geo/layer.hpp"
#include "geo/polygon.hpp"
#include "geo/projection.hpp"
#include "geo_fixtures.hpp"
#include "importers.hpp"
#include "layer_writer.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace guichet;
using namespace guichet::geo;

namespace {

std::string fixture(const char* name) { return std::string(GUICHET_SOURCE_DIR) + "/tests/geo/data/" + name; }

Bytes small_network() {
    geo_import::LayerContent c;
    c.kind = format::Kind::lines;
    c.fields = {"id", "nature"};
    c.values = {{"C1", "distribution"}, {"C2", "adduction"}};
    // A wiggly pipe (simplified away at the coarse level) and a two-part one.
    LineString wiggle;
    for (int i = 0; i <= 20; ++i) wiggle.push_back({1000.0 + i * 10, 1000.0 + (i % 2) * 0.05});
    c.lines = {MultiLine{{wiggle}}, MultiLine{{{{1000, 1100}, {1000, 1200}}, {{1050, 1100}, {1100, 1150}, {1150, 1100}}}}};
    c.level_zooms = {13, 17};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    return *bytes;
}

}  // namespace

TEST_CASE("A line layer is written as version 2 and reads back: lines, levels, the nearest pipe") {
    const Bytes bytes = small_network();
    CHECK(bytes[8] == 2);  // version 2: the first with line layers
    auto layer = MapLayer::open(bytes);
    REQUIRE_MESSAGE(layer.ok(), layer.error().message);
    CHECK(layer->kind() == format::Kind::lines);
    CHECK(layer->feature_count() == 2);
    CHECK(layer->level_count() == 2);
    CHECK(layer->attribute(1, "nature") == "adduction");
    const MultiLine full = layer->lines(0);
    REQUIRE(full.lines.size() == 1);
    CHECK(full.lines[0].size() == 21);
    CHECK(std::abs(full.lines[0][3].x - 1030) < 0.01);
    CHECK(std::abs(full.lines[0][3].y - 1000.05) < 0.01);
    // The coarse level keeps the ends and drops the 5 cm wiggles.
    const MultiLine coarse = layer->lines(0, 0);
    REQUIRE(coarse.lines.size() == 1);
    CHECK(coarse.lines[0].size() == 2);
    CHECK(std::abs(coarse.lines[0].back().x - 1200) < 0.01);
    const MultiLine two = layer->lines(1);
    REQUIRE(two.lines.size() == 2);
    CHECK(two.lines[1].size() == 3);
    CHECK(layer->geometry(1).polygons.empty());  // not a polygon layer
    // Taps: the nearest pipe within the tolerance.
    CHECK(layer->feature_at({1100, 1002}, 3) == std::optional<std::uint32_t>(0));
    CHECK(layer->feature_at({1001, 1150}, 3) == std::optional<std::uint32_t>(1));
    CHECK(layer->feature_at({1100, 1148}, 3) == std::optional<std::uint32_t>(1));  // 1.4 m from the slanted segment
    CHECK_FALSE(layer->feature_at({1100, 1050}, 3));
    CHECK(layer->bounds().min_x == doctest::Approx(1000));
    CHECK(layer->bounds().max_y == doctest::Approx(1200));
}

TEST_CASE("Line layers: every truncation and damaged byte is refused or harmless, a version 1 line layer is refused") {
    Bytes bytes = small_network();
    for (std::size_t n = 0; n < bytes.size(); ++n) REQUIRE_MESSAGE(!MapLayer::open(ByteView(bytes).first(n)).ok(), "truncated to " << n);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        Bytes copy = bytes;
        copy[i] ^= 0xFF;
        auto r = MapLayer::open(copy);
        if (!r.ok()) continue;
        for (std::uint32_t f = 0; f < r->feature_count(); ++f)
            for (std::size_t l = 0; l < r->level_count(); ++l) (void)r->lines(f, l), (void)r->geometry(f, l);
        (void)r->feature_at({1100, 1000}, 5);
    }
    Bytes v1 = bytes;
    v1[8] = 1;
    CHECK(MapLayer::open(v1).error().message == "map layer: a line layer (kind 3) needs format version 2");
    Bytes v3 = bytes;
    v3[8] = 3;
    CHECK(MapLayer::open(v3).error().message == "map layer: unsupported format version 3 (this reader supports versions 1 and 2)");
    // A line of one point is malformed.
    geo_import::LayerContent c;
    c.kind = format::Kind::lines;
    c.values = {{}};
    c.lines = {MultiLine{{{{0, 0}}}}};
    c.level_zooms = {17};
    auto one = geo_import::write_layer(c);
    REQUIRE(one.ok());
    CHECK(MapLayer::open(*one).error().message == "map layer: geometry level 17, feature 0: malformed line");
}

TEST_CASE("Polygon and point layers are still written as version 1, for older kiosks") {
    geo_import::LayerContent c;
    c.fields = {"id"};
    c.values = {{"P1"}};
    c.shapes = {MultiPolygon{{Polygon{{test::square(0, 0, 10, 10)}}}}};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    CHECK((*bytes)[8] == 1);
    CHECK(MapLayer::open(*bytes).ok());
}

TEST_CASE("Network importer: LineString and MultiLineString, attributes in either case, kinds water, sewer, electricity") {
    for (auto kind : {geo_import::LayerKind::water, geo_import::LayerKind::sewer, geo_import::LayerKind::electricity}) {
        auto r = geo_import::import_layer(kind, fixture("reseau-eau-exemple.geojson"), {"eau", "Réseau d’eau", "fictif", {}, false});
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        CHECK(r->meta["kind"] == geo_import::kind_name(kind));
        CHECK(r->meta["levels"] == nlohmann::json::array({13, 15, 17}));
        CHECK(r->meta["fields"] == nlohmann::json::array({"id", "nom", "nature", "diametre", "materiau"}));
        CHECK(r->meta["features"] == 2);
        auto layer = MapLayer::open(r->entries.at(0).data);
        REQUIRE(layer.ok());
        CHECK(layer->kind() == format::Kind::lines);
        CHECK(layer->attribute(0, "id") == "C1");
        CHECK(layer->attribute(0, "nature") == "distribution");  // NATURE
        CHECK(layer->attribute(0, "diametre") == "110");          // a number, written out
        CHECK(layer->attribute(1, "id") == "C2");                 // properties.id
        CHECK(layer->attribute(1, "nom") == "Conduite du château d’eau");
        const MultiLine c1 = layer->lines(0);
        REQUIRE(c1.lines.size() == 1);
        CHECK(c1.lines[0].size() == 3);  // the repeated point dropped
        const Point start = to_mercator({4.1000, 49.9890});
        CHECK(std::hypot(c1.lines[0][0].x - start.x, c1.lines[0][0].y - start.y) < 0.01);
        CHECK(layer->lines(1).lines.size() == 2);
    }
    CHECK(geo_import::parse_kind("water") == geo_import::LayerKind::water);
    CHECK(geo_import::parse_kind("electricity") == geo_import::LayerKind::electricity);
    CHECK(geo_import::is_network(geo_import::LayerKind::sewer));
    CHECK_FALSE(geo_import::is_network(geo_import::LayerKind::zoning));
}

TEST_CASE("Network importer: polygons, one-point lines and Lambert-93 are refused by feature") {
    auto error = [](const std::string& geometry) {
        auto r = geo_import::parse_line_features(
            R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"c9","properties":{},"geometry":)" + geometry + "}]}", "reseau.geojson");
        REQUIRE_FALSE(r.ok());
        return r.error().message;
    };
    CHECK(error(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})") ==
          "reseau.geojson: feature 1 (id c9): geometry type 'Polygon' is not a LineString or MultiLineString (a network layer holds lines)");
    CHECK(error(R"({"type":"LineString","coordinates":[[4.1,50],[4.1,50]]})") ==
          "reseau.geojson: feature 1 (id c9): line has 1 distinct point(s); a line needs at least 2");
    CHECK(error(R"({"type":"MultiLineString","coordinates":[[[4.1,50],[4.2,50]],[[4.1,50]]]})") ==
          "reseau.geojson: feature 1 (id c9): line 2 has 1 distinct point(s); a line needs at least 2");
    CHECK(error(R"({"type":"LineString","coordinates":[[652000,6862000],[652100,6862000]]})")
              .find("line position 1 (652000.000000, 6862000.000000) is not a WGS 84 longitude/latitude") != std::string::npos);
    CHECK(error(R"({"type":"MultiLineString","coordinates":[]})") == "reseau.geojson: feature 1 (id c9): MultiLineString has no lines");
}

TEST_CASE("The synthetic Anor water network: lines under the synthetic streets, inside the commune, marked synthetic") {
    const std::string file = test::map_sample("59012-reseau-eau-synthetique.geojson");
    auto features = geo_import::read_line_features(file);
    REQUIRE_MESSAGE(features.ok(), features.error().message);
    REQUIRE(features->size() > 50);
    auto outline = geo_import::read_polygon_features(test::map_sample("anor-contour-59012.geojson"));
    REQUIRE(outline.ok());
    REQUIRE(outline->size() == 1);
    for (const auto& f : *features) {
        CHECK(f.properties.value("synthetique", false));
        for (const auto& line : f.lonlat.lines)
            for (const auto& p : line) CHECK(contains((*outline)[0].lonlat, p));
    }
    auto r = geo_import::import_network(file, {"reseau-eau-anor", "Réseau d’eau (exemple fictif)", "fictif", {}, false},
                                        geo_import::LayerKind::water);
    REQUIRE_MESSAGE(r.ok(), r.error().message);
}
