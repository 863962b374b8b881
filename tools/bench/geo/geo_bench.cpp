// guichet-geo-bench: the map engine's figures (docs/benchmarks.md § Maps).
//   - address search over 50,000 synthetic addresses (goal ≤ 20 ms per query);
//   - tap → feature over 20,000 synthetic parcels, index build, layer open;
//   - import of the real samples in content_packs/anor/data/maps.
// Usage: guichet-geo-bench [MAPS_DIR]   (default: the source tree's samples)
#include "../bench_util.hpp"
#include "geo/address_search.hpp"
#include "geo/layer.hpp"
#include "geo/projection.hpp"
#include "geo/rtree.hpp"
#include "geo/text_fold.hpp"
#include "importers.hpp"
#include "layer_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Stats {
    double median, p95, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[v.size() * 95 / 100], v.back()};
}

const char* const kTypes[] = {"Rue", "Rue", "Rue", "Avenue", "Chemin", "Impasse", "Place", "Allée", "Boulevard", "Route", "Sentier", "Résidence"};
const char* const kNames[] = {
    "Jean Jaurès", "Victor Hugo", "de la Gare", "de l’Église", "des Écoles", "du Moulin", "Pasteur", "Charles de Gaulle",
    "du Général Leclerc", "de la République", "Gambetta", "Jules Ferry", "des Tilleuls", "des Acacias", "du Château",
    "de la Fontaine", "Saint-Martin", "Sainte-Anne", "des Prés", "du Bois", "des Vignes", "de Verdun", "du 8 Mai 1945",
    "du 11 Novembre", "Émile Zola", "Anatole France", "Paul Bert", "Jean Moulin", "Pierre et Marie Curie", "des Lilas",
    "des Roses", "des Peupliers", "des Chênes", "des Hêtres", "de la Forêt", "du Stade", "de la Mairie", "de la Poste",
    "du Marché", "des Jardins", "des Vergers", "de Fourmies", "de Trélon", "d’Hirson", "de Chimay", "des Forges",
    "de la Verrerie", "du Canal", "Notre-Dame", "Voltaire", "Jean-Baptiste Lebas", "Roger Salengro", "Léon Blum",
    "du Maréchal Foch", "Albert Camus", "Georges Brassens", "Édith Piaf", "Jacques Brel", "des Œillets", "du Cœur Joyeux",
    "de la Croix", "du Calvaire", "des Fusillés", "de la Liberté", "de la Paix", "Fernand Léger", "Louise Michel",
    "Jean de La Fontaine", "des Bleuets", "des Coquelicots", "de la Sablière", "du Pont", "du Moulin à Vent", "des Saules"};
const char* const kCommunes[] = {
    "Anor", "Fourmies", "Trélon", "Wignehies", "Glageon", "Ohain", "Féron", "Baives", "Eppe-Sauvage", "Moustier-en-Fagne",
    "Wallers-en-Fagne", "Willies", "Avesnes-sur-Helpe", "Maubeuge", "Hautmont", "Jeumont", "Aulnoye-Aymeries", "Landrecies",
    "Le Quesnoy", "Bavay", "Sains-du-Nord", "Étrœungt", "Sars-Poteries", "Solre-le-Château", "Cousolre", "Ferrière-la-Grande",
    "Louvroil", "Feignies", "Berlaimont", "Le Cateau-Cambrésis", "Hirson", "Chimay", "Rocroi", "Signy-le-Petit", "La Capelle",
    "Étréaupont", "Origny-en-Thiérache", "Buironfosse", "Le Nouvion-en-Thiérache", "Vervins"};

// A typo a resident might make in the longest word: swap, drop or double a letter.
std::string with_typo(const std::string& folded, std::mt19937& rng) {
    auto words = geo::search_words(folded);
    std::size_t longest = 0;
    for (std::size_t i = 0; i < words.size(); ++i)
        if (words[i].size() > words[longest].size()) longest = i;
    std::string& w = words[longest];
    if (w.size() >= 5) {
        std::size_t at = 1 + rng() % (w.size() - 2);
        switch (rng() % 3) {
        case 0: std::swap(w[at], w[at + 1]); break;
        case 1: w.erase(at, 1); break;
        default: w.insert(at, 1, w[at]); break;
        }
    }
    std::string out;
    for (auto& x : words) out += (out.empty() ? "" : " ") + x;
    return out;
}

