// guichet-mapgen: draws clearly labelled SYNTHETIC parcels and zoning areas
// inside a commune's real outline, for demonstration packs when the real
// cadastre and PLU are not at hand. Deterministic: the same outline gives the
// same files, byte for byte.
//
// Output, in the Etalab cadastre and CNIG zone_urba schemas the importers read:
//   DIR/<insee>-parcelles-synthetiques.geojson, DIR/<insee>-zones-synthetiques.geojson,
//   DIR/<insee>-batiments-synthetiques.geojson, DIR/<insee>-lieux-dits-synthetiques.geojson,
//   DIR/<insee>-reseau-eau-synthetique.geojson (a water network: lines)
#include "geo/polygon.hpp"
#include "geojson_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace guichet;
using nlohmann::json;

namespace {

constexpr const char* kUsage =
    "usage: guichet-mapgen OUTLINE.geojson --insee CODE --centre LON,LAT -o DIR\n"
    "\n"
    "Writes SYNTHETIC parcels (Etalab cadastre schema) and zoning areas (CNIG\n"
    "zone_urba schema) inside the outline of commune CODE found in OUTLINE (a\n"
    "GeoJSON FeatureCollection whose features carry 'idInsee' or 'code'):\n"
    "  DIR/CODE-parcelles-synthetiques.geojson  town-centre lots and outlying fields\n"
    "  DIR/CODE-zones-synthetiques.geojson      UA, UB (with a hole), 1AU, A, N\n"
    "  DIR/CODE-batiments-synthetiques.geojson  buildings inside the parcels (Etalab\n"
    "                                           'batiments': type 01 bati dur, 02 bati leger)\n"
    "  DIR/CODE-lieux-dits-synthetiques.geojson a few lieux-dits with invented names\n"
    "                                           (Etalab 'lieux_dits': nom, commune)\n"
    "  DIR/CODE-reseau-eau-synthetique.geojson  a water network along the streets (lines:\n"
    "                                           id, nature, diametre, materiau)\n"
    "Every feature is marked \"synthetique\": true. The output is deterministic.\n"
    "Exit status: 0 written, 1 bad input or write error, 2 wrong command line.\n";

// A local plane in ground metres around the centre (equirectangular: exact
// enough over a commune for drawing fictitious lots).
struct LocalFrame {
    double lon0, lat0, mx, my;
    LocalFrame(double lon, double lat)
        : lon0(lon), lat0(lat), mx(111320.0 * std::cos(lat * 3.141592653589793 / 180)), my(110574.0) {}
    geo::Point to_lonlat(double x, double y) const { return {lon0 + x / mx, lat0 + y / my}; }
};

double round7(double v) { return std::round(v * 1e7) / 1e7; }

json ring_json(const geo::Ring& ring) {
    json r = json::array();
    for (auto p : ring) r.push_back({round7(p.x), round7(p.y)});
    return r;
}

geo::Ring rect(const LocalFrame& f, double x0, double y0, double x1, double y1) {
    return {f.to_lonlat(x0, y0), f.to_lonlat(x1, y0), f.to_lonlat(x1, y1), f.to_lonlat(x0, y1), f.to_lonlat(x0, y0)};
}

struct Generator {
    LocalFrame frame;
    geo::MultiPolygon outline;
    std::string insee;
    json parcels = json::array();
    std::map<std::string, int> next_number;
    json buildings = json::array();
    std::uint32_t building_seed = 12345;
    std::vector<geo::Point> blocks;  // south-west corner of each town block (local metres), for the water network

    // Deterministic small variations (an LCG: the same outline gives the same files).
    int vary(int n) {
        building_seed = building_seed * 1103515245u + 12345u;
        return static_cast<int>((building_seed >> 16) % static_cast<std::uint32_t>(n));
    }

    // A building in the Etalab 'batiments' schema: one polygon (with holes) or several.
    void add_building(const char* type, const std::vector<std::vector<geo::Ring>>& polygons) {
        json coords = json::array();
        for (const auto& rings : polygons) {
            json poly = json::array();
            for (const auto& r : rings) poly.push_back(ring_json(r));
            coords.push_back(poly);
        }
        json geometry = polygons.size() == 1 ? json{{"type", "Polygon"}, {"coordinates", coords[0]}}
                                             : json{{"type", "MultiPolygon"}, {"coordinates", coords}};
        buildings.push_back({{"type", "Feature"},
                             {"geometry", geometry},
                             {"properties",
                              {{"type", type}, {"nom", nullptr}, {"commune", insee}, {"created", "2020-01-01"}, {"updated", "2020-01-01"},
                               {"synthetique", true}}}});
    }

