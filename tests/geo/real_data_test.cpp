// The engine on the real Épinay-sur-Orge parcels (4,241, Etalab) and the
// Pezou zoning plan: import, areas, simplification, index and taps.
#include "geo/layer.hpp"
#include "geo/parcel_search.hpp"
#include "geo/polygon.hpp"
#include "geo/projection.hpp"
#include "geo/simplify.hpp"
#include "geo_fixtures.hpp"
#include "importers.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <set>

using namespace guichet;
using namespace guichet::geo;

// One test case (one process under CTest) so the 2.2 MB file is read once.
TEST_CASE("Épinay parcels: areas, stored levels, packed index, taps and references") {
    auto features = geo_import::read_polygon_features(test::map_sample(test::kEpinayParcels));
    REQUIRE(features.ok());
    REQUIRE(features->size() == 4241);
    std::size_t holes = 0, close_area = 0, with_contenance = 0;
    for (const auto& f : *features) {
        holes += f.lonlat.polygons[0].rings.size() > 1;
        // Contenance is the land-registry area, sometimes older than the drawing.
        if (std::string text = geo_import::property_text(f.properties, "contenance"); !text.empty()) {
            ++with_contenance;
            double contenance = std::stod(text), area = geodesic_area(f.lonlat);
            if (std::abs(area - contenance) <= 0.05 * contenance + 5) ++close_area;
        }
    }
    CHECK(holes == 30);
    CHECK(with_contenance > 4000);
    CHECK(close_area > with_contenance * 95 / 100);

    geo_import::ImportOptions options{"epinay", "Épinay-sur-Orge", "Etalab", {}, false};
    auto imported = geo_import::parcels_layer(*features, test::kEpinayParcels, options);
    REQUIRE(imported.ok());
    const Bytes& bytes = imported->entries.at(0).data;
    auto layer = MapLayer::open(bytes);
    REQUIRE(layer.ok());
    REQUIRE(layer->feature_count() == 4241);
    CHECK(layer->attribute(0, "id") == "91216000AB0037");
    CHECK(layer->attribute(0, "contenance") == "254881");
    CHECK(layer->level_count() == 4);

    // Every simplified level keeps every ring valid, and never adds points.
    for (std::uint32_t f = 0; f < layer->feature_count(); ++f) {
        std::size_t previous_points = 0;
        for (std::size_t l = 0; l < layer->level_count(); ++l) {
            std::size_t points = 0;
            for (const auto& poly : layer->geometry(f, l).polygons)
                for (const auto& ring : poly.rings) {
                    REQUIRE_MESSAGE(!ring_problem(ring), layer->attribute(f, "id") << " at level " << l);
                    points += ring.size();
                }
            CHECK(points >= previous_points);
            previous_points = points;
        }
    }

    std::vector<MultiPolygon> shapes;
    std::vector<BBox> boxes;
    for (std::uint32_t f = 0; f < layer->feature_count(); ++f) {
        shapes.push_back(layer->geometry(f));
        boxes.push_back(bbox_of(shapes.back()));
    }
    test::Lcg rng;
    const BBox& all = layer->bounds();
    auto random_point = [&] {
        return Point{all.min_x + rng.next() * (all.max_x - all.min_x), all.min_y + rng.next() * (all.max_y - all.min_y)};
    };
    for (int q = 0; q < 200; ++q) {
        Point c = random_point();
        double half = 5 + rng.next() * 400;
        BBox area{c.x - half, c.y - half, c.x + half, c.y + half};
        auto found = layer->features_in(area);
        std::set<std::uint32_t> got(found.begin(), found.end()), expected;
        for (std::uint32_t f = 0; f < boxes.size(); ++f)
            if (boxes[f].intersects(area)) expected.insert(f);
        REQUIRE(got.size() == found.size());  // each feature once
        REQUIRE(got == expected);
    }
    int hits = 0;
    for (int q = 0; q < 1000; ++q) {
        Point p = random_point();
        std::optional<std::uint32_t> expected;
        double smallest = 1e300;
        for (std::uint32_t f = 0; f < shapes.size(); ++f)
            if (boxes[f].contains(p) && contains(shapes[f], p) && planar_area(shapes[f]) < smallest)
                smallest = planar_area(shapes[f]), expected = f;
        REQUIRE(layer->feature_at(p) == expected);
        hits += expected.has_value();
    }
    CHECK(hits > 250);  // the commune fills much of its bounding box
    // Every stored point is within a centimetre of the original.
    const auto& original = (*features)[17].lonlat;
    Point first = to_mercator({original.polygons[0].rings[0][0].x, original.polygons[0].rings[0][0].y});
    Point stored = shapes[17].polygons[0].rings[0][0];
    CHECK(std::hypot(first.x - stored.x, first.y - stored.y) < 0.01);

    ParcelIndex parcels(*layer);
    for (const char* q : {"AB 37", "ab0037", "section AB n° 37", "AB-37"}) {
        auto found = parcels.find(q);
        REQUIRE_MESSAGE(found.size() == 1, q);
        CHECK(layer->attribute(found[0], "id") == "91216000AB0037");
    }
    CHECK(parcels.find("AB 9999").empty());
    CHECK(parcels.find("AB", 5).size() == 5);
    // Issue #14: a section alone lists its parcels by number, with their count (321 in section AE).
    CHECK(parcels.count("ae") == 321);
    CHECK(parcels.count("AE 17") == 1);
    CHECK(parcels.count("AE 9999") == 0);
    CHECK(parcels.count("rue") == 0);
    const auto section = parcels.find("ae", 1000);
    REQUIRE(section.size() == 321);
    long previous = 0;
    for (std::uint32_t f : section) {
        CHECK(layer->attribute(f, "section") == "AE");
        const long n = std::stol(std::string(layer->attribute(f, "numero")));
        CHECK(n >= previous);
        previous = n;
    }
    CHECK(layer->attribute(section[0], "numero") == "1");  // the file lists 482, 471, 356, 20, 17…
}

