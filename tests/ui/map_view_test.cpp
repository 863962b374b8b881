// The map screen's parts that need no GL: view maths (screen ↔ map, zoom
// about a point, pinch, inertia), the scale bar, label collision, the tile
// cache's eviction under its cap, triangulation, the card's French wording
// and the answers a card pre-fills.
#include "geo/projection.hpp"
#include "ui/map/format.hpp"
#include "ui/map/labels.hpp"
#include "ui/map/shapes.hpp"
#include "ui/map/tile_cache.hpp"
#include "ui/map/view.hpp"
#include "ui/screens/map.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace guichet;
using namespace guichet::ui;
using namespace guichet::ui::map;

namespace {

MapView anor_view() {
    MapView v;
    v.set_viewport(40, 300, 1000, 1200);
    v.center = geo::to_mercator({4.1, 49.99});
    v.zoom = 16;
    return v;
}

}  // namespace

TEST_CASE("map view: screen and map transforms are inverse, y grows downwards on screen") {
    MapView v = anor_view();
    const Vec2 mid = v.to_screen(v.center);
    CHECK(mid.x == doctest::Approx(540));
    CHECK(mid.y == doctest::Approx(900));
    for (Vec2 s : {Vec2{40, 300}, Vec2{1040, 1500}, Vec2{123.5f, 987.25f}}) {
        const Vec2 back = v.to_screen(v.to_map(s));
        CHECK(back.x == doctest::Approx(s.x).epsilon(1e-4));
        CHECK(back.y == doctest::Approx(s.y).epsilon(1e-4));
    }
    // North is up: a point north of the centre is above it.
    CHECK(v.to_screen({v.center.x, v.center.y + 100}).y < mid.y);
    // Zoom 16: 2.39 Mercator metres per pixel.
    CHECK(v.metres_per_pixel() == doctest::Approx(2.388657).epsilon(1e-5));
    const geo::BBox b = v.visible();
    CHECK(b.max_x - b.min_x == doctest::Approx(1000 * v.metres_per_pixel()));
    CHECK(b.max_y - b.min_y == doctest::Approx(1200 * v.metres_per_pixel()));
}

TEST_CASE("map view: zoom about a point keeps that point under the finger, pan follows the finger") {
    MapView v = anor_view();
    const Vec2 finger{200, 450};
    const geo::Point under = v.to_map(finger);
    v.zoom_about(finger, 17.5);
    CHECK(v.zoom == doctest::Approx(17.5));
    const Vec2 after = v.to_screen(under);
    CHECK(after.x == doctest::Approx(finger.x).epsilon(1e-4));
    CHECK(after.y == doctest::Approx(finger.y).epsilon(1e-4));
    v.zoom_about(finger, 40);  // clamped
    CHECK(v.zoom == doctest::Approx(v.max_zoom));
    const geo::Point p = v.to_map({500, 800});
    v.pan_pixels(30, -20);
    const Vec2 moved = v.to_screen(p);
    CHECK(moved.x == doctest::Approx(530).epsilon(1e-4));
    CHECK(moved.y == doctest::Approx(780).epsilon(1e-4));
}

TEST_CASE("map view: a pinch from 200 to 400 pixels zooms in one level about the fingers' midpoint") {
    MapView v = anor_view();
    const Vec2 mid{540, 900};
    const geo::Point under = v.to_map(mid);
    v.pinch({440, 900}, {640, 900}, {340, 900}, {740, 900});
    CHECK(v.zoom == doctest::Approx(17));
    const Vec2 s = v.to_screen(under);
    CHECK(s.x == doctest::Approx(540).epsilon(1e-4));
    CHECK(s.y == doctest::Approx(900).epsilon(1e-4));
    // Fingers moving together pan the map with them.
    const geo::Point q = v.to_map({400, 600});
    v.pinch({300, 600}, {500, 600}, {350, 650}, {550, 650});
    const Vec2 qs = v.to_screen(q);
    CHECK(qs.x == doctest::Approx(450).epsilon(1e-4));
    CHECK(qs.y == doctest::Approx(650).epsilon(1e-4));
}

TEST_CASE("map view: fit shows a box whole, clamp keeps the centre inside an area") {
    MapView v = anor_view();
    geo::BBox box;
    box.extend(geo::to_mercator({4.05, 49.95}));
    box.extend(geo::to_mercator({4.15, 50.02}));
    v.fit(box, 20);
    const geo::BBox vis = v.visible();
    CHECK(vis.min_x <= box.min_x);
    CHECK(vis.max_x >= box.max_x);
    CHECK(vis.min_y <= box.min_y);
    CHECK(vis.max_y >= box.max_y);
    v.center = {box.max_x + 5000, box.min_y - 5000};
    v.clamp_center(box);
    CHECK(v.center.x == box.max_x);
    CHECK(v.center.y == box.min_y);
}

