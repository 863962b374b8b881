// guichet-pack import-map: help, success on a real file, clear failures.
#include "geo_fixtures.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

int tool(const std::string& args, std::string* out) {
    return test::run_command(std::string(GUICHET_PACK_TOOL) + " " + args + " 2>&1", out);
}

}  // namespace

TEST_CASE("guichet-pack import-map imports the real Pezou zoning, writes its entries and names broken features") {
    std::string out;
    CHECK(tool("import-map --help", &out) == 0);
    CHECK(out.find("Usage: guichet-pack import-map KIND FILE") != std::string::npos);
    CHECK(tool("import-map roads x.geojson", &out) == 2);
    CHECK(out.find("unknown map kind 'roads'") != std::string::npos);

    test::TempDir dir;
    REQUIRE_MESSAGE(tool("import-map zoning " + test::map_sample(test::kPezouZoning) + " --id plu -o " + dir.path().string(), &out) == 0, out);
    CHECK(out.find("zoning layer 'plu', 1 entry") != std::string::npos);
    CHECK(out.find("\"features\": 118") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "maps/plu/layer.bin"));

    test::write_all(dir / "bad.geojson", as_bytes(R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"P9",)"
                                                  R"("properties":{"section":"A","numero":"9"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]})"));
    CHECK(tool("import-map parcels " + (dir / "bad.geojson").string(), &out) == 1);
    CHECK(out.find("bad.geojson: feature 1 (id P9): ring 1 (outer): has 3 points") != std::string::npos);
}
