// The layer format: a small layer written and read back, and every kind of
// damage refused cleanly (the reader runs on pack bytes).
#include "geo/layer.hpp"
#include "geo/rtree.hpp"
#include "geo_fixtures.hpp"
#include "layer_writer.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::geo;
using test::square;

namespace {

Bytes small_layer() {
    geo_import::LayerContent c;
    c.fields = {"id", "section"};
    c.values = {{"P1", "AB"}, {"P2", "AB"}, {"BIG", "ZZ"}};
    c.shapes = {MultiPolygon{{Polygon{{square(1000, 1000, 1010, 1010)}}}},
                MultiPolygon{{Polygon{{square(1010, 1000, 1020, 1010)}}}},
                MultiPolygon{{Polygon{{square(900, 900, 1100, 1100), square(1000, 1000, 1020, 1010)}}}}};
    c.level_zooms = {14, 18};
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    return *bytes;
}

}  // namespace

TEST_CASE("A written layer reads back: attributes, levels, taps") {
    Bytes bytes = small_layer();
    auto layer = MapLayer::open(bytes);
    REQUIRE(layer.ok());
    CHECK(layer->feature_count() == 3);
    CHECK(layer->fields() == std::vector<std::string>{"id", "section"});
    CHECK(layer->attribute(1, "id") == "P2");
    CHECK(layer->attribute(1, "nope").empty());
    CHECK(layer->level_for_zoom(3) == 0);
    CHECK(layer->level_for_zoom(15.5) == 0);
    CHECK(layer->level_for_zoom(18) == 1);
    CHECK(layer->geometry(0).polygons[0].rings[0] == square(1000, 1000, 1010, 1010));
    CHECK(layer->feature_at({1005, 1005}) == std::optional<std::uint32_t>(0));  // in P1 (and in BIG's hole)
    CHECK(layer->feature_at({1015, 1005}) == std::optional<std::uint32_t>(1));
    CHECK(layer->feature_at({950, 950}) == std::optional<std::uint32_t>(2));
    CHECK_FALSE(layer->feature_at({2000, 2000}));
    CHECK(layer->feature_at({1101, 1000}, 2.0) == std::optional<std::uint32_t>(2));  // near BIG's edge
}

TEST_CASE("Every truncation and every damaged byte is refused or harmless") {
    Bytes bytes = small_layer();
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto r = MapLayer::open(ByteView(bytes).first(n));
        REQUIRE_MESSAGE(!r.ok(), "truncated to " << n);
    }
    // Damage every byte in turn; whatever open() accepts must be usable
    // (under the sanitizers, any read outside the layer fails the test).
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        Bytes copy = bytes;
        copy[i] ^= 0xFF;
        auto r = MapLayer::open(copy);
        if (!r.ok()) continue;
        for (std::uint32_t f = 0; f < r->feature_count(); ++f) {
            for (std::size_t k = 0; k < r->fields().size(); ++k) (void)r->attribute(f, k);
            for (std::size_t l = 0; l < r->level_count(); ++l) (void)r->geometry(f, l);
        }
        (void)r->feature_at({1005, 1005}, 3);
    }
    bytes[8] = 3;
    CHECK(MapLayer::open(bytes).error().message == "map layer: unsupported format version 3 (this reader supports versions 1 and 2)");
    bytes[8] = 0;
    CHECK(MapLayer::open(bytes).error().message == "map layer: unsupported format version 0 (this reader supports versions 1 and 2)");
    bytes[8] = 2;  // a version 2 reader reads a polygon layer marked version 2 as well
    CHECK(MapLayer::open(bytes).ok());
}

TEST_CASE("The packed R-tree: empty, single and damaged indexes") {
    auto empty = build_rtree({});
    auto e = RTreeView::open(empty);
    REQUIRE(e.ok());
    CHECK(e->search(BBox{-1e9, -1e9, 1e9, 1e9}).empty());
    auto one = build_rtree({BBox{0, 0, 1, 1}});
    REQUIRE(RTreeView::open(one).ok());
    CHECK(RTreeView::open(one)->search(BBox{0.5, 0.5, 2, 2}) == std::vector<std::uint32_t>{0});
    std::vector<BBox> boxes;
    for (int i = 0; i < 300; ++i) boxes.push_back({double(i), 0, double(i) + 0.5, 1});
    Bytes tree = build_rtree(boxes);
    for (std::size_t i = 0; i < tree.size(); i += 7) {
        Bytes copy = tree;
        copy[i] ^= 0x5A;
        if (auto r = RTreeView::open(copy); r.ok()) (void)r->search(BBox{10, 0, 20, 1});  // must stay in bounds
    }
    Bytes wrong_ref = tree;
    wrong_ref[wrong_ref.size() - 4] ^= 1;  // the root's child pointer
    CHECK_FALSE(RTreeView::open(wrong_ref).ok());
}
