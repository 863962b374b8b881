// The maps of a signed pack as the map screen reads them: the layer list,
// layers opened from their entries, raster tile paths and the parcel card.
#include "geo/map_catalog.hpp"
#include "geo_fixtures.hpp"
#include "layer_writer.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::geo;
using test::square;
using test::layer_text;

namespace {

}  // namespace

TEST_CASE("A pack's maps: layer list, opened layers, tile paths and the card under a tap") {
    Point o = to_mercator({4.1, 49.99});
    geo_import::LayerContent parcels;
    parcels.fields = {"id", "section", "numero", "contenance"};
    parcels.values = {{"59012000AB0037", "AB", "37", "812"}, {"59012000AB0038", "AB", "38", "640"}};
    parcels.shapes = {MultiPolygon{{Polygon{{square(o.x, o.y, o.x + 30, o.y + 30)}}}},
                      MultiPolygon{{Polygon{{square(o.x + 30, o.y, o.x + 60, o.y + 30)}}}}};
    geo_import::LayerContent zones;
    zones.fields = {"libelle", "libelong", "typezone", "urlfic", "page"};
    zones.values = {{"UA", "Zone urbaine du centre", "U", "https://example.fr/plu.pdf", "pages/plu.md"}};
    zones.shapes = {MultiPolygon{{Polygon{{square(o.x - 10, o.y - 10, o.x + 40, o.y + 40)}}}}};
    zones.level_zooms = {10, 16};
    std::string index = R"({"format":1,"layers":[)"
                        R"({"id":"cadastre","kind":"parcels","title":"Cadastre","attribution":"x","data":"maps/cadastre/layer.bin"},)"
                        R"({"id":"plu","kind":"zoning","title":"PLU","attribution":"x","data":"maps/plu/layer.bin"},)"
                        R"({"id":"photo","kind":"raster","title":"Photo","attribution":"x","min_zoom":0,"max_zoom":4,"tile_format":"jpg"}]})";
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "maps.gpk",
                     {{"maps/index.json", index}, {"maps/cadastre/layer.bin", layer_text(parcels)}, {"maps/plu/layer.bin", layer_text(zones)}}, key);
    auto pack = pack::PackReader::open(dir / "maps.gpk", test::ring_of(key));
    REQUIRE(pack.ok());
    auto maps = MapCatalog::load(*pack);
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);
    REQUIRE(maps->layers().size() == 3);
    CHECK(maps->layers()[2].kind == "raster");
    CHECK(maps->layer("cadastre")->feature_count() == 2);
    CHECK(maps->layer("photo") == nullptr);
    CHECK(maps->tile_path("photo", {3, 5, 4}) == std::optional<std::string>("maps/photo/tiles/4/3/5.jpg"));
    CHECK_FALSE(maps->tile_path("photo", {0, 0, 5}));

    auto card = maps->card_at({o.x + 35, o.y + 15});  // in parcel 38 and in zone UA
    REQUIRE(card);
    CHECK(card->id == "59012000AB0038");
    CHECK(card->section == "AB");
    CHECK(card->number == "38");
    CHECK(card->area_m2 == "640");
    CHECK(card->zone == "UA");
    CHECK(card->rules_page == "pages/plu.md");
    CHECK_FALSE(maps->card_at({o.x + 100, o.y + 100}));
    auto near = maps->card_at({o.x + 61, o.y + 15}, 2.0);  // just outside, within the tolerance
    REQUIRE(near);
    CHECK(near->number == "38");
    CHECK(near->zone.empty());  // no zone there
    CHECK_FALSE(near->zone_card);

    // Issue #14: on a zone where no parcel is, the zone's own card.
    auto zone = maps->card_at({o.x - 5, o.y - 5});
    REQUIRE(zone);
    CHECK(zone->zone_card);
    CHECK(zone->layer_id == "plu");
    CHECK(zone->feature == 0);
    CHECK(zone->zone == "UA");
    CHECK(zone->zone_title == "Zone urbaine du centre");
    CHECK(zone->zone_type == "U");
    CHECK(zone->zone_url == "https://example.fr/plu.pdf");
    CHECK(zone->rules_page == "pages/plu.md");
    CHECK(zone->section.empty());
    CHECK(zone->number.empty());
    CHECK(zone->area_m2.empty());
    CHECK(card->zone_type == "U");  // the parcel card has them too
    CHECK_FALSE(card->zone_card);
    // The cadastre hidden: a tap on a parcel opens its zone's card; the zoning hidden: no zone card.
    auto hidden = maps->card_at({o.x + 35, o.y + 15}, 0, nullptr, false);
    REQUIRE(hidden);
    CHECK(hidden->zone_card);
    CHECK(hidden->zone == "UA");
    CHECK_FALSE(maps->card_at({o.x - 5, o.y - 5}, 0, nullptr, true, false));
    CHECK_FALSE(maps->card_at({o.x + 35, o.y + 15}, 0, nullptr, false, false));
    auto parcel_only = maps->card_at({o.x + 35, o.y + 15}, 0, nullptr, true, false);
    REQUIRE(parcel_only);
    CHECK(parcel_only->number == "38");
}

