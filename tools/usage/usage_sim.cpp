// guichet-usage-sim: a simulated month of kiosk use for the usage report's
// documentation (docs/usage-stats.md §6). « Données simulées »: the kiosks
// are named simulation-…, the figures drawn from a seeded generator. Each
// simulated session goes through the kiosk's own recorder (the same counting
// rules), and each day into the hub through store_usage, as the heartbeat
// route stores it.
#include "hub/hub_db.hpp"
#include "hub/usage_stats.hpp"
#include "usage/recorder.hpp"

#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace guichet;

namespace {

struct Form {
    const char* id;
    int steps;        // sections + the review
    double weight;    // how often it is chosen
    double give_up;   // chance of abandoning, spread over the steps
    double minutes;   // typical time to finish
};

// The Anor pack's démarches and menu (content_packs/anor).
constexpr Form kForms[] = {
    {"inscription-cantine", 5, 3.0, 0.25, 7},  {"acte-etat-civil", 4, 2.5, 0.15, 4},
    {"bac-ordures", 3, 1.5, 0.10, 3},          {"acces-decheterie", 3, 1.2, 0.12, 3},
    {"changement-adresse", 4, 1.0, 0.20, 5},   {"extrait-cadastral", 3, 0.8, 0.30, 4},
    {"certificat-urbanisme", 5, 0.5, 0.45, 9}, {"rendez-vous-visio", 3, 0.7, 0.20, 3},
};
constexpr const char* kRubriques[] = {"vie-pratique", "demarches", "cadastre-urbanisme", "emploi",
                                      "associations", "manifestations", "affichage-legal", "paiements"};
constexpr const char* kPages[] = {"vie-pratique.horaires", "vie-pratique.dechets", "vie-pratique.enfance",
                                  "emploi.index",          "manifestations.index", "associations.index",
                                  "affichage-legal.index", "feed.jobs",            "feed.events"};

int usage_error(const char* what) {
    std::cerr << "guichet-usage-sim : " << what
              << "\nUtilisation : guichet-usage-sim --data DOSSIER_DU_HUB --month AAAA-MM [--seed N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data, month;
    unsigned seed = 2026;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) return usage_error("option sans valeur");
        if (a == "--data") data = argv[++i];
        else if (a == "--month") month = argv[++i];
        else if (a == "--seed") seed = static_cast<unsigned>(std::stoul(argv[++i]));
        else return usage_error("option inconnue");
    }
    if (data.empty() || !usage::valid_month(month)) return usage_error("--data et --month AAAA-MM sont obligatoires");
    auto db = sync::hub::HubDb::open(data);
    if (!db) {
        std::cerr << "guichet-usage-sim : " << db.error().message << "\n";
        return 1;
    }
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<double> weights;
    for (const auto& f : kForms) weights.push_back(f.weight);
    std::discrete_distribution<std::size_t> pick_form(weights.begin(), weights.end());
    const int year = std::stoi(month.substr(0, 4)), mon = std::stoi(month.substr(5, 2));
    // The kiosk in the town hall's hall, and the one in the media library (busier on Wednesdays and Saturdays).
    const struct {
        const char* id;
        double per_day;
    } kiosks[] = {{"simulation-mairie", 22}, {"simulation-mediatheque", 9}};
    int days_stored = 0;
    for (const auto& k : kiosks) {
        std::vector<sync::UsageDay> days;
        for (int d = 1; d <= 31; ++d) {
            char day[16];
            std::snprintf(day, sizeof day, "%04d-%02d-%02d", year, mon, d);
            // Day of week (Sakamoto): 0 = Sunday.
            static constexpr int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
            const int y = mon < 3 ? year - 1 : year;
            const int dow = (y + y / 4 - y / 100 + y / 400 + t[mon - 1] + d) % 7;
            if (d > 28) {  // the month's length
                static constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                if (d > (mon == 2 && leap ? 29 : len[mon - 1])) break;
            }
            double mean = k.per_day;
            if (dow == 0) mean = 0;  // closed on Sundays
            else if (dow == 6) mean *= std::string(k.id) == "simulation-mairie" ? 0.4 : 1.6;
            else if (dow == 3 && std::string(k.id) == "simulation-mediatheque") mean *= 1.5;
            std::poisson_distribution<int> sessions(mean);
            usage::SessionRecorder rec;
            using S = usage::SessionRecorder::Screen;
            const int n = mean > 0 ? sessions(rng) : 0;
            int visit = 0;
            double clock = 0;
            for (int s = 0; s < n; ++s) {
                rec.observe(day, S::rubrique, kRubriques[rng() % std::size(kRubriques)], ++visit, 0, clock);
                if (unit(rng) < 0.55) rec.observe(day, S::page, kPages[rng() % std::size(kPages)], ++visit, 0, clock);
                if (unit(rng) < 0.12) rec.observe(day, S::map, "plan", ++visit, 0, clock);
                if (unit(rng) < 0.08) rec.setting(day, usage::Setting::high_contrast);
                if (unit(rng) < 0.15) rec.setting(day, usage::Setting::text_size, unit(rng) < 0.7 ? 150 : 200);
                if (unit(rng) < 0.03) rec.setting(day, usage::Setting::low_reach);
                if (unit(rng) < 0.02) rec.setting(day, usage::Setting::speech);
                if (unit(rng) < 0.6) {
                    const Form& f = kForms[pick_form(rng)];
                    const int v = ++visit;
                    const double start = clock;
                    rec.observe(day, S::demarche, f.id, v, 0, clock);
                    if (unit(rng) < f.give_up) {
                        rec.observe(day, S::demarche, f.id, v, static_cast<std::size_t>(rng() % f.steps), clock + 60);
                    } else {
                        std::normal_distribution<double> minutes(f.minutes, f.minutes / 3);
                        clock = start + 60 * std::max(1.0, minutes(rng));
                        rec.observe(day, S::receipt, "", ++visit, 0, clock);
                    }
                }
                rec.end_session(day);
                clock += 600;
            }
            sync::UsageDay out{day, {}};
            const usage::Tally tally = rec.take();
            for (const auto& [key, value] : tally.counts())
                out.counts.push_back({std::string(usage::name(key.counter)), key.item, key.index, value});
            days.push_back(std::move(out));
        }
        auto stored = sync::hub::store_usage(db->db(), k.id, days, 0);
        if (!stored) {
            std::cerr << "guichet-usage-sim : " << stored.error().message << "\n";
            return 1;
        }
        days_stored += static_cast<int>(stored->size());
    }
    std::cout << "Données simulées : " << days_stored << " jours de compteurs pour 2 bornes (simulation-…) dans "
              << data << "/hub.db\n";
    return 0;
}