    // A house on the street side of a 20 m × 40 m lot (ROW 0 faces south, 1 north), sometimes a shed at the back.
    void house(double lx, double ly, int row) {
        const double w = 9 + vary(5), depth = 8 + vary(4), x = lx + 3 + vary(4);
        const double y0 = row == 0 ? ly + 4 : ly + 36 - depth;
        add_building("01", {{rect(frame, x, y0, x + w, y0 + depth)}});
        if (vary(3) == 0) {
            const double sy = row == 0 ? ly + 31 : ly + 5;
            add_building("02", {{rect(frame, lx + 12, sy, lx + 16, sy + 3)}});
        }
    }

    bool inside(double x0, double y0, double x1, double y1) const {
        // Corners and edge midpoints: lots are small next to the outline's wiggles.
        for (double fx : {0.0, 0.5, 1.0})
            for (double fy : {0.0, 0.5, 1.0})
                if (!geo::contains(outline, frame.to_lonlat(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)))) return false;
        return true;
    }

    void add_parcel(const std::string& section, const std::vector<geo::Ring>& rings) {
        int number = ++next_number[section];
        char id[32];
        std::snprintf(id, sizeof id, "%s000%2s%04d", insee.c_str(), section.c_str(), number);
        geo::MultiPolygon shape{{geo::Polygon{rings}}};
        json coords = json::array();
        for (const auto& r : rings) coords.push_back(ring_json(r));
        parcels.push_back({{"type", "Feature"},
                           {"id", id},
                           {"geometry", {{"type", "Polygon"}, {"coordinates", coords}}},
                           {"properties",
                            {{"id", id}, {"commune", insee}, {"prefixe", "000"}, {"section", section}, {"numero", std::to_string(number)},
                             {"contenance", static_cast<long long>(std::llround(geo::geodesic_area(shape)))}, {"arpente", false},
                             {"synthetique", true}}}});
    }

    void town_centre() {
        // Blocks of 2 × 5 lots (20 m × 40 m) along 12 m streets, within 500 m.
        const double lot_w = 20, lot_h = 40, street = 12, block_w = 5 * lot_w + street, block_h = 2 * lot_h + street;
        int block = 0;
        for (int by = -8; by < 8; ++by)
            for (int bx = -7; bx < 7; ++bx) {
                double x0 = bx * block_w, y0 = by * block_h;
                double cx = x0 + block_w / 2, cy = y0 + block_h / 2;
                if (std::hypot(cx, cy) > 500 || !inside(x0, y0, x0 + 5 * lot_w, y0 + 2 * lot_h)) continue;
                std::string section = std::string("A") + (cy >= 0 ? (cx >= 0 ? 'B' : 'C') : (cx >= 0 ? 'D' : 'E'));
                ++block;
                blocks.push_back({x0, y0});
                for (int row = 0; row < 2; ++row)
                    for (int col = 0; col < 5; ++col) {
                        double lx = x0 + col * lot_w, ly = y0 + row * lot_h;
                        if (block % 13 == 0 && row == 0 && col == 2) {
                            // A lot around an enclosed courtyard that is a parcel of its own.
                            add_parcel(section, {rect(frame, lx, ly, lx + lot_w, ly + lot_h), rect(frame, lx + 6, ly + 14, lx + 14, ly + 26)});
                            add_parcel(section, {rect(frame, lx + 6, ly + 14, lx + 14, ly + 26)});
                            // A building all around the courtyard: a polygon with a hole.
                            add_building("01", {{rect(frame, lx + 3, ly + 11, lx + 17, ly + 29), rect(frame, lx + 6, ly + 14, lx + 14, ly + 26)}});
                        } else {
                            add_parcel(section, {rect(frame, lx, ly, lx + lot_w, ly + lot_h)});
                            house(lx, ly, row);
                        }
                    }
            }
    }

    void fields() {
        // Fields of 400 m × 250 m beyond the town, as far as the outline allows.
        for (int fy = -12; fy < 18; ++fy)
            for (int fx = -6; fx < 14; ++fx) {
                double x0 = fx * 400, y0 = fy * 250;
                if (std::hypot(x0 + 200, y0 + 125) < 1100 || !inside(x0, y0, x0 + 400, y0 + 250)) continue;
                std::string section = std::string("Z") + (y0 >= 0 ? (x0 >= 0 ? 'A' : 'B') : (x0 >= 0 ? 'C' : 'D'));
                add_parcel(section, {rect(frame, x0, y0, x0 + 400, y0 + 250)});
                if ((fx + 2 * fy) % 5 == 0)  // a farm: a barn and a shed, one building of two polygons
                    add_building("01", {{rect(frame, x0 + 40, y0 + 30, x0 + 72, y0 + 46)}, {rect(frame, x0 + 80, y0 + 30, x0 + 92, y0 + 40)}});
            }
    }

