// The map's fills with holes and its GPU-ready layer meshes (no GL needed): a
// zone's shape cut around its hole, a layer's mesh per level with its chunks
// culled. The ear clipper itself is tested with the map engine (tests/geo).
#include "geo_fixtures.hpp"
#include "layer_writer.hpp"
#include "geo/layer.hpp"
#include "geo/triangulate.hpp"
#include "ui/map/layer_style.hpp"
#include "ui/map/mesh.hpp"
#include "ui/map/shapes.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace guichet;
using namespace guichet::ui::map;
using geo::Point;
using test::covered;
using test::open_square;

TEST_CASE("map shapes: a zone with a hole has its label outside the hole and its fill cut") {
    geo_import::LayerContent c;
    c.fields = {"libelle", "typezone"};
    c.values = {{"UA", "U"}};
    auto closed = [](std::vector<Point> r) {
        r.push_back(r.front());
        return r;
    };
    c.shapes = {geo::MultiPolygon{{geo::Polygon{{closed(open_square(0, 0, 1000, 1000)), closed(open_square(300, 300, 700, 700, false))}}}}};
    c.level_zooms = {10, 16};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    auto layer = geo::MapLayer::open(*bytes);
    REQUIRE(layer.ok());
    ShapeCache cache;
    const Shape& s = cache.get(*layer, 0, 0, 1);
    CHECK(s.area == doctest::Approx(1000000 - 160000));
    CHECK(geo::triangles_area(s.points, s.triangles) == doctest::Approx(1000000 - 160000));
    CHECK_FALSE(covered(s.points, s.triangles, {500, 500}));
}

TEST_CASE("map meshes: a layer's mesh per level, outlines and fills, chunks culled by the view") {
    geo_import::LayerContent c;
    c.fields = {"libelle", "typezone"};
    auto closed = [](std::vector<Point> r) {
        r.push_back(r.front());
        return r;
    };
    // A 10 × 10 grid of 100 m squares from (100000, 6000000); the first one has a hole.
    const Point o{100000, 6000000};
    for (int gy = 0; gy < 10; ++gy) {
        for (int gx = 0; gx < 10; ++gx) {
            const double x = o.x + gx * 100, y = o.y + gy * 100;
            geo::Polygon p{{closed(open_square(x, y, x + 100, y + 100))}};
            if (gx == 0 && gy == 0) p.rings.push_back(closed(open_square(x + 25, y + 25, x + 75, y + 75, false)));
            c.shapes.push_back(geo::MultiPolygon{{p}});
            c.values.push_back({"Z" + std::to_string(gy * 10 + gx), gx < 5 ? "U" : "N"});
        }
    }
    c.level_zooms = {14, 18};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    auto layer = geo::MapLayer::open(*bytes);
    REQUIRE(layer.ok());
    auto style = [&](std::uint32_t f) { return zone_class(layer->attribute(f, "typezone")); };
    const LayerMesh m = build_layer_mesh(*layer, 1, true, style, 4);
    CHECK(m.vertices.size() == (100 * 4 + 4) * LayerMesh::kFloatsPerVertex);
    CHECK(m.lines.size() == (100 * 4 + 4) * 2);       // one segment per ring edge
    CHECK(m.fill.size() == (99 * 2 + 8) * 3);         // two triangles a square, eight around the hole
    CHECK(m.chunks.size() == 16);                      // a 4 × 4 grid over the layer, none empty
    // Vertices are relative to the layer's centre, in float precision.
    CHECK(m.origin.x == doctest::Approx(o.x + 500));
    CHECK(m.origin.y == doctest::Approx(o.y + 500));
    double area = 0;
    for (std::size_t k = 0; k < m.fill.size(); k += 3) {
        auto v = [&](std::uint32_t i) { return Point{m.vertices[i * 3], m.vertices[i * 3 + 1]}; };
        const Point a = v(m.fill[k]), b = v(m.fill[k + 1]), d = v(m.fill[k + 2]);
        area += std::fabs((b.x - a.x) * (d.y - a.y) - (b.y - a.y) * (d.x - a.x)) / 2;
    }
    CHECK(area == doctest::Approx(1000.0 * 1000 - 50 * 50));
    // Styles: zone class per vertex (U = 0 on the left half, N = 3 on the right).
    CHECK(m.vertices[2] == 0.0f);
    bool any_n = false;
    for (std::size_t i = 2; i < m.vertices.size(); i += 3) any_n = any_n || m.vertices[i] == 3.0f;
    CHECK(any_n);
    // Culling: a view over the first square draws only the chunks around it.
    geo::BBox corner;
    corner.extend(Point{o.x + 10, o.y + 10});
    corner.extend(Point{o.x + 60, o.y + 60});
    const auto lines = visible_ranges(m, corner, false);
    std::size_t drawn = 0;
    for (const IndexRange& r : lines) drawn += r.end - r.begin;
    CHECK(drawn > 0);
    CHECK(drawn < m.lines.size() / 4);
    geo::BBox all;
    all.extend(o);
    all.extend(Point{o.x + 1000, o.y + 1000});
    const auto every = visible_ranges(m, all, true);
    REQUIRE(every.size() == 1);  // consecutive chunks merged into one range
    CHECK(every[0].begin == 0);
    CHECK(every[0].end == m.fill.size());
    // An outline-only mesh (parcels) has no fill; a coarser level has no more points.
    const LayerMesh outline = build_layer_mesh(*layer, 0, false, nullptr);
    CHECK(outline.fill.empty());
    CHECK(outline.vertices.size() <= m.vertices.size());
    REQUIRE(layer_style("parcels") != nullptr);
    CHECK_FALSE(layer_style("parcels")->fill);
    CHECK(layer_style("zoning")->fill);
    CHECK(layer_style("addresses") == nullptr);
}