void address_bench() {
    std::mt19937 rng(6);
    std::vector<geo::AddressRecord> records;
    // 40 communes × 60 streets × ~21 numbers ≈ 50,000 addresses.
    for (std::size_t c = 0; c < std::size(kCommunes); ++c) {
        std::string postcode = std::to_string(59100 + c * 10);
        for (int s = 0; s < 60; ++s) {
            std::string street = std::string(kTypes[rng() % std::size(kTypes)]) + " " + kNames[(c * 7 + s * 13 + rng() % 3) % std::size(kNames)];
            int count = 12 + static_cast<int>(rng() % 19);
            for (int n = 1; n <= count && records.size() < 50000; ++n)
                records.push_back({std::to_string(n * 2 - (s % 2)), n % 9 == 0 ? "bis" : "", street, postcode, kCommunes[c], {}});
        }
    }
    while (records.size() < 50000) records.push_back(records[records.size() % 1000]), records.back().number += "0";
    auto t = Clock::now();
    geo::AddressIndex index(records);
    double build_ms = ms_since(t);

    std::vector<double> times;
    int first = 0, top5 = 0, total = 0;
    for (int q = 0; q < 2000; ++q) {
        std::uint32_t target = static_cast<std::uint32_t>(rng() % records.size());
        const auto& r = records[target];
        std::string query;
        switch (q % 5) {
        case 0: query = index.label(target); break;                                              // as written
        case 1: query = geo::fold_for_search(r.number + " " + r.suffix + " " + r.street + " " + r.commune); break;
        case 2: query = with_typo(r.number + " " + r.suffix + " " + r.street + " " + r.commune, rng); break;
        case 3: query = r.number + " " + r.suffix + " " + r.street + " " + r.postcode; break;
        default: {  // still typing: the commune cut short
            std::string c = geo::fold_for_search(r.commune);
            query = r.number + " " + r.suffix + " " + r.street + " " + c.substr(0, std::max<std::size_t>(3, c.size() / 2));
        }
        }
        auto start = Clock::now();
        auto found = index.search(query, 5);
        times.push_back(ms_since(start));
        ++total;
        // Identical labels (same street name twice in a commune) count as found.
        auto same = [&](std::uint32_t a) { return index.label(a) == index.label(target); };
        if (!found.empty() && same(found[0].address)) ++first;
        if (std::any_of(found.begin(), found.end(), [&](const geo::AddressMatch& m) { return same(m.address); })) ++top5;
    }
    Stats s = stats(times);
    std::printf("address search: %zu addresses, %zu streets, index built in %.0f ms\n", index.size(), index.street_count(), build_ms);
    std::printf("  %d queries (exact, folded, one typo, with postcode, commune half typed): median %.2f ms, p95 %.2f ms, max %.2f ms\n",
                total, s.median, s.p95, s.max);
    std::printf("  right address first: %.1f %%, in the top 5: %.1f %%\n", 100.0 * first / total, 100.0 * top5 / total);
}