TEST_CASE("map inertia: a fling glides, slows down exponentially and stops") {
    MapView v = anor_view();
    Inertia in;
    for (int i = 0; i < 10; ++i) in.track(20, 0, 1.0f / 60);  // 1200 px/s
    CHECK(in.vx == doctest::Approx(1200).epsilon(0.01));
    const geo::Point before = v.center;
    REQUIRE(in.step(v, 1.0f / 60));
    CHECK(v.center.x < before.x);  // the map moved right: the centre went west
    const float v1 = in.vx;
    in.step(v, 0.1f);
    CHECK(in.vx == doctest::Approx(v1 * std::exp(-Inertia::kDecay * 0.1f)));
    int frames = 0;
    while (in.step(v, 1.0f / 60) && frames < 10000) ++frames;
    CHECK(frames < 200);  // about 1.7 s from 1200 px/s down to 20 px/s
    CHECK_FALSE(in.moving());
    CHECK_FALSE(in.step(v, 1.0f / 60));
}

TEST_CASE("map scale bar: the longest round length that fits") {
    ScaleBar s = scale_bar(1.5, 260);  // 390 m fit
    CHECK(s.metres == 200);
    CHECK(s.pixels == doctest::Approx(133.33).epsilon(1e-3));
    CHECK(s.label == "200\xC2\xA0m");
    CHECK(scale_bar(10, 260).label == "2\xC2\xA0km");
    CHECK(scale_bar(0.1, 260).label == "20\xC2\xA0m");
    CHECK(scale_bar(0, 260).pixels == 0);
}

TEST_CASE("map labels: greedy placement refuses overlapping rectangles") {
    LabelPlacer p(64);
    CHECK(p.place({0, 0, 100, 30}));
    CHECK_FALSE(p.place({50, 10, 150, 40}));   // overlaps the first
    CHECK(p.place({100, 0, 200, 30}));         // touching edges do not overlap
    CHECK(p.place({0, 30, 100, 60}));
    CHECK_FALSE(p.place({190, 25, 300, 50}));  // corner overlap, across grid cells
    p.block({500, 500, 700, 700});
    CHECK_FALSE(p.place({600, 600, 620, 620}));  // inside a reserved area (a button)
    CHECK(p.placed() == 4);
    p.clear();
    CHECK(p.place({50, 10, 150, 40}));
    // Many labels: every accepted pair is disjoint.
    LabelPlacer q(50);
    std::vector<LabelBox> kept;
    for (int i = 0; i < 400; ++i) {
        const float x = static_cast<float>((i * 37) % 900), y = static_cast<float>((i * 53) % 700);
        LabelBox b{x, y, x + 80, y + 24};
        if (q.place(b)) kept.push_back(b);
    }
    CHECK(kept.size() > 20);
    for (std::size_t i = 0; i < kept.size(); ++i)
        for (std::size_t j = i + 1; j < kept.size(); ++j) CHECK_FALSE(kept[i].intersects(kept[j]));
}

TEST_CASE("map tile cache: least recently used tiles go first, under the byte cap") {
    TileCache c(4 * 256 * 1024);  // four 256×256 RGBA tiles
    const std::size_t tile = 256 * 256 * 4;
    auto key = [](std::uint32_t x) { return tile_key(0, geo::TileId{x, 7, 15}); };
    for (std::uint32_t x = 0; x < 4; ++x) c.put(key(x), platform::Texture{}, tile);
    CHECK(c.size() == 4);
    CHECK(c.bytes() == 4 * tile);
    CHECK(c.find(key(0)) != nullptr);  // 0 drawn again: 1 is now the oldest
    c.put(key(4), platform::Texture{}, tile);
    CHECK(c.size() == 4);
    CHECK(c.bytes() <= c.cap());
    CHECK(c.contains(key(0)));
    CHECK_FALSE(c.contains(key(1)));
    CHECK(c.contains(key(4)));
    CHECK(c.evictions() == 1);
    c.put(key(9), platform::Texture{}, 3 * tile);  // a big one pushes out two more
    CHECK(c.bytes() <= c.cap());
    CHECK(c.contains(key(9)));
    CHECK_FALSE(c.contains(key(2)));
    // Keys of different layers and zooms never collide.
    CHECK(tile_key(0, {1, 2, 3}) != tile_key(1, {1, 2, 3}));
    CHECK(tile_key(0, {1, 2, 3}) != tile_key(0, {1, 2, 4}));
    CHECK(tile_key(0, {(1u << 20) - 1, 5, 20}) != tile_key(0, {5, (1u << 20) - 1, 20}));
}

TEST_CASE("map shapes: a concave ring's area and inside") {
    // An L shape, clockwise (its triangles: tests/geo/triangulate_test.cpp).
    std::vector<geo::Point> l = {{0, 0}, {0, 20}, {10, 20}, {10, 10}, {20, 10}, {20, 0}};
    CHECK(std::fabs(signed_area(l.data(), l.size())) == doctest::Approx(300));
    CHECK(point_in_ring(l.data(), l.size(), {5, 15}));
    CHECK_FALSE(point_in_ring(l.data(), l.size(), {15, 15}));
}