TEST_CASE("map meshes: a network's lines as segments per level, chunked and culled, no fill") {
    geo_import::LayerContent c;
    c.kind = geo::format::Kind::lines;
    c.fields = {"id"};
    // Ten east–west pipes of 3 points, 100 m apart, and one of two parts.
    const Point o{100000, 6000000};
    for (int i = 0; i < 10; ++i) {
        const double y = o.y + i * 100;
        c.lines.push_back(geo::MultiLine{{{{o.x, y}, {o.x + 500, y}, {o.x + 1000, y}}}});
        c.values.push_back({"C" + std::to_string(i)});
    }
    c.lines.push_back(geo::MultiLine{{{{o.x, o.y}, {o.x, o.y + 900}}, {{o.x + 1000, o.y}, {o.x + 1000, o.y + 900}}}});
    c.values.push_back({"V"});
    c.level_zooms = {13, 17};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    auto layer = geo::MapLayer::open(*bytes);
    REQUIRE(layer.ok());
    const LayerMesh full = build_line_mesh(*layer, 1, 4);
    CHECK(full.fill.empty());
    CHECK(full.vertices.size() == (10 * 3 + 4) * LayerMesh::kFloatsPerVertex);
    CHECK(full.lines.size() == (10 * 2 + 2) * 2);  // one index pair per segment
    for (std::uint32_t i : full.lines) CHECK(i < full.vertices.size() / LayerMesh::kFloatsPerVertex);
    // The coarse level dropped each pipe's straight middle point.
    const LayerMesh coarse = build_line_mesh(*layer, 0, 4);
    CHECK(coarse.lines.size() == (10 + 2) * 2);
    // Culling: a view over the bottom-left corner draws part of the segments only.
    geo::BBox corner;
    corner.extend(Point{o.x + 10, o.y + 10});
    corner.extend(Point{o.x + 60, o.y + 60});
    std::size_t drawn = 0;
    for (const IndexRange& r : visible_ranges(full, corner, false)) drawn += r.end - r.begin;
    CHECK(drawn > 0);
    CHECK(drawn < full.lines.size());
    CHECK(visible_ranges(full, corner, true).empty());  // no fill to draw
    // A polygon layer gives no line mesh.
    geo_import::LayerContent polygons;
    polygons.fields = {"id"};
    polygons.values = {{"P"}};
    polygons.shapes = {geo::MultiPolygon{{geo::Polygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}}};
    auto pb = geo_import::write_layer(polygons);
    REQUIRE(pb.ok());
    auto pl = geo::MapLayer::open(*pb);
    REQUIRE(pl.ok());
    CHECK(build_line_mesh(*pl, 0).lines.empty());
}

TEST_CASE("map networks: kinds, and line widths by zoom in whole pixels") {
    CHECK(is_network_kind("water"));
    CHECK(is_network_kind("sewer"));
    CHECK(is_network_kind("electricity"));
    CHECK_FALSE(is_network_kind("zoning"));
    CHECK(layer_style("water") == nullptr);  // not a polygon style
    CHECK(network_line_px(13) == 2);
    CHECK(network_line_px(14.9) == 2);
    CHECK(network_line_px(15) == 3);
    CHECK(network_line_px(17.5) == 5);
    CHECK(network_line_px(18) == 6);
    CHECK(network_line_px(21) == 6);
}
