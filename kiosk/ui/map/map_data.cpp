#include "ui/map/map_data.hpp"

#include "ui/map/layer_style.hpp"
#include "ui/map/shapes.hpp"

namespace guichet::ui::map {

namespace {

geo::BBox degrees_to_mercator(const nlohmann::json& b) {
    geo::BBox out;
    if (!b.is_array() || b.size() != 4 || !b[0].is_number()) return out;
    out.extend(geo::to_mercator({b[0].get<double>(), b[1].get<double>()}));
    out.extend(geo::to_mercator({b[2].get<double>(), b[3].get<double>()}));
    return out;
}

// Every level's mesh: filled kinds (zones) by zone class (style 0–3, 4 other),
// buildings by type (0 bâti dur, 1 bâti léger « 02 »), others outlined.
std::shared_ptr<const std::vector<LayerMesh>> build_meshes(const geo::MapLayer& layer, const std::string& kind) {
    auto out = std::make_shared<std::vector<LayerMesh>>();
    if (layer.kind() == geo::format::Kind::lines) {  // networks: their pipes or cables
        for (std::size_t level = 0; level < layer.level_count(); ++level) out->push_back(build_line_mesh(layer, level));
        return out;
    }
    const LayerStyle* ls = layer_style(kind);
    const bool zoning = ls != nullptr && ls->fill;
    const bool buildings = kind == "buildings";
    std::function<int(std::uint32_t)> style = [&](std::uint32_t f) {
        if (buildings) return layer.attribute(f, "type") == "02" ? 1 : 0;
        std::string_view type = layer.attribute(f, "typezone");
        if (type.empty()) type = layer.attribute(f, "libelle");
        const int cls = zone_class(type);
        return cls < 0 ? 4 : cls;
    };
    for (std::size_t level = 0; level < layer.level_count(); ++level)
        out->push_back(build_layer_mesh(layer, level, zoning, zoning ? style : nullptr));
    return out;
}

}  // namespace

namespace {

// The maps of one view (CATALOG holds that view's layers, or every layer).
std::shared_ptr<const MapData> maps_of(const pack::PackReader& reader, geo::MapCatalog catalog) {
    auto d = std::make_shared<MapData>(reader, std::move(catalog));
    std::vector<geo::AddressRecord> addresses;
    geo::BBox all;
    for (const geo::LayerInfo& info : d->catalog.layers()) {
        const geo::BBox bounds = degrees_to_mercator(info.meta.value("bounds", nlohmann::json()));
        if (info.kind == "raster") {
            d->rasters.push_back({info.id, info.title, info.attribution, info.meta.value("min_zoom", 0),
                                  info.meta.value("max_zoom", 0)});
            continue;
        }
        const geo::MapLayer* layer = d->catalog.layer(info.id);
        if (layer == nullptr) continue;
        if (info.kind == "addresses") {
            geo::AddressIndex part = geo::AddressIndex::from_layer(*layer);
            for (std::uint32_t i = 0; i < part.size(); ++i) addresses.push_back(part.record(i));
            continue;
        }
        VectorLayer v{info.id, info.kind, info.title, info.attribution, layer,
                      info.kind == "lieux-dits" ? nullptr : build_meshes(*layer, info.kind)};
        if (info.kind == "parcels") {
            if (d->parcels.empty()) {
                d->parcel_index = std::make_unique<geo::ParcelIndex>(*layer);
                d->home = layer->bounds();
            }
            d->parcels.push_back(std::move(v));
        } else if (info.kind == "zoning") {
            d->zoning.push_back(std::move(v));
        } else if (info.kind == "buildings") {
            d->buildings.push_back(std::move(v));
        } else if (info.kind == "lieux-dits") {
            d->lieux_dits.push_back(std::move(v));
        } else if (is_network_kind(info.kind) && layer->kind() == geo::format::Kind::lines) {
            d->networks.push_back(std::move(v));
        }
        if (!layer->bounds().empty()) all.extend(layer->bounds());
        else if (!bounds.empty()) all.extend(bounds);
    }
    if (d->home.empty()) d->home = all;
    if (d->catalog.views().size() == 1) {  // the view's own bounds and title (docs/map-format.md § 2)
        const geo::MapViewInfo& view = d->catalog.views()[0];
        if (!view.bounds.empty()) d->home = view.bounds;
        d->title = view.title;
    }
    d->addresses = std::make_unique<geo::AddressIndex>(std::move(addresses));
    return d;
}

}  // namespace

Result<std::shared_ptr<const MapData>> load_map_data(const pack::PackReader& reader) {
    if (!reader.find("maps/index.json")) return std::shared_ptr<const MapData>();
    auto catalog = geo::MapCatalog::load(reader);
    if (!catalog) return fail(catalog.error().message);
    if (catalog->views().size() < 2) return maps_of(reader, std::move(*catalog));
    // Several places: one MapData each, built here on the worker; the screen shows one.
    auto all = std::make_shared<MapData>(reader, std::move(*catalog));
    for (const geo::MapViewInfo& view : all->catalog.views()) all->views.push_back(maps_of(reader, all->catalog.only(view)));
    all->home = all->views.front()->home;
    all->title = all->views.front()->title;
    return std::shared_ptr<const MapData>(std::move(all));
}

}  // namespace guichet::ui::map