TEST_CASE("map zone classes follow the CNIG zone types") {
    CHECK(zone_class("U") == 0);
    CHECK(zone_class("Ub") == 0);
    CHECK(zone_class("AUc") == 1);
    CHECK(zone_class("1AU") == 1);
    CHECK(zone_class("A") == 2);
    CHECK(zone_class("Nh") == 3);
    CHECK(zone_class("X") == -1);
    CHECK(zone_class("") == -1);
}

TEST_CASE("map card wording: French numbers with a narrow no-break space, parcel reference") {
    CHECK(french_integer("1234") == "1\xE2\x80\xAF" "234");
    CHECK(french_integer("0987") == "987");
    CHECK(french_integer("1234567") == "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567");
    CHECK(french_integer("12a") == "12a");
    CHECK(area_label("15230") == "15\xE2\x80\xAF" "230\xC2\xA0m\xC2\xB2");
    CHECK(area_label("") == "");
    CHECK(parcel_title("0A", "0037") == "Section A n\xC2\xB0\xC2\xA0" "37");
    CHECK(parcel_title("AB", "123") == "Section AB n\xC2\xB0\xC2\xA0" "123");
}

TEST_CASE("map labels near the edge: a zone's code moves in whole, a parcel number is left out, never cut") {
    const LabelBox canvas{0, 100, 1000, 900};
    // Inside: unchanged, whether it may move or not.
    const auto in = fit_inside({10, 110, 60, 140}, canvas, false);
    REQUIRE(in);
    CHECK(in->x0 == 10);
    CHECK(in->y1 == 140);
    // Over the left and bottom edges: a zone's code is moved in by the least distance.
    const auto moved = fit_inside({-20, 880, 40, 910}, canvas, true);
    REQUIRE(moved);
    CHECK(moved->x0 == 0);
    CHECK(moved->x1 == 60);
    CHECK(moved->y0 == 870);
    CHECK(moved->y1 == 900);
    const auto right = fit_inside({980, 90, 1040, 120}, canvas, true);
    REQUIRE(right);
    CHECK(right->x1 == 1000);
    CHECK(right->y0 == 100);
    // A parcel number over an edge is not drawn (it would be cut, or off its parcel).
    CHECK_FALSE(fit_inside({-20, 880, 40, 910}, canvas, false));
    // Larger than the map: never.
    CHECK_FALSE(fit_inside({0, 100, 1200, 130}, canvas, true));
}

TEST_CASE("map view button: beside the legend when it fits, at the bottom right otherwise, never over it") {
    const LabelBox legend{16, 16, 380, 300};
    const Room beside{legend.x1 + 16, 16, 900}, bottom{400, 1400, 1000};
    // Short title: right-aligned beside the legend.
    const LabelBox a = place_button(400, 110, beside, bottom);
    CHECK(a.x1 == 900);
    CHECK(a.x0 == 500);
    CHECK(a.y0 == 16);
    CHECK(a.y1 == 126);
    CHECK_FALSE(a.intersects(legend));
    // Long title (« Lieu : Épinay-sur-Orge — cadastre réel »): bottom right, whole.
    const LabelBox b = place_button(560, 110, beside, bottom);
    CHECK(b.y0 == 1400);
    CHECK(b.x0 == 440);
    CHECK(b.x1 == 1000);
    CHECK_FALSE(b.intersects(legend));
    // Wider than the room: as wide as the room (its text clipped), still not over the legend.
    const LabelBox c = place_button(2000, 110, beside, bottom);
    CHECK(c.x0 == 400);
    CHECK(c.x1 == 1000);
    CHECK_FALSE(c.intersects(legend));
}

TEST_CASE("map card: a long address is cut into lines that fit, after a slash or a dot when it can") {
    const auto width = [](std::string_view s) { return static_cast<float>(s.size()) * 10.0f; };  // 10 px a byte
    CHECK(break_long_text("http://a.fr/x.pdf", 500, width) == "http://a.fr/x.pdf");
    CHECK(break_long_text("http://piece-jointe.fr/DEPT041A/DU/41175_Pezou_PLU.pdf", 200, width) ==
          "http://piece-jointe.\nfr/DEPT041A/DU/\n41175_Pezou_PLU.pdf");
    CHECK(break_long_text("abcdefghij", 40, width) == "abcd\nefgh\nij");  // no break point: cut where it fits
    CHECK(break_long_text("a\xC3\xA9\xC3\xA9\xC3\xA9", 30, width) == "a\xC3\xA9\n\xC3\xA9\n\xC3\xA9");  // whole UTF-8 characters
    CHECK(break_long_text("abc", 5, width) == "a\nb\nc");  // narrower than one character: one a line
    CHECK(break_long_text("", 100, width).empty());
}