    // A fictitious water network: a distribution pipe under the street south
    // and west of each town block (the streets' middles, 6 m from the lots),
    // and a trunk main under the central east–west street.
    json water() const {
        json out = json::array();
        int n = 0;
        auto pipe = [&](const char* nature, const char* diametre, const char* materiau, const std::vector<geo::Point>& local) {
            json coords = json::array();
            for (const auto& p : local) {
                const geo::Point ll = frame.to_lonlat(p.x, p.y);
                coords.push_back({round7(ll.x), round7(ll.y)});
            }
            char id[32];
            std::snprintf(id, sizeof id, "%s-EAU-%04d", insee.c_str(), ++n);
            out.push_back({{"type", "Feature"},
                           {"id", id},
                           {"geometry", {{"type", "LineString"}, {"coordinates", coords}}},
                           {"properties",
                            {{"id", id}, {"nom", nullptr}, {"nature", nature}, {"diametre", diametre}, {"materiau", materiau},
                             {"synthetique", true}}}});
        };
        double west = 0, east = 0;
        for (const geo::Point& b : blocks) {
            pipe("distribution", "110", "PVC", {{b.x - 6, b.y - 6}, {b.x + 106, b.y - 6}});
            pipe("distribution", "110", "PVC", {{b.x - 6, b.y - 6}, {b.x - 6, b.y + 86}});
            if (b.y == 0) west = std::min(west, b.x - 6), east = std::max(east, b.x + 106);
        }
        if (east > west) pipe("adduction", "200", "fonte", {{west, -6}, {0, -6}, {east, -6}});
        return out;
    }

    json zone(const char* libelle, const char* libelong, const char* typezone, const std::vector<geo::Ring>& rings) const {
        json coords = json::array();
        for (const auto& r : rings) coords.push_back(ring_json(r));
        return {{"type", "Feature"},
                {"geometry", {{"type", "Polygon"}, {"coordinates", coords}}},
                {"properties",
                 {{"libelle", libelle}, {"libelong", libelong}, {"typezone", typezone}, {"destdomi", nullptr}, {"nomfic", nullptr},
                  {"urlfic", nullptr}, {"insee", insee}, {"datappro", nullptr}, {"datvalid", nullptr}, {"synthetique", true}}}};
    }

    json zones() const {
        json out = json::array();
        out.push_back(zone("UA", "Zone urbaine du centre ancien (zonage fictif de démonstration)", "U", {rect(frame, -350, -300, 350, 300)}));
        out.push_back(zone("UB", "Zone urbaine d’extension (zonage fictif de démonstration)", "U",
                           {rect(frame, -750, -750, 750, 750), rect(frame, -350, -300, 350, 300)}));
        out.push_back(zone("1AU", "Zone à urbaniser à court terme (zonage fictif de démonstration)", "AUc", {rect(frame, 750, -300, 1100, 300)}));
        // Farmland and forest: the largest rectangles of a few candidates that fit in the outline.
        struct Candidate { const char *libelle, *libelong, *typezone; double x0, y0, x1, y1; };
        const Candidate candidates[] = {
            {"A", "Zone agricole (zonage fictif de démonstration)", "A", 1200, -1800, 3800, -100},
            {"N", "Zone naturelle et forestière (zonage fictif de démonstration)", "N", -1200, 900, 3500, 3500},
        };
        for (const auto& c : candidates) {
            double x0 = c.x0, y0 = c.y0, x1 = c.x1, y1 = c.y1;
            for (int shrink = 0; shrink < 40 && !inside(x0, y0, x1, y1); ++shrink) {
                double dx = (x1 - x0) * 0.04, dy = (y1 - y0) * 0.04;
                x0 += dx, x1 -= dx, y0 += dy, y1 -= dy;
            }
            if (inside(x0, y0, x1, y1)) out.push_back(zone(c.libelle, c.libelong, c.typezone, {rect(frame, x0, y0, x1, y1)}));
        }
        return out;
    }
};

