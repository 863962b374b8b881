// CNIG zone_urba attributes in either case (issue #14): the Géoportail de
// l'Urbanisme's shapefiles and their GeoJSON exports write LIBELLE, TYPEZONE…
// in upper case, the IGNF validator's files in lower case.
#include "geo/layer.hpp"
#include "importers.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;

namespace {

std::string fixture(const char* name) { return std::string(GUICHET_SOURCE_DIR) + "/tests/geo/data/" + name; }

geo_import::ImportOptions zoning_options() {
    geo_import::ImportOptions o{"plu", "PLU", "IGNF", {}, false};
    o.rules = {{"U", "pages/plu.md"}};
    return o;
}

}  // namespace

TEST_CASE("Zoning attributes in upper case (LIBELLE, TYPEZONE…) import as those in lower case") {
    auto lower = geo_import::import_zoning(fixture("zone_urba-41175-minuscules.geojson"), zoning_options());
    auto upper = geo_import::import_zoning(fixture("zone_urba-41175-majuscules.geojson"), zoning_options());
    REQUIRE_MESSAGE(lower.ok(), lower.error().message);
    REQUIRE_MESSAGE(upper.ok(), upper.error().message);
    // The same layer, byte for byte: the fields keep their lower-case names (docs/map-format.md § 2).
    CHECK(upper->entries.at(0).data == lower->entries.at(0).data);
    auto layer = geo::MapLayer::open(upper->entries.at(0).data);
    REQUIRE(layer.ok());
    REQUIRE(layer->feature_count() == 3);
    CHECK(layer->attribute(1, "libelle") == "UJ");
    CHECK(layer->attribute(1, "typezone") == "U");
    CHECK(layer->attribute(1, "libelong") == "Zone urbanisée dédiée aux jardins");
    CHECK(layer->attribute(1, "urlfic") == "http://piece-jointe-carto.developpement-durable.gouv.fr/DEPT041A/DU/41175_Pezou_PLU.pdf");
    CHECK(layer->attribute(1, "page") == "pages/plu.md");  // the rules found by TYPEZONE
    CHECK(layer->attribute(2, "libelle") == "1AUa");
    CHECK(layer->attribute(2, "datvalid").empty());  // null
}

TEST_CASE("A zone without TYPEZONE is refused: the message names the attribute and lists those found") {
    auto r = geo_import::import_zoning(fixture("zone_urba-sans-typezone.geojson"), zoning_options());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.ends_with(
        "zone_urba-sans-typezone.geojson: feature 2: a zone needs 'typezone' (CNIG zone_urba, lower or upper case), absent here; "
        "its properties: DATAPPRO, DATVALID, DESTDOMI, INSEE, LIBELLE, LIBELONG, NOMFIC, URLFIC"));

    test::TempDir dir;
    test::write_all(dir / "vide.geojson",
                    as_bytes(R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"z1","properties":{"libelle":null,"typezone":"U"},)"
                             R"("geometry":{"type":"Polygon","coordinates":[[[1,47],[1.1,47],[1.1,47.1],[1,47]]]}}]})"));
    auto empty = geo_import::import_zoning((dir / "vide.geojson").string(), zoning_options());
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message.ends_with(
        "vide.geojson: feature 1 (id z1): a zone needs 'libelle' (CNIG zone_urba, lower or upper case), empty here; its properties: libelle, typezone"));
}

TEST_CASE("Property look-up: the exact name first, then one differing only in case") {
    const auto props = nlohmann::json::parse(R"({"Libelle":"A","libelle":"B","TYPEZONE":"N","n":3})");
    CHECK(geo_import::property_text(props, "libelle") == "B");
    CHECK(geo_import::property_text(props, "typezone") == "N");
    CHECK(geo_import::property_text(props, "N") == "3");
    CHECK(geo_import::find_property(props, "urlfic") == nullptr);
    CHECK(geo_import::property_names(nlohmann::json::object()) == "none");
}
