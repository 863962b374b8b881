#include "geo/map_catalog.hpp"

#include <algorithm>

namespace guichet::geo {

using nlohmann::json;

Result<MapCatalog> MapCatalog::load(const pack::PackReader& pack) {
    MapCatalog catalog;
    if (!pack.find("maps/index.json")) return catalog;
    auto text = pack.read("maps/index.json");
    if (!text) return text.error();
    json index = json::parse(text->begin(), text->end(), nullptr, false);
    if (index.is_discarded() || !index.is_object() || index.value("format", 0) != 1 || !index.contains("layers") ||
        !index["layers"].is_array())
        return fail("maps/index.json: not a map index of format 1 (docs/map-format.md § 2)");
    for (const auto& meta : index["layers"]) {
        if (!meta.is_object()) return fail("maps/index.json: a layer is not an object");
        LayerInfo info{meta.value("id", ""), meta.value("title", ""), meta.value("kind", ""), meta.value("attribution", ""), meta};
        if (info.kind != "raster") {
            std::string path = meta.value("data", "");
            auto bytes = pack.read(path);
            if (!bytes) return fail("maps/index.json: layer '" + info.id + "': " + bytes.error().message);
            auto shared = std::make_shared<const Bytes>(std::move(*bytes));
            auto layer = MapLayer::open(*shared);
            if (!layer) return fail(path + ": " + layer.error().message);
            catalog.opened_.push_back({info.id, std::move(shared), std::move(*layer)});
        }
        catalog.layers_.push_back(std::move(info));
    }
    return catalog;
}

const MapLayer* MapCatalog::layer(std::string_view id) const {
    for (const auto& o : opened_)
        if (o.id == id) return &o.layer;
    return nullptr;
}

std::optional<std::string> MapCatalog::tile_path(std::string_view id, TileId tile) const {
    for (const auto& l : layers_) {
        if (l.id != id || l.kind != "raster") continue;
        if (tile.z < l.meta.value("min_zoom", 0) || tile.z > l.meta.value("max_zoom", -1)) return std::nullopt;
        return "maps/" + l.id + "/tiles/" + std::to_string(tile.z) + "/" + std::to_string(tile.x) + "/" + std::to_string(tile.y) + "." +
               l.meta.value("tile_format", "png");
    }
    return std::nullopt;
}

std::optional<ParcelCard> MapCatalog::card_at(Point p, double tolerance) const {
    std::optional<ParcelCard> card;
    for (std::size_t i = 0; i < layers_.size() && !card; ++i) {
        if (layers_[i].kind != "parcels") continue;
        const MapLayer* parcels = layer(layers_[i].id);
        if (auto f = parcels ? parcels->feature_at(p, tolerance) : std::nullopt) {
            card = ParcelCard{layers_[i].id, *f, std::string(parcels->attribute(*f, "id")), std::string(parcels->attribute(*f, "section")),
                              std::string(parcels->attribute(*f, "numero")), std::string(parcels->attribute(*f, "contenance")), {}, {}, {}};
        }
    }
    if (!card) return card;
    for (const auto& info : layers_) {
        if (info.kind != "zoning") continue;
        const MapLayer* zones = layer(info.id);
        if (auto z = zones ? zones->feature_at(p) : std::nullopt) {
            card->zone = zones->attribute(*z, "libelle");
            card->zone_title = zones->attribute(*z, "libelong");
            card->rules_page = zones->attribute(*z, "page");
            break;
        }
    }
    return card;
}

}  // namespace guichet::geo
