// The vector layers' tile cache maths (ui/map/vector_tiles.hpp, issue #6):
// which tiles cover a view, tile ↔ world ↔ screen with the y flip, the world
// origin snapped to whole pixels, the pass signature, LRU eviction order.
#include "ui/map/vector_tiles.hpp"
#include "ui/map/view.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace guichet;
using namespace guichet::ui::map;

TEST_CASE("vector tiles: the world origin lands on a whole pixel, as near as possible to the view's") {
    MapView v;
    v.set_viewport(0.0f, 317.25f, 1080, 1060);
    v.zoom = 17.3;
    v.center = {466'123.456, 6'490'987.654};
    const PixelGrid g = PixelGrid::of(v);
    CHECK(g.mpp == v.metres_per_pixel());
    CHECK(g.ox == std::round(g.ox));
    CHECK(g.oy == std::round(g.oy));
    // Snapping moves the picture by at most half a pixel from MapView::to_screen.
    for (geo::Point p : {v.center, geo::Point{466'000.0, 6'491'100.0}, geo::Point{466'321.5, 6'490'800.25}}) {
        const ScreenPoint s = g.to_screen(p);
        const Vec2 exact = v.to_screen(p);
        CHECK(std::abs(s.x - exact.x) <= 0.5 + 1e-3);
        CHECK(std::abs(s.y - exact.y) <= 0.5 + 1e-3);
        const geo::Point back = g.to_world(s);  // and back
        CHECK(back.x == doctest::Approx(p.x).epsilon(1e-12));
        CHECK(back.y == doctest::Approx(p.y).epsilon(1e-12));
    }
    // A pan by whole pixels moves the origin by exactly as many pixels.
    MapView w = v;
    w.pan_pixels(37, -12);
    const PixelGrid h = PixelGrid::of(w);
    CHECK(h.ox - g.ox == 37);
    CHECK(h.oy - g.oy == -12);
}

TEST_CASE("vector tiles: tile corners in the world and on screen, y down on screen and up in Mercator") {
    PixelGrid g;
    g.mpp = 0.5;
    g.ox = 100;
    g.oy = -40;
    const TileIndex t{3, -2};
    const geo::BBox b = g.tile_bounds(t);
    CHECK(b.min_x == 3 * 256 * 0.5);
    CHECK(b.max_x == 4 * 256 * 0.5);
    CHECK(b.max_y == 2 * 256 * 0.5);  // row j = −2 is above the equator: y > 0
    CHECK(b.min_y == 1 * 256 * 0.5);
    const ScreenPoint o = g.tile_origin(t);
    CHECK(o.x == 3 * 256 + 100);
    CHECK(o.y == -2 * 256 - 40);
    // The tile's top-left corner on screen is its box's (min x, MAX y) corner.
    const ScreenPoint tl = g.to_screen({b.min_x, b.max_y});
    CHECK(tl.x == o.x);
    CHECK(tl.y == o.y);
    const ScreenPoint br = g.to_screen({b.max_x, b.min_y});
    CHECK(br.x == o.x + 256);
    CHECK(br.y == o.y + 256);
    // Pixels just inside each edge belong to the tile, those on the far edge to the next.
    CHECK(g.tile_at(o) == t);
    CHECK(g.tile_at({o.x + 255.5, o.y + 255.5}) == t);
    CHECK(g.tile_at({o.x + 256, o.y}) == TileIndex{4, -2});
    CHECK(g.tile_at({o.x, o.y + 256}) == TileIndex{3, -1});
    CHECK(g.tile_at({o.x - 0.5, o.y - 0.5}) == TileIndex{2, -3});
    // A mesh's offset inside the tile is its screen offset less the tile's corner.
    const geo::Point origin{200.0, 70.0};
    const ScreenPoint s = g.mesh_offset(origin), in = g.mesh_offset_in_tile(origin, t);
    CHECK(in.x == s.x - o.x);
    CHECK(in.y == s.y - o.y);
    CHECK(s.x == 200 / 0.5 + 100);
    CHECK(s.y == -70 / 0.5 - 40);
}

TEST_CASE("vector tiles: the tiles covering a rectangle, row by row, with a ring") {
    PixelGrid g;
    g.mpp = 1;
    g.ox = 10;  // tile i starts at x = 256 i + 10
    g.oy = 0;
    // [10, 522) × [0, 256): exactly tiles 0 and 1 of row 0.
    auto t = tiles_covering(g, 10, 0, 522, 256);
    REQUIRE(t.size() == 2);
    CHECK(t[0] == TileIndex{0, 0});
    CHECK(t[1] == TileIndex{1, 0});
    // One pixel more on the right and below: a third column and a second row.
    t = tiles_covering(g, 10, 0, 523, 257);
    REQUIRE(t.size() == 6);
    CHECK(t[2] == TileIndex{2, 0});
    CHECK(t[3] == TileIndex{0, 1});
    // One pixel less on the left: column −1.
    t = tiles_covering(g, 9, 0, 522, 256);
    REQUIRE(t.size() == 3);
    CHECK(t[0] == TileIndex{-1, 0});
    // A 1080 × 1060 map never needs more than 6 × 6 tiles.
    for (double x : {0.0, 17.5, 200.0}) CHECK(tiles_covering(g, x, 317, x + 1080, 317 + 1060).size() <= 36);
    // The ring: one tile more on every side.
    t = tiles_covering(g, 10, 0, 522, 256, 1);
    CHECK(t.size() == 4 * 3);
    CHECK(t.front() == TileIndex{-1, -1});
    CHECK(t.back() == TileIndex{2, 1});
    CHECK(tiles_covering(g, 10, 0, 10, 256).empty());
}

TEST_CASE("vector tiles: the signature changes with the scale, any draw, its order, the clip size, the ground, the raster") {
    PassSignature a;
    a.mpp = 1.19;
    a.clip_w = 1080;
    a.clip_h = 1060;
    PassDrawKey fill{0x1000, false, 0, {}}, line{0x1000, true, 2, {}};
    fill.colors[3] = 0.3f;
    line.colors[3] = 0.9f;
    a.draws = {fill, line};
    PassSignature b = a;
    CHECK(a == b);
    b.mpp = 1.19 * (1 + 1e-12);  // a zoom animation moves it by tiny steps
    CHECK_FALSE(a == b);
    b = a;
    b.draws[1].colors[3] = 0.8f;  // parcels fade with the zoom, high contrast
    CHECK_FALSE(a == b);
    b = a;
    b.draws[1].line_width = 3;
    CHECK_FALSE(a == b);
    b = a;
    std::swap(b.draws[0], b.draws[1]);
    CHECK_FALSE(a == b);
    b = a;
    b.draws.pop_back();  // a layer toggled off
    CHECK_FALSE(a == b);
    b = a;
    b.draws[0].mesh = 0x2000;  // another level or another view's mesh
    CHECK_FALSE(a == b);
    b = a;
    b.clip_h = 900;
    CHECK_FALSE(a == b);
    b = a;
    b.ground = {0, 0, 0, 1};  // high contrast's black ground
    CHECK_FALSE(a == b);
    b = a;
    b.picture_layers = 1;  // the raster background turned on
    CHECK_FALSE(a == b);
}

TEST_CASE("vector tiles: the LRU hands out free slots first, then evicts the least recently used") {
    TileLru lru(3);
    const TileIndex a{0, 0}, b{1, 0}, c{2, 0}, d{3, 0}, e{4, 0};
    CHECK(lru.acquire(a).slot == 0);
    CHECK(lru.acquire(b).slot == 1);
    const TileLru::Acquired ac = lru.acquire(c);
    CHECK(ac.slot == 2);
    CHECK_FALSE(ac.evicted.has_value());
    CHECK(lru.find(a) == std::optional<std::size_t>(0));  // a is now the most recently used
    CHECK(lru.order() == std::vector<TileIndex>{b, c, a});
    const TileLru::Acquired ad = lru.acquire(d);  // b goes, its slot is reused
    REQUIRE(ad.evicted.has_value());
    CHECK(*ad.evicted == b);
    CHECK(ad.slot == 1);
    CHECK_FALSE(lru.contains(b));
    CHECK_FALSE(lru.find(b).has_value());
    const TileLru::Acquired ae = lru.acquire(e);  // then c
    CHECK(*ae.evicted == c);
    CHECK(ae.slot == 2);
    CHECK(lru.order() == std::vector<TileIndex>{a, d, e});
    CHECK(lru.size() == 3);
    lru.clear();
    CHECK(lru.size() == 0);
    CHECK(lru.acquire(e).slot == 0);  // slots from the start again (the textures are reused)
}

TEST_CASE("vector tiles: the ring is rendered ahead of the pan first") {
    PixelGrid g;
    g.mpp = 1;
    g.ox = 0;
    g.oy = 0;
    // A view of one tile, (0, 0), and its ring.
    std::vector<TileIndex> ring = tiles_covering(g, 0, 0, 256, 256, 1);
    REQUIRE(ring.size() == 9);
    // The map moves right (the finger drags right): new content comes from the left.
    order_ahead(ring, g, {128, 128}, 40, 0);
    for (int k = 0; k < 3; ++k) CHECK(ring[static_cast<std::size_t>(k)].i == -1);
    for (int k = 6; k < 9; ++k) CHECK(ring[static_cast<std::size_t>(k)].i == 1);
    // The map moves up: new content comes from below.
    order_ahead(ring, g, {128, 128}, 0, -40);
    for (int k = 0; k < 3; ++k) CHECK(ring[static_cast<std::size_t>(k)].j == 1);
    for (int k = 6; k < 9; ++k) CHECK(ring[static_cast<std::size_t>(k)].j == -1);
    // Diagonally: the corner first.
    order_ahead(ring, g, {128, 128}, -10, -10);
    CHECK(ring.front() == TileIndex{1, 1});
    CHECK(ring.back() == TileIndex{-1, -1});
}