void tap_bench() {
    // 20,000 parcels of 8–12 jittered points on a 200 × 100 grid around Anor.
    std::mt19937 rng(20000);
    std::uniform_real_distribution<double> jitter(-2, 2);
    geo_import::LayerContent content;
    content.fields = {"id", "section", "numero"};
    geo::Point origin = geo::to_mercator({4.09, 49.98});
    const double w = 30, h = 45;  // Mercator metres
    for (int row = 0; row < 100; ++row)
        for (int col = 0; col < 200; ++col) {
            double x0 = origin.x + col * w, y0 = origin.y + row * h;
            geo::Ring ring{{x0, y0}, {x0 + w / 2, y0 + jitter(rng) / 4}, {x0 + w, y0}, {x0 + w + jitter(rng) / 4, y0 + h / 3},
                           {x0 + w, y0 + 2 * h / 3}, {x0 + w, y0 + h}, {x0 + w / 2, y0 + h + jitter(rng) / 4}, {x0, y0 + h},
                           {x0 + jitter(rng) / 4, y0 + h / 2}, {x0, y0}};
            content.shapes.push_back(geo::MultiPolygon{{geo::Polygon{{ring}}}});
            content.values.push_back({std::to_string(row * 200 + col), "AB", std::to_string(col + 1)});
        }
    std::vector<geo::BBox> boxes;
    for (const auto& s : content.shapes) boxes.push_back(geo::bbox_of(s));
    auto t = Clock::now();
    Bytes tree = geo::build_rtree(boxes);
    double index_ms = ms_since(t);
    t = Clock::now();
    Bytes bytes = bench::must(geo_import::write_layer(content), "write layer");
    double write_ms = ms_since(t);
    t = Clock::now();
    auto layer = bench::must(geo::MapLayer::open(bytes), "open layer");
    double open_ms = ms_since(t);

    std::vector<double> taps;
    std::uniform_real_distribution<double> ux(origin.x, origin.x + 200 * w), uy(origin.y, origin.y + 100 * h);
    int hits = 0;
    for (int i = 0; i < 20000; ++i) {
        geo::Point p{ux(rng), uy(rng)};
        auto start = Clock::now();
        auto f = layer.feature_at(p, 3.0);
        taps.push_back(ms_since(start) * 1000);
        hits += f.has_value();
    }
    Stats s = stats(taps);
    std::vector<double> windows;
    for (int i = 0; i < 2000; ++i) {
        geo::Point c{ux(rng), uy(rng)};
        geo::BBox view{c.x - 540, c.y - 960, c.x + 540, c.y + 960};  // a 1080×1920 screen at ~1 m per pixel
        auto start = Clock::now();
        auto visible = layer.features_in(view);
        windows.push_back(ms_since(start) * 1000);
        (void)visible;
    }
    Stats v = stats(windows);
    std::printf("parcels: 20,000 (%zu-byte layer), R-tree built in %.1f ms, layer written in %.0f ms (4 levels), opened and checked in %.1f ms\n",
                bytes.size(), index_ms, write_ms, open_ms);
    std::printf("  tap -> feature: median %.1f us, p95 %.1f us, max %.1f us (%d of 20000 taps on a parcel)\n", s.median, s.p95, s.max, hits);
    std::printf("  features in a 1080x1920 m view: median %.1f us, p95 %.1f us\n", v.median, v.p95);
}

void import_bench(const std::string& dir) {
    struct Source { geo_import::LayerKind kind; const char* file; };
    const Source sources[] = {{geo_import::LayerKind::parcels, "cadastre-91216-parcelles.json"},
                              {geo_import::LayerKind::zoning, "plu-41175-pezou-zone_urba.geojson"},
                              {geo_import::LayerKind::parcels, "59012-parcelles-synthetiques.geojson"},
                              {geo_import::LayerKind::addresses, "ban-adresses-01002-extrait-6-lignes.csv"},
                              {geo_import::LayerKind::raster, "plain_1-world-z0-4.mbtiles"}};
    for (const auto& s : sources) {
        geo_import::ImportOptions options{"bench", "", "", {}, false};
        auto t = Clock::now();
        auto layer = bench::must(geo_import::import_layer(s.kind, dir + "/" + s.file, options), s.file);
        double ms = ms_since(t);
        std::uint64_t bytes = 0;
        for (const auto& e : layer.entries) bytes += e.data.size();
        std::printf("import %-40s %-9s %7.0f ms -> %zu entr%s, %llu bytes\n", s.file, geo_import::kind_name(s.kind), ms,
                    layer.entries.size(), layer.entries.size() == 1 ? "y" : "ies", static_cast<unsigned long long>(bytes));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::printf("usage: guichet-geo-bench [MAPS_DIR]\nPrints address search, tap and import figures (docs/benchmarks.md).\n");
        return 0;
    }
    std::string dir = argc > 1 ? argv[1] : std::string(GUICHET_SOURCE_DIR) + "/content_packs/anor/data/maps";
    try {
        address_bench();
        tap_bench();
        import_bench(dir);
    } catch (const bench::BenchError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
