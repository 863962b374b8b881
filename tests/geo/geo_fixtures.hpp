// Real open-data samples shipped with the Anor pack (content_packs/anor/data/maps,
// attribution in its README), and small helpers shared by the map tests.
#pragma once

#include "geo/polygon.hpp"
#include "geojson_import.hpp"
#include "layer_writer.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <string>

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

// A layer written by the importers' writer, as the bytes of a pack entry.
inline std::string layer_text(const geo_import::LayerContent& c) {
    auto bytes = geo_import::write_layer(c);
    REQUIRE(bytes.ok());
    return std::string(as_chars(*bytes));
}

}  // namespace guichet::test
