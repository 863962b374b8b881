#include "geo/polygon.hpp"
#include "geo/simplify.hpp"
#include "geo_fixtures.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <limits>

using namespace guichet::geo;
using guichet::test::square;

TEST_CASE("Point in polygon: even-odd with holes and an island in the hole") {
    Polygon p{{square(0, 0, 10, 10), square(2, 2, 8, 8), square(4, 4, 6, 6)}};
    CHECK(contains(p, {1, 1}));       // in the outer ring
    CHECK_FALSE(contains(p, {3, 3}));  // in the hole
    CHECK(contains(p, {5, 5}));       // on the island inside the hole
    CHECK_FALSE(contains(p, {11, 5}));
    CHECK_FALSE(contains(p, {-0.001, 5}));
    // Orientation does not matter: reversed hole, same answers.
    Polygon reversed{{square(0, 0, 10, 10), Ring(p.rings[1].rbegin(), p.rings[1].rend())}};
    CHECK_FALSE(contains(reversed, {3, 3}));
    CHECK(contains(reversed, {1, 9}));
}

TEST_CASE("Point in polygon: edges and vertices count as inside") {
    Polygon p{{square(0, 0, 10, 10), square(2, 2, 8, 8)}};
    CHECK(contains(p, {0, 5}));    // outer edge
    CHECK(contains(p, {10, 10}));  // outer vertex
    CHECK(contains(p, {2, 5}));    // hole edge: still touching the parcel
    CHECK(contains(p, {5, 0}));
    // A ray through a vertex must not count twice (diamond).
    Polygon diamond{{{{0, -5}, {5, 0}, {0, 5}, {-5, 0}, {0, -5}}}};
    CHECK(contains(diamond, {-1, 0}));
    CHECK_FALSE(contains(diamond, {-6, 0}));
    CHECK_FALSE(contains(diamond, {-4, 4}));
    MultiPolygon two{{Polygon{{square(0, 0, 1, 1)}}, Polygon{{square(5, 5, 6, 6)}}}};
    CHECK(contains(two, {5.5, 5.5}));
    CHECK_FALSE(contains(two, {3, 3}));
}

TEST_CASE("Areas: planar with holes, and geodesic on the sphere") {
    Polygon p{{square(0, 0, 10, 10), square(2, 2, 8, 8)}};
    CHECK(planar_area(p) == doctest::Approx(64));
    CHECK(signed_area(square(0, 0, 1, 1)) == doctest::Approx(1));  // counter-clockwise
    // One degree square on the equator: R² · Δλ · (sin 1° − sin 0°).
    constexpr double rad = 3.141592653589793 / 180;
    MultiPolygon degree{{Polygon{{square(0, 0, 1, 1)}}}};
    CHECK(geodesic_area(degree) == doctest::Approx(6378137.0 * 6378137.0 * rad * std::sin(rad)).epsilon(1e-9));
    MultiPolygon holed{{Polygon{{square(0, 0, 1, 1), square(0.25, 0.25, 0.75, 0.75)}}}};
    CHECK(geodesic_area(holed) == doctest::Approx(geodesic_area(degree) * 0.75).epsilon(1e-3));
}

TEST_CASE("Ring checks name what is wrong") {
    CHECK_FALSE(ring_problem(square(0, 0, 1, 1)));
    CHECK(ring_problem({{0, 0}, {1, 0}, {0, 0}})->find("at least 4") != std::string::npos);
    CHECK(ring_problem({{0, 0}, {1, 0}, {1, 1}, {0, 1}})->find("not closed") != std::string::npos);
    double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(ring_problem({{0, 0}, {nan, 0}, {1, 1}, {0, 0}})->find("finite") != std::string::npos);
    CHECK(ring_problem({{0, 0}, {1, 0}, {2, 0}, {0, 0}})->find("zero area") != std::string::npos);
    // Bow ties: edges 1 and 3 cross (the symmetric one also has zero area).
    CHECK(ring_problem({{0, 0}, {3, 3}, {3, 0}, {0, 2}, {0, 0}})->find("crosses itself: edges 1 and 3") != std::string::npos);
    auto bowtie = ring_problem({{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}});
    REQUIRE(bowtie);
    CHECK(bowtie->find("crosses itself: edges 1 and 3") != std::string::npos);
    Ring repeated{{0, 0}, {0, 0}, {1, 0}, {1, 1}, {1, 1}, {0, 0}};
    drop_repeated_points(repeated);
    CHECK(repeated.size() == 4);
}

TEST_CASE("Simplification keeps rings valid and within tolerance") {
    // A 2,000-point wobbly circle of radius 100 m.
    Ring circle;
    for (int i = 0; i < 2000; ++i) {
        double a = 2 * 3.141592653589793 * i / 2000;
        double r = 100 + 0.3 * std::sin(37 * a);
        circle.push_back({r * std::cos(a), r * std::sin(a)});
    }
    circle.push_back(circle.front());
    Ring simple = simplify_ring(circle, 1.0);
    CHECK(simple.size() < 100);
    CHECK_FALSE(ring_problem(simple));
    CHECK(signed_area(simple) > 0);
    CHECK(std::abs(signed_area(simple) - signed_area(circle)) / signed_area(circle) < 0.02);
    // Douglas–Peucker's guarantee: every dropped point lies within the tolerance.
    std::vector<Point> flat{{0, 0}, {1, 0.2}, {2, -0.2}, {3, 0.1}, {4, 0}};
    CHECK(simplify_line(flat, 0.5) == std::vector<Point>{{0, 0}, {4, 0}});
    std::vector<Point> peak{{0, 0}, {1, 1.6}, {2, 3}, {3, 1.5}, {4, 0}};
    CHECK(simplify_line(peak, 0.5) == std::vector<Point>{{0, 0}, {2, 3}, {4, 0}});
    // A tiny ring cannot collapse: it is kept as is.
    Ring small = square(0, 0, 1, 1);
    CHECK(simplify_ring(small, 100) == small);
    // A hole below the tolerance disappears; the outer ring never does.
    MultiPolygon holed{{Polygon{{square(0, 0, 100, 100), square(10, 10, 11, 11)}}}};
    auto coarse = simplify(holed, 5);
    REQUIRE(coarse.polygons.size() == 1);
    CHECK(coarse.polygons[0].rings.size() == 1);
}
