// The map's fills with holes and its GPU-ready layer meshes (no GL needed):
// ear clipping with holes bridged in (area = outer − holes, nothing drawn in a
// hole), degenerate rings, a layer's mesh per level with its chunks culled.
#include "layer_writer.hpp"
#include "geo/layer.hpp"
#include "ui/map/layer_style.hpp"
#include "ui/map/mesh.hpp"
#include "ui/map/shapes.hpp"
#include "ui/map/triangulate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace guichet;
using namespace guichet::ui::map;
using geo::Point;

namespace {

// A square ring without its closing point, counter-clockwise or clockwise.
std::vector<Point> square(double x0, double y0, double x1, double y1, bool ccw = true) {
    std::vector<Point> r{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    if (!ccw) std::reverse(r.begin(), r.end());
    return r;
}

// Whether P lies inside (or on the edge of) one of the triangles.
bool covered(const std::vector<Point>& pts, const std::vector<std::uint32_t>& tri, Point p) {
    for (std::size_t k = 0; k + 2 < tri.size(); k += 3) {
        const Point a = pts[tri[k]], b = pts[tri[k + 1]], c = pts[tri[k + 2]];
        const double d1 = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        const double d2 = (c.x - b.x) * (p.y - b.y) - (c.y - b.y) * (p.x - b.x);
        const double d3 = (a.x - c.x) * (p.y - c.y) - (a.y - c.y) * (p.x - c.x);
        if ((d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0)) return true;
    }
    return false;
}

void check_indices(const std::vector<Point>& pts, const std::vector<std::uint32_t>& tri) {
    CHECK(tri.size() % 3 == 0);
    for (std::uint32_t i : tri) CHECK(i < pts.size());
}

}  // namespace

TEST_CASE("map fills: a square with a square hole is filled around the hole only") {
    std::vector<Point> pts = square(0, 0, 100, 100);
    const std::vector<Point> hole = square(40, 30, 60, 70, false);
    pts.insert(pts.end(), hole.begin(), hole.end());
    const std::vector<std::uint32_t> ends{4, 8};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    CHECK(tri.size() == 8 * 3);  // n + 2h − 2 triangles: 4 + 4 + 2 − 2
    CHECK(triangles_area(pts, tri) == doctest::Approx(100 * 100 - 20 * 40));
    CHECK_FALSE(covered(pts, tri, {50, 50}));  // inside the hole
    CHECK_FALSE(covered(pts, tri, {41, 31}));
    CHECK(covered(pts, tri, {20, 50}));
    CHECK(covered(pts, tri, {50, 10}));
    CHECK(covered(pts, tri, {80, 90}));
}

TEST_CASE("map fills: two holes, rings in either orientation, a concave outer ring") {
    // An L-shaped outer ring given clockwise, two holes given counter-clockwise.
    std::vector<Point> pts{{0, 0}, {0, 200}, {100, 200}, {100, 100}, {200, 100}, {200, 0}};
    for (const auto& h : {square(20, 20, 60, 60), square(120, 30, 180, 70)}) pts.insert(pts.end(), h.begin(), h.end());
    const std::vector<std::uint32_t> ends{6, 10, 14};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    CHECK(triangles_area(pts, tri) == doctest::Approx(30000 - 1600 - 2400));
    for (Point in_hole : {Point{40, 40}, Point{150, 50}, Point{21, 59}, Point{179, 31}}) CHECK_FALSE(covered(pts, tri, in_hole));
    for (Point filled : {Point{10, 10}, Point{90, 80}, Point{50, 150}, Point{190, 90}, Point{100, 50}}) CHECK(covered(pts, tri, filled));
    CHECK_FALSE(covered(pts, tri, {150, 150}));  // the L's notch
}

TEST_CASE("map fills: a hole whose rightmost vertex faces a concave part of the outer ring") {
    // A comb: the ray from the hole's rightmost vertex first meets a tooth whose
    // far end is hidden behind another; the bridge must still go to a visible vertex.
    std::vector<Point> pts{{0, 0}, {300, 0}, {300, 100}, {200, 100}, {200, 40}, {180, 40}, {180, 100}, {0, 100}};
    const std::vector<Point> hole = square(20, 45, 60, 55, false);
    pts.insert(pts.end(), hole.begin(), hole.end());
    const std::vector<std::uint32_t> ends{8, 12};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    const double outer = 300 * 100 - 20 * 60;
    CHECK(triangles_area(pts, tri) == doctest::Approx(outer - 40 * 10));
    CHECK_FALSE(covered(pts, tri, {40, 50}));
    CHECK_FALSE(covered(pts, tri, {190, 70}));  // the notch between the teeth
}

TEST_CASE("map fills: degenerate rings give no crash and indices in range") {
    const std::vector<Point> bowtie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    const auto t1 = triangulate(bowtie);
    check_indices(bowtie, t1);
    const std::vector<Point> flat{{0, 0}, {5, 0}, {10, 0}, {5, 0}};
    check_indices(flat, triangulate(flat));
    const std::vector<Point> repeated{{0, 0}, {0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    const auto t3 = triangulate(repeated);
    check_indices(repeated, t3);
    CHECK(triangles_area(repeated, t3) == doctest::Approx(100));
    std::vector<Point> pts = square(0, 0, 10, 10);
    const std::vector<Point> outside = square(50, 50, 60, 60, false);  // a "hole" outside the outer ring
    pts.insert(pts.end(), outside.begin(), outside.end());
    const std::vector<std::uint32_t> ends{4, 8};
    const auto t4 = triangulate_polygon(pts, ends);
    check_indices(pts, t4);
    const std::vector<std::uint32_t> bad_ends{9, 4};  // out of range and decreasing: nothing
    CHECK(triangulate_polygon(pts, bad_ends).empty());
}

TEST_CASE("map fills: a circle with a circular hole of many points") {
    std::vector<Point> pts;
    const int n = 720;
    for (int i = 0; i < n; ++i) pts.push_back({1000 * std::cos(2 * std::numbers::pi * i / n), 1000 * std::sin(2 * std::numbers::pi * i / n)});
    for (int i = 0; i < n; ++i) pts.push_back({300 + 200 * std::cos(-2 * std::numbers::pi * i / n), 200 * std::sin(-2 * std::numbers::pi * i / n)});
    const std::vector<std::uint32_t> ends{static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(2 * n)};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    CHECK(tri.size() == static_cast<std::size_t>(2 * n) * 3);
    const double ring = [&] {
        double a = 0;
        for (int i = 0, j = n - 1; i < n; j = i++) a += (pts[j].x - pts[i].x) * (pts[j].y + pts[i].y);
        return std::fabs(a) / 2;
    }();
    const double hole_area = ring * 0.04;  // the same polygon scaled by 0.2
    CHECK(triangles_area(pts, tri) == doctest::Approx(ring - hole_area).epsilon(1e-9));
    CHECK_FALSE(covered(pts, tri, {300, 0}));
    CHECK(covered(pts, tri, {-500, 0}));
}

TEST_CASE("map shapes: a zone with a hole has its label outside the hole and its fill cut") {
    geo_import::LayerContent c;
    c.fields = {"libelle", "typezone"};
    c.values = {{"UA", "U"}};
    auto closed = [](std::vector<Point> r) {
        r.push_back(r.front());
        return r;
    };
    c.shapes = {geo::MultiPolygon{{geo::Polygon{{closed(square(0, 0, 1000, 1000)), closed(square(300, 300, 700, 700, false))}}}}};
    c.level_zooms = {10, 16};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    auto layer = geo::MapLayer::open(*bytes);
    REQUIRE(layer.ok());
    ShapeCache cache;
    const Shape& s = cache.get(*layer, 0, 0, 1);
    CHECK(s.area == doctest::Approx(1000000 - 160000));
    CHECK(triangles_area(s.points, s.triangles) == doctest::Approx(1000000 - 160000));
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
            geo::Polygon p{{closed(square(x, y, x + 100, y + 100))}};
            if (gx == 0 && gy == 0) p.rings.push_back(closed(square(x + 25, y + 25, x + 75, y + 75, false)));
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
