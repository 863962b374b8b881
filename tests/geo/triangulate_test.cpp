// The ear clipper (geo/triangulate.hpp): polygons with holes bridged in
// (area = outer − holes, nothing drawn in a hole), rings in either
// orientation, degenerate rings (never a crash, indices in range).
#include "geo/triangulate.hpp"
#include "geo_fixtures.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

using namespace guichet;
using namespace guichet::geo;
using test::covered;
using test::open_square;

namespace {

void check_indices(const std::vector<Point>& pts, const std::vector<std::uint32_t>& tri) {
    CHECK(tri.size() % 3 == 0);
    for (std::uint32_t i : tri) CHECK(i < pts.size());
}

}  // namespace

TEST_CASE("ear clipping: a square with a square hole is filled around the hole only") {
    std::vector<Point> pts = open_square(0, 0, 100, 100);
    const std::vector<Point> hole = open_square(40, 30, 60, 70, false);
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

TEST_CASE("ear clipping: two holes, rings in either orientation, a concave outer ring") {
    // An L-shaped outer ring given clockwise, two holes given counter-clockwise.
    std::vector<Point> pts{{0, 0}, {0, 200}, {100, 200}, {100, 100}, {200, 100}, {200, 0}};
    for (const auto& h : {open_square(20, 20, 60, 60), open_square(120, 30, 180, 70)}) pts.insert(pts.end(), h.begin(), h.end());
    const std::vector<std::uint32_t> ends{6, 10, 14};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    CHECK(triangles_area(pts, tri) == doctest::Approx(30000 - 1600 - 2400));
    for (Point in_hole : {Point{40, 40}, Point{150, 50}, Point{21, 59}, Point{179, 31}}) CHECK_FALSE(covered(pts, tri, in_hole));
    for (Point filled : {Point{10, 10}, Point{90, 80}, Point{50, 150}, Point{190, 90}, Point{100, 50}}) CHECK(covered(pts, tri, filled));
    CHECK_FALSE(covered(pts, tri, {150, 150}));  // the L's notch
}

TEST_CASE("ear clipping: a hole whose rightmost vertex faces a concave part of the outer ring") {
    // A comb: the ray from the hole's rightmost vertex first meets a tooth whose
    // far end is hidden behind another; the bridge must still go to a visible vertex.
    std::vector<Point> pts{{0, 0}, {300, 0}, {300, 100}, {200, 100}, {200, 40}, {180, 40}, {180, 100}, {0, 100}};
    const std::vector<Point> hole = open_square(20, 45, 60, 55, false);
    pts.insert(pts.end(), hole.begin(), hole.end());
    const std::vector<std::uint32_t> ends{8, 12};
    const auto tri = triangulate_polygon(pts, ends);
    check_indices(pts, tri);
    const double outer = 300 * 100 - 20 * 60;
    CHECK(triangles_area(pts, tri) == doctest::Approx(outer - 40 * 10));
    CHECK_FALSE(covered(pts, tri, {40, 50}));
    CHECK_FALSE(covered(pts, tri, {190, 70}));  // the notch between the teeth
}

TEST_CASE("ear clipping: degenerate rings give no crash and indices in range") {
    const std::vector<Point> bowtie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    const auto t1 = triangulate(bowtie);
    check_indices(bowtie, t1);
    const std::vector<Point> flat{{0, 0}, {5, 0}, {10, 0}, {5, 0}};
    check_indices(flat, triangulate(flat));
    const std::vector<Point> repeated{{0, 0}, {0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    const auto t3 = triangulate(repeated);
    check_indices(repeated, t3);
    CHECK(triangles_area(repeated, t3) == doctest::Approx(100));
    std::vector<Point> pts = open_square(0, 0, 10, 10);
    const std::vector<Point> outside = open_square(50, 50, 60, 60, false);  // a "hole" outside the outer ring
    pts.insert(pts.end(), outside.begin(), outside.end());
    const std::vector<std::uint32_t> ends{4, 8};
    const auto t4 = triangulate_polygon(pts, ends);
    check_indices(pts, t4);
    const std::vector<std::uint32_t> bad_ends{9, 4};  // out of range and decreasing: nothing
    CHECK(triangulate_polygon(pts, bad_ends).empty());
}

TEST_CASE("ear clipping: a circle with a circular hole of many points") {
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

TEST_CASE("ear clipping: a concave ring without holes gets n - 2 triangles covering its area") {
    // An L shape, clockwise.
    const std::vector<Point> l = {{0, 0}, {0, 20}, {10, 20}, {10, 10}, {20, 10}, {20, 0}};
    const auto tris = triangulate(l);
    REQUIRE(tris.size() == 12);
    CHECK(triangles_area(l, tris) == doctest::Approx(300));
    CHECK_FALSE(covered(l, tris, {15, 15}));  // the L's notch
    CHECK(triangulate({{0, 0}, {1, 1}}).empty());
}
