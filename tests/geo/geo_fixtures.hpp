// Real open-data samples shipped with the Anor pack (content_packs/anor/data/maps,
// attribution in its README), and small helpers shared by the map tests.
#pragma once

#include "geo/polygon.hpp"
#include "geojson_import.hpp"
#include "layer_writer.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace guichet::test {

inline std::string map_sample(const std::string& name) {
    return std::string(GUICHET_SOURCE_DIR) + "/content_packs/anor/data/maps/" + name;
}

inline const std::string kEpinayParcels = "cadastre-91216-parcelles.json";
inline const std::string kPezouZoning = "plu-41175-pezou-zone_urba.geojson";
inline const std::string kBanSample = "ban-adresses-01002-extrait-6-lignes.csv";
inline const std::string kWorldTiles = "plain_1-world-z0-4.mbtiles";

// A deterministic pseudo-random sequence (tests must not depend on a seed source).
struct Lcg {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    double next() {  // [0, 1)
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    }
};

// A closed axis-aligned square ring.
inline geo::Ring square(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

// A square ring without its closing point (the ear clipper's input),
// counter-clockwise or clockwise.
inline std::vector<geo::Point> open_square(double x0, double y0, double x1, double y1, bool ccw = true) {
    std::vector<geo::Point> r{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    if (!ccw) std::reverse(r.begin(), r.end());
    return r;
}

// Whether P lies inside (or on the edge of) one of the triangles TRI (index triples into PTS).
inline bool covered(const std::vector<geo::Point>& pts, const std::vector<std::uint32_t>& tri, geo::Point p) {
    for (std::size_t k = 0; k + 2 < tri.size(); k += 3) {
        const geo::Point a = pts[tri[k]], b = pts[tri[k + 1]], c = pts[tri[k + 2]];
        const double d1 = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        const double d2 = (c.x - b.x) * (p.y - b.y) - (c.y - b.y) * (p.x - b.x);
        const double d3 = (a.x - c.x) * (p.y - c.y) - (a.y - c.y) * (p.x - c.x);
        if ((d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0)) return true;
    }
    return false;
}

// A layer written by the importers' writer, as the bytes of a pack entry.
inline std::string layer_text(const geo_import::LayerContent& c) {
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    return std::string(as_chars(*bytes));
}

}  // namespace guichet::test
