#include "geo/projection.hpp"
#include "geo_fixtures.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace guichet::geo;

TEST_CASE("Web Mercator matches the EPSG:3857 reference values") {
    CHECK(to_mercator({180, 0}).x == doctest::Approx(20037508.342789244).epsilon(1e-12));
    CHECK(to_mercator({0, 0}).y == doctest::Approx(0).epsilon(1e-9));
    // y(45°) = R · ln(tan(67.5°)) = R · asinh(1) = 6378137 × 0.881373587019543.
    CHECK(to_mercator({0, 45}).y == doctest::Approx(5621521.486192066).epsilon(1e-12));
    // The square world ends where y = x(180°).
    CHECK(to_mercator({0, kMaxMercatorLatitude}).y == doctest::Approx(kMercatorHalfWorld).epsilon(1e-9));
    CHECK(to_mercator({0, 89.9}).y == doctest::Approx(kMercatorHalfWorld).epsilon(1e-9));  // clamped
    LonLat back = to_lonlat({kMercatorHalfWorld, kMercatorHalfWorld});
    CHECK(back.lon == doctest::Approx(180));
    CHECK(back.lat == doctest::Approx(kMaxMercatorLatitude));
}

TEST_CASE("WGS 84 to Web Mercator and back stays within a centimetre across Anor") {
    guichet::test::Lcg rng;
    double worst = 0;
    for (int i = 0; i < 10000; ++i) {
        LonLat ll{4.08 + 0.09 * rng.next(), 49.96 + 0.07 * rng.next()};
        LonLat back = to_lonlat(to_mercator(ll));
        double metres_per_degree = 111319.49;
        double dx = (back.lon - ll.lon) * metres_per_degree * std::cos(ll.lat * 3.141592653589793 / 180);
        double dy = (back.lat - ll.lat) * metres_per_degree;
        worst = std::max(worst, std::hypot(dx, dy));
    }
    CHECK(worst < 0.01);
    CHECK(worst < 1e-6);  // in fact far below: the formulas are exact inverses
}

TEST_CASE("Tile coordinates of known places") {
    // Anor's town hall area (4.1006 E, 49.9906 N) on the usual OpenStreetMap grid.
    Point anor = to_mercator({4.1006, 49.9906});
    CHECK(tile_at(anor, 0) == TileId{0, 0, 0});
    CHECK(tile_at(anor, 12) == TileId{2094, 1389, 12});
    CHECK(tile_at(anor, 16) == TileId{33514, 22228, 16});
    // Paris, Notre-Dame (2.3499 E, 48.8530 N), z=12: tile 2074/1409 (openstreetmap.org).
    CHECK(tile_at(to_mercator({2.3499, 48.8530}), 12) == TileId{2074, 1409, 12});
    // Southern and western hemispheres.
    CHECK(tile_at(to_mercator({-0.1, -0.1}), 1) == TileId{0, 1, 1});
    BBox b = tile_bounds({2094, 1389, 12});
    CHECK(b.contains(anor));
    CHECK(b.max_x - b.min_x == doctest::Approx(2 * kMercatorHalfWorld / 4096));
    CHECK(mercator_metres_per_pixel(0) == doctest::Approx(156543.03392804097));
}

TEST_CASE("The TMS row flip maps MBTiles rows to XYZ rows and back") {
    CHECK(flip_tms_row(0, 0) == 0);
    CHECK(flip_tms_row(0, 1) == 1);
    CHECK(flip_tms_row(0, 3) == 7);
    CHECK(flip_tms_row(7, 3) == 0);
    // Anor's z=12 XYZ row 1389 is TMS row 4096 - 1 - 1389 = 2706.
    CHECK(flip_tms_row(1389, 12) == 2706);
    for (std::uint32_t r = 0; r < 1024; ++r) CHECK(flip_tms_row(flip_tms_row(r, 10), 10) == r);
}
