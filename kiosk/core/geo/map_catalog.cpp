#include "geo/map_catalog.hpp"

#include <algorithm>

namespace guichet::geo {

using nlohmann::json;

namespace {

constexpr int kNewestFormat = 2;

// [west, south, east, north] in degrees to a Mercator box; empty if malformed.
BBox mercator_box(const json& b) {
    BBox out;
    if (!b.is_array() || b.size() != 4) return out;
    for (const auto& v : b)
        if (!v.is_number()) return out;
    const double w = b[0].get<double>(), s = b[1].get<double>(), e = b[2].get<double>(), n = b[3].get<double>();
    if (!(w <= e && s <= n && w >= -180 && e <= 180 && s >= -90 && n <= 90)) return out;
    out.extend(to_mercator({w, s}));
    out.extend(to_mercator({e, n}));
    return out;
}

}  // namespace

bool MapViewInfo::shows(std::string_view layer_id) const {
    return std::find(layers.begin(), layers.end(), layer_id) != layers.end();
}

Result<MapCatalog> MapCatalog::load(const pack::PackReader& pack) {
    MapCatalog catalog;
    if (!pack.find("maps/index.json")) return catalog;
    auto text = pack.read("maps/index.json");
    if (!text) return text.error();
    json index = json::parse(text->begin(), text->end(), nullptr, false);
    const int format = index.is_object() ? index.value("format", 0) : 0;
    if (index.is_discarded() || !index.is_object() || !index.contains("layers") || !index["layers"].is_array())
        return fail("maps/index.json: not a map index (docs/map-format.md § 2)");
    if (format < 1 || format > kNewestFormat)
        return fail("maps/index.json: format " + std::to_string(format) + " is not supported (this kiosk reads formats 1 and 2)");
    if (index.contains("commune")) {
        if (!index["commune"].is_string()) return fail("maps/index.json: 'commune' must be an INSEE code in a string");
        catalog.commune_ = index["commune"].get<std::string>();
    }
    for (const auto& meta : index["layers"]) {
        if (!meta.is_object()) return fail("maps/index.json: a layer is not an object");
        LayerInfo info{meta.value("id", ""), meta.value("title", ""), meta.value("kind", ""), meta.value("attribution", ""), meta};
        for (const auto& other : catalog.layers_)
            if (other.id == info.id) return fail("maps/index.json: layer id '" + info.id + "' appears twice");
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
    if (format == 1) {  // one view showing every layer, framed by the parcels, else by every vector layer
        MapViewInfo all;
        BBox parcels;
        for (const auto& l : catalog.layers_) {
            all.layers.push_back(l.id);
            const MapLayer* v = catalog.layer(l.id);
            if (v == nullptr || v->bounds().empty()) continue;
            all.bounds.extend(v->bounds());
            if (l.kind == "parcels") parcels.extend(v->bounds());
        }
        if (!parcels.empty()) all.bounds = parcels;
        if (!all.layers.empty()) catalog.views_.push_back(std::move(all));
        return catalog;
    }
    if (!index.contains("views") || !index["views"].is_array() || index["views"].empty())
        return fail("maps/index.json: format 2 needs 'views', a non-empty list");
    for (const auto& v : index["views"]) {
        if (!v.is_object() || !v.contains("layers") || !v["layers"].is_array())
            return fail("maps/index.json: a view is not an object with 'layers'");
        MapViewInfo view{v.value("id", ""), v.value("title", ""), mercator_box(v.value("bounds", json())), {}};
        if (view.id.empty()) return fail("maps/index.json: a view has no id");
        if (catalog.view(view.id) != nullptr) return fail("maps/index.json: view id '" + view.id + "' appears twice");
        if (view.bounds.empty()) return fail("maps/index.json: view '" + view.id + "': 'bounds' must be [west, south, east, north] in degrees");
        for (const auto& l : v["layers"]) {
            std::string id = l.is_string() ? l.get<std::string>() : std::string();
            if (std::none_of(catalog.layers_.begin(), catalog.layers_.end(), [&](const LayerInfo& i) { return i.id == id; }))
                return fail("maps/index.json: view '" + view.id + "' shows layer '" + id + "', which the index does not have");
            view.layers.push_back(std::move(id));
        }
        catalog.views_.push_back(std::move(view));
    }
    return catalog;
}

const MapViewInfo* MapCatalog::view(std::string_view id) const {
    for (const auto& v : views_)
        if (v.id == id) return &v;
    return nullptr;
}

const MapLayer* MapCatalog::layer(std::string_view id) const {
    for (const auto& o : opened_)
        if (o.id == id) return &o.layer;
    return nullptr;
}

MapCatalog MapCatalog::only(const MapViewInfo& view) const {
    MapCatalog out;
    for (const auto& l : layers_)
        if (view.shows(l.id)) out.layers_.push_back(l);
    for (const auto& o : opened_)
        if (view.shows(o.id)) out.opened_.push_back(o);
    out.views_.push_back(view);
    out.commune_ = commune_;
    return out;
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

std::optional<ParcelCard> MapCatalog::card_at(Point p, double tolerance, const MapViewInfo* view, bool parcels, bool zones,
                                              bool lines) const {
    auto in_view = [&](const LayerInfo& info) { return view == nullptr || view->shows(info.id); };
    std::optional<ParcelCard> card;
    for (std::size_t i = 0; i < layers_.size() && lines; ++i) {  // issue #14: a pipe's card
        const MapLayer* layer = in_view(layers_[i]) ? this->layer(layers_[i].id) : nullptr;
        if (layer == nullptr || layer->kind() != format::Kind::lines) continue;
        if (auto f = layer->feature_at(p, tolerance)) {
            card = ParcelCard{};
            card->layer_id = layers_[i].id;
            card->feature = *f;
            card->line_card = true;
            card->layer_title = layers_[i].title;
            for (std::size_t k = 0; k < layer->fields().size(); ++k)
                if (const std::string_view v = layer->attribute(*f, k); !v.empty()) card->line_attributes.emplace_back(layer->fields()[k], v);
            return card;
        }
    }
    for (std::size_t i = 0; i < layers_.size() && !card && parcels; ++i) {
        if (layers_[i].kind != "parcels" || !in_view(layers_[i])) continue;
        const MapLayer* layer = this->layer(layers_[i].id);
        if (auto f = layer ? layer->feature_at(p, tolerance) : std::nullopt) {
            card = ParcelCard{};
            card->layer_id = layers_[i].id;
            card->feature = *f;
            card->id = layer->attribute(*f, "id");
            card->section = layer->attribute(*f, "section");
            card->number = layer->attribute(*f, "numero");
            card->area_m2 = layer->attribute(*f, "contenance");
            card->commune = layer->attribute(*f, "commune");
            // Etalab ids begin with the commune's INSEE code: 59012 000 AB 0037.
            if (card->commune.empty() && card->id.size() == 14) card->commune = card->id.substr(0, 5);
        }
    }
    if (!card && !zones) return card;
    for (const auto& info : layers_) {
        if (info.kind != "zoning" || !in_view(info)) continue;
        const MapLayer* layer = this->layer(info.id);
        if (auto z = layer ? layer->feature_at(p) : std::nullopt) {
            if (!card) {  // no parcel here: the zone's own card
                card = ParcelCard{};
                card->layer_id = info.id;
                card->feature = *z;
                card->zone_card = true;
            }
            card->zone = layer->attribute(*z, "libelle");
            card->zone_title = layer->attribute(*z, "libelong");
            card->rules_page = layer->attribute(*z, "page");
            card->zone_type = layer->attribute(*z, "typezone");
            card->zone_url = layer->attribute(*z, "urlfic");
            break;
        }
    }
    if (!card) return card;
    for (const auto& info : layers_) {
        if (info.kind != "lieux-dits" || !in_view(info)) continue;
        const MapLayer* places = layer(info.id);
        if (auto l = places ? places->feature_at(p) : std::nullopt) {
            card->lieu_dit = places->attribute(*l, "nom");
            break;
        }
    }
    return card;
}

}  // namespace guichet::geo