TEST_CASE("A pack without maps has an empty catalog; a damaged layer is named") {
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "none.gpk", {{"pack.json", "{}"}}, key);
    auto none = pack::PackReader::open(dir / "none.gpk", test::ring_of(key));
    REQUIRE(none.ok());
    auto empty = MapCatalog::load(*none);
    REQUIRE(empty.ok());
    CHECK(empty->layers().empty());

    std::string index = R"({"format":1,"layers":[{"id":"c","kind":"parcels","data":"maps/c/layer.bin"}]})";
    test::build_pack(dir / "bad.gpk", {{"maps/index.json", index}, {"maps/c/layer.bin", "GUICHMAP but not a layer"}}, key);
    auto bad = pack::PackReader::open(dir / "bad.gpk", test::ring_of(key));
    REQUIRE(bad.ok());
    auto r = MapCatalog::load(*bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.starts_with("maps/c/layer.bin: map layer:"));
}

// Issue #14: a tap on a pipe opens its card — the network's title and the line's attributes as the layer has them.
TEST_CASE("A network line's card: its layer's title and attributes, before the parcel under it, only when lines are asked") {
    Point o = to_mercator({4.1, 49.99});
    geo_import::LayerContent parcels;
    parcels.fields = {"id", "section", "numero", "contenance"};
    parcels.values = {{"59012000AB0037", "AB", "37", "812"}};
    parcels.shapes = {MultiPolygon{{Polygon{{square(o.x, o.y, o.x + 30, o.y + 30)}}}}};
    geo_import::LayerContent pipes;
    pipes.kind = format::Kind::lines;
    pipes.fields = {"id", "nom", "nature", "diametre", "materiau"};
    pipes.values = {{"EAU-1", "", "distribution", "110", "PVC"}};
    pipes.lines = {MultiLine{{{{o.x + 15, o.y - 10}, {o.x + 15, o.y + 40}}}}};  // across the parcel
    pipes.level_zooms = {13, 17};
    const std::string index = R"({"format":1,"layers":[)"
                              R"({"id":"cadastre","kind":"parcels","title":"Cadastre","attribution":"x","data":"maps/cadastre/layer.bin"},)"
                              R"j({"id":"eau","kind":"water","title":"Réseau d’eau (exemple fictif)","attribution":"x","data":"maps/eau/layer.bin"}]})j";
    test::TempDir dir;
    auto key = crypto::SecretKey::generate();
    test::build_pack(dir / "maps.gpk",
                     {{"maps/index.json", index}, {"maps/cadastre/layer.bin", layer_text(parcels)}, {"maps/eau/layer.bin", layer_text(pipes)}},
                     key);
    auto pack = pack::PackReader::open(dir / "maps.gpk", test::ring_of(key));
    REQUIRE(pack.ok());
    auto maps = MapCatalog::load(*pack);
    REQUIRE_MESSAGE(maps.ok(), maps.error().message);

    auto pipe = maps->card_at({o.x + 16, o.y + 20}, 2.0, nullptr, true, true, true);  // 1 m from the pipe, in the parcel
    REQUIRE(pipe);
    CHECK(pipe->line_card);
    CHECK_FALSE(pipe->zone_card);
    CHECK(pipe->layer_id == "eau");
    CHECK(pipe->layer_title == "Réseau d’eau (exemple fictif)");
    const std::vector<std::pair<std::string, std::string>> attributes{
        {"id", "EAU-1"}, {"nature", "distribution"}, {"diametre", "110"}, {"materiau", "PVC"}};  // « nom » empty: left out
    CHECK(pipe->line_attributes == attributes);
    CHECK(pipe->number.empty());

    auto parcel = maps->card_at({o.x + 25, o.y + 20}, 2.0, nullptr, true, true, true);  // 10 m from the pipe: the parcel
    REQUIRE(parcel);
    CHECK_FALSE(parcel->line_card);
    CHECK(parcel->number == "37");
    auto lines_not_asked = maps->card_at({o.x + 16, o.y + 20}, 2.0);  // networks hidden: the parcel, as before
    REQUIRE(lines_not_asked);
    CHECK_FALSE(lines_not_asked->line_card);
    CHECK(lines_not_asked->number == "37");
    const MapViewInfo no_network{"cadastre", "Cadastre", {}, {"cadastre"}};
    auto other_view = maps->card_at({o.x + 16, o.y + 20}, 2.0, &no_network, true, true, true);  // a view without the network
    REQUIRE(other_view);
    CHECK_FALSE(other_view->line_card);
    CHECK_FALSE(maps->card_at({o.x + 16, o.y - 30}, 2.0, nullptr, true, true, true));  // past the pipe's end, no parcel
}
