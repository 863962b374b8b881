#include "ui/map/map_data.hpp"

namespace guichet::ui::map {

namespace {

geo::BBox degrees_to_mercator(const nlohmann::json& b) {
    geo::BBox out;
    if (!b.is_array() || b.size() != 4 || !b[0].is_number()) return out;
    out.extend(geo::to_mercator({b[0].get<double>(), b[1].get<double>()}));
    out.extend(geo::to_mercator({b[2].get<double>(), b[3].get<double>()}));
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
        VectorLayer v{info.id, info.kind, info.title, info.attribution, layer};
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