TEST_CASE("Pezou zoning: MultiPolygons with holes, rules pages, taps in holes") {
    geo_import::ImportOptions options{"plu-pezou", "PLU de Pezou", "IGNF", {}, true};
    auto missing = geo_import::import_zoning(test::map_sample(test::kPezouZoning), options);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("zone types without a rules page: A, AUc, AUs, N, Nh, U") != std::string::npos);

    options.rules = {{"U", "pages/u.md"}, {"AUc", "pages/au.md"}, {"AUs", "pages/au.md"}, {"A", "pages/a.md"},
                     {"N", "pages/n.md"}, {"Nh", "pages/n.md"}, {"UJ", "pages/jardins.md"}};
    auto imported = geo_import::import_zoning(test::map_sample(test::kPezouZoning), options);
    REQUIRE(imported.ok());
    auto layer = MapLayer::open(imported->entries.at(0).data);
    REQUIRE(layer.ok());
    CHECK(layer->feature_count() == 118);
    std::size_t multi = 0, holed = 0;
    for (std::uint32_t f = 0; f < layer->feature_count(); ++f) {
        auto shape = layer->geometry(f);
        multi += shape.polygons.size() > 1;
        holed += std::any_of(shape.polygons.begin(), shape.polygons.end(), [](const Polygon& p) { return p.rings.size() > 1; });
        // A label overrides its type: UJ (gardens) has its own page.
        if (layer->attribute(f, "libelle") == "UJ") CHECK(layer->attribute(f, "page") == "pages/jardins.md");
        if (layer->attribute(f, "libelle") == "UB") CHECK(layer->attribute(f, "page") == "pages/u.md");
    }
    CHECK(multi == 7);
    CHECK(holed >= 9);
    // A point inside a hole of a zone is not in that zone but in the zone that fills the hole, if any.
    for (std::uint32_t f = 0; f < layer->feature_count(); ++f) {
        auto shape = layer->geometry(f);
        for (const auto& poly : shape.polygons)
            for (std::size_t r = 1; r < poly.rings.size(); ++r) {
                Point inside_hole = bbox_of(poly.rings[r]).center();
                if (!contains(Polygon{{poly.rings[r]}}, inside_hole)) continue;  // concave hole: skip
                auto hit = layer->feature_at(inside_hole);
                CHECK(hit != std::optional<std::uint32_t>(f));
            }
    }
}
