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

// Every level's mesh: filled kinds (zones) by zone class (style 0–3, 4 other), others outlined.
std::shared_ptr<const std::vector<LayerMesh>> build_meshes(const geo::MapLayer& layer, const std::string& kind) {
    auto out = std::make_shared<std::vector<LayerMesh>>();
    const LayerStyle* ls = layer_style(kind);
    const bool zoning = ls != nullptr && ls->fill;
    std::function<int(std::uint32_t)> style = [&](std::uint32_t f) {
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

Result<std::shared_ptr<const MapData>> load_map_data(const pack::PackReader& reader) {
    if (!reader.find("maps/index.json")) return std::shared_ptr<const MapData>();
    auto catalog = geo::MapCatalog::load(reader);
    if (!catalog) return fail(catalog.error().message);
    auto d = std::make_shared<MapData>(reader, std::move(*catalog));
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
        VectorLayer v{info.id, info.kind, info.title, info.attribution, layer, build_meshes(*layer, info.kind)};
        if (info.kind == "parcels") {
            if (d->parcels.empty()) {
                d->parcel_index = std::make_unique<geo::ParcelIndex>(*layer);
                d->home = layer->bounds();
            }
            d->parcels.push_back(std::move(v));
        } else if (info.kind == "zoning") {
            d->zoning.push_back(std::move(v));
        }
        if (!layer->bounds().empty()) all.extend(layer->bounds());
        else if (!bounds.empty()) all.extend(bounds);
    }
    if (d->home.empty()) d->home = all;
    d->addresses = std::make_unique<geo::AddressIndex>(std::move(addresses));
    return std::shared_ptr<const MapData>(std::move(d));
}

}  // namespace guichet::ui::map