// A few lieux-dits (Etalab 'lieux_dits' schema) around the town, with invented
// names: rectangles shrunk until they fit in the outline, dropped if they never do.
json lieux_dits(const Generator& g) {
    struct Candidate { const char* nom; double x0, y0, x1, y1; };
    const Candidate candidates[] = {
        {"Le Bourg", -480, -440, 480, 440},
        {"Le Pré aux Saules", 1200, -1000, 2600, 0},
        {"La Haie des Tilleuls", 1200, 0, 2600, 1000},
        {"Le Champ du Moulin Blanc", -2600, -800, -1200, 600},
        {"Les Terres de la Croix Rouge", -1000, 1200, 1000, 2400},
        {"La Fosse aux Loups", -1000, -2400, 1000, -1200},
        {"Le Bois des Sept Sources", 1200, 1200, 3000, 2600},
    };
    json out = json::array();
    for (const auto& c : candidates) {
        double x0 = c.x0, y0 = c.y0, x1 = c.x1, y1 = c.y1;
        for (int shrink = 0; shrink < 40 && !g.inside(x0, y0, x1, y1); ++shrink) {
            double dx = (x1 - x0) * 0.04, dy = (y1 - y0) * 0.04;
            x0 += dx, x1 -= dx, y0 += dy, y1 -= dy;
        }
        if (!g.inside(x0, y0, x1, y1)) continue;
        out.push_back({{"type", "Feature"},
                       {"geometry", {{"type", "Polygon"}, {"coordinates", {ring_json(rect(g.frame, x0, y0, x1, y1))}}}},
                       {"properties",
                        {{"nom", c.nom}, {"commune", g.insee}, {"created", "2020-01-01"}, {"updated", "2020-01-01"}, {"synthetique", true}}}});
    }
    return out;
}

bool write_json(const std::string& path, const json& doc) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << doc.dump() << '\n';
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    std::string outline_file, insee, centre, dir;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--help" || a == "-h") return std::fputs(kUsage, stdout), 0;
        if (a == "--insee") insee = value();
        else if (a == "--centre") centre = value();
        else if (a == "-o" || a == "--output") dir = value();
        else if (!a.starts_with("-") && outline_file.empty()) outline_file = a;
        else return std::fprintf(stderr, "error: unexpected argument '%s'\n%s", a.c_str(), kUsage), 2;
    }
    double lon = 0, lat = 0;
    if (outline_file.empty() || insee.empty() || dir.empty() || std::sscanf(centre.c_str(), "%lf,%lf", &lon, &lat) != 2)
        return std::fputs(kUsage, stderr), 2;

    auto features = geo_import::read_polygon_features(outline_file);
    if (!features) return std::fprintf(stderr, "error: %s\n", features.error().message.c_str()), 1;
    Generator g{LocalFrame(lon, lat), {}, insee, json::array(), {}, json::array(), 12345, {}};
    for (const auto& f : *features)
        if (geo_import::property_text(f.properties, "idInsee") == insee || geo_import::property_text(f.properties, "code") == insee)
            g.outline = f.lonlat;
    if (g.outline.polygons.empty()) return std::fprintf(stderr, "error: %s: no commune with INSEE code %s\n", outline_file.c_str(), insee.c_str()), 1;
    if (!geo::contains(g.outline, geo::Point{lon, lat}))
        return std::fprintf(stderr, "error: the centre %s is outside commune %s\n", centre.c_str(), insee.c_str()), 1;
    g.town_centre();
    g.fields();
    const std::string note = "SYNTHETIC demonstration data drawn by guichet-mapgen inside the real outline of commune " + insee +
                             " (Etalab cadastre communes layer, Licence Ouverte 2.0); not the real cadastre or PLU";
    json parcels = {{"type", "FeatureCollection"}, {"description", note}, {"features", g.parcels}};
    json zones = {{"type", "FeatureCollection"}, {"description", note}, {"features", g.zones()}};
    const std::string place_note = note + "; the names of the lieux-dits are invented";
    json buildings = {{"type", "FeatureCollection"}, {"description", note}, {"features", g.buildings}};
    json places = {{"type", "FeatureCollection"}, {"description", place_note}, {"features", lieux_dits(g)}};
    const std::string base = dir + "/" + insee;
    const std::string parcels_path = base + "-parcelles-synthetiques.geojson", zones_path = base + "-zones-synthetiques.geojson";
    const std::string buildings_path = base + "-batiments-synthetiques.geojson", places_path = base + "-lieux-dits-synthetiques.geojson";
    const std::string water_note = "SYNTHETIC water network drawn by guichet-mapgen under the synthetic streets of commune " + insee +
                                   " (fictitious example, not Anor's real network)";
    json water = {{"type", "FeatureCollection"}, {"description", water_note}, {"features", g.water()}};
    const std::string water_path = base + "-reseau-eau-synthetique.geojson";
    if (!write_json(parcels_path, parcels) || !write_json(zones_path, zones) || !write_json(buildings_path, buildings) ||
        !write_json(places_path, places) || !write_json(water_path, water))
        return std::fprintf(stderr, "error: cannot write into %s\n", dir.c_str()), 1;
    std::printf("%s: %zu synthetic parcels\n%s: %zu synthetic zones\n%s: %zu synthetic buildings\n%s: %zu synthetic lieux-dits\n",
                parcels_path.c_str(), g.parcels.size(), zones_path.c_str(), zones["features"].size(), buildings_path.c_str(),
                g.buildings.size(), places_path.c_str(), places["features"].size());
    std::printf("%s: %zu synthetic water pipes\n", water_path.c_str(), water["features"].size());
    return 0;
}
