// MBTiles 1.3 raster import: tiles come out as pack entries
// maps/<id>/tiles/<z>/<x>/<y>.<ext>, rows flipped from TMS (counted from
// the south) to XYZ (counted from the north), which is what screens draw.
#include "importers.hpp"

#include "geo/projection.hpp"
#include "sqlite/sqlite.hpp"

#include <cstring>
#include <map>

namespace guichet::geo_import {

namespace {

// The tile's format from its first bytes.
const char* sniff_image(const Bytes& data) {
    if (data.size() >= 8 && std::memcmp(data.data(), "\x89PNG\r\n\x1A\n", 8) == 0) return "png";
    if (data.size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return "jpg";
    if (data.size() >= 12 && std::memcmp(data.data(), "RIFF", 4) == 0 && std::memcmp(data.data() + 8, "WEBP", 4) == 0) return "webp";
    return nullptr;
}

}  // namespace

Result<ImportedLayer> import_raster(const std::string& file, const ImportOptions& o) {
    store::OpenOptions open_options;
    open_options.create = false;
    open_options.read_only = true;
    auto db = store::Database::open(file, open_options);
    if (!db) return fail(file + ": cannot open as an MBTiles (SQLite) file: " + db.error().message);

    std::map<std::string, std::string> metadata;
    if (auto st = db->prepare("SELECT name, value FROM metadata")) {
        while (true) {
            auto row = st->step();
            if (!row) return fail(file + ": " + row.error().message);
            if (!*row) break;
            if (!st->column_is_null(1)) metadata[st->column_text(0)] = st->column_text(1);
        }
    }
    auto tiles = db->prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles ORDER BY zoom_level, tile_column, tile_row");
    if (!tiles) return fail(file + ": not an MBTiles file (no 'tiles' table or view): " + tiles.error().message);

    ImportedLayer layer;
    std::string format;
    int min_zoom = 99, max_zoom = -1;
    geo::BBox covered;  // Web Mercator
    while (true) {
        auto row = tiles->step();
        if (!row) return fail(file + ": " + row.error().message);
        if (!*row) break;
        std::int64_t z = tiles->column_int64(0), x = tiles->column_int64(1), tms_y = tiles->column_int64(2);
        std::string where = file + ": tile z=" + std::to_string(z) + " column=" + std::to_string(x) + " row=" + std::to_string(tms_y);
        if (z < 0 || z > geo::kMaxZoom) return fail(where + ": zoom level outside 0-" + std::to_string(geo::kMaxZoom));
        std::int64_t n = std::int64_t{1} << z;
        if (x < 0 || x >= n || tms_y < 0 || tms_y >= n) return fail(where + ": outside the tile grid of its zoom level");
        Bytes data = tiles->column_blob(3);
        const char* kind = sniff_image(data);
        if (!kind) return fail(where + ": not a PNG, JPEG or WebP image");
        if (format.empty()) format = kind;
        else if (format != kind) return fail(where + ": is " + kind + " while earlier tiles are " + format + " (one format per layer)");
        int zi = static_cast<int>(z);
        auto y = geo::flip_tms_row(static_cast<std::uint32_t>(tms_y), zi);
        covered.extend(geo::tile_bounds({static_cast<std::uint32_t>(x), y, zi}));
        min_zoom = std::min(min_zoom, zi), max_zoom = std::max(max_zoom, zi);
        layer.entries.push_back({"maps/" + o.id + "/tiles/" + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y) + "." + format,
                                 std::move(data), true});
    }
    if (layer.entries.empty()) return fail(file + ": the MBTiles file holds no tiles");

    geo::LonLat sw = geo::to_lonlat({covered.min_x, covered.min_y}), ne = geo::to_lonlat({covered.max_x, covered.max_y});
    layer.meta = {{"id", o.id},
                  {"title", o.title.empty() ? metadata["name"] : o.title},
                  {"kind", "raster"},
                  {"attribution", o.attribution.empty() ? metadata["attribution"] : o.attribution},
                  {"tiles", layer.entries.size()},
                  {"tile_format", format},
                  {"tile_size", geo::kTileSize},
                  {"min_zoom", min_zoom},
                  {"max_zoom", max_zoom},
                  {"bounds", {sw.lon, sw.lat, ne.lon, ne.lat}},
                  {"tile_path", "maps/" + o.id + "/tiles/{z}/{x}/{y}." + format}};
    return layer;
}

}  // namespace guichet::geo_import
