#include "hub/usage_stats.hpp"

#include "common/markup_escape.hpp"
#include "usage/usage.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace guichet::sync::hub {

using nlohmann::json;

Result<std::vector<std::string>> store_usage(sql::Database& db, std::string_view kiosk_id,
                                             const std::vector<UsageDay>& days, std::int64_t now) {
    std::vector<std::string> stored;
    if (days.empty()) return stored;
    auto txn = sql::Transaction::begin(db);
    if (!txn) return txn.error();
    auto drop = db.prepare("DELETE FROM usage_counter WHERE kiosk_id = ?1 AND day = ?2");
    auto add = db.prepare(
        "INSERT INTO usage_counter (kiosk_id, day, counter, item, idx, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (kiosk_id, day, counter, item, idx) DO UPDATE SET value = excluded.value");
    auto mark = db.prepare(
        "INSERT INTO usage_day (kiosk_id, day, received_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (kiosk_id, day) DO UPDATE SET received_at = excluded.received_at");
    if (!drop) return drop.error();
    if (!add) return add.error();
    if (!mark) return mark.error();
    for (const auto& d : days) {
        // Checked again here: parse_heartbeat drops what is not valid, and this is the last door.
        if (!usage::valid_day(d.day)) continue;
        drop->reset();
        if (auto r = drop->bind(1, kiosk_id).bind(2, d.day).run(); !r) return r.error();
        for (const auto& c : d.counts) {
            if (!usage::parse_counter(c.counter) || !usage::valid_item(c.item)) continue;
            add->reset();
            if (auto r = add->bind(1, kiosk_id)
                             .bind(2, d.day)
                             .bind(3, c.counter)
                             .bind(4, c.item)
                             .bind(5, std::int64_t{c.index})
                             .bind(6, c.value)
                             .run();
                !r)
                return r.error();
        }
        mark->reset();
        if (auto r = mark->bind(1, kiosk_id).bind(2, d.day).bind(3, now).run(); !r) return r.error();
        stored.push_back(d.day);
    }
    if (auto r = txn->commit(); !r) return r.error();
    return stored;
}

namespace {

int days_in_month(std::string_view month) {
    const int y = std::stoi(std::string(month.substr(0, 4))), m = std::stoi(std::string(month.substr(5, 2)));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

std::vector<UsageReport::Item> ranked(const std::map<std::pair<std::string, int>, std::int64_t>& m) {
    std::vector<UsageReport::Item> out;
    for (const auto& [k, n] : m) out.push_back({k.first, k.second, n});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    return out;
}

}  // namespace

Result<UsageReport> usage_report(sql::Database& db, std::string_view month, std::string_view kiosk_id) {
    if (!usage::valid_month(month)) return fail("month: expected YYYY-MM, got « " + std::string(month) + " »");
    UsageReport r;
    r.month = std::string(month);
    r.kiosk_id = std::string(kiosk_id);
    const std::string first = r.month + "-01", last = r.month + "-31";
    auto st = db.prepare(
        "SELECT day, counter, item, idx, sum(value), count(DISTINCT kiosk_id) FROM usage_counter "
        "WHERE day BETWEEN ?1 AND ?2 AND (coalesce(?3, '') = '' OR kiosk_id = ?3) GROUP BY day, counter, item, idx "
        "ORDER BY day, counter, item, idx");
    if (!st) return st.error();
    st->bind(1, first).bind(2, last).bind(3, kiosk_id);
    const int n_days = days_in_month(month);
    for (int d = 1; d <= n_days; ++d) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%s-%02d", r.month.c_str(), d);
        r.days.push_back({buf, 0, 0, 0, 0});
    }
    std::map<std::string, UsageReport::Demarche> demarches;
    std::map<std::string, std::map<int, std::int64_t>> steps;
    std::map<std::pair<std::string, int>, std::int64_t> pages, rubriques, maps, settings;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        UsageRow u{st->column_text(0), st->column_text(1), st->column_text(2), static_cast<int>(st->column_int64(3)),
                   st->column_int64(4)};
        const int day = std::stoi(u.day.substr(8, 2));
        if (day < 1 || day > n_days) continue;
        auto& d = r.days[static_cast<std::size_t>(day - 1)];
        auto c = usage::parse_counter(u.counter);
        if (!c) continue;
        switch (*c) {
            case usage::Counter::session: d.sessions += u.value; break;
            case usage::Counter::demarche_started:
                d.started += u.value;
                demarches[u.item].started += u.value;
                break;
            case usage::Counter::demarche_finished:
                d.finished += u.value;
                demarches[u.item].finished += u.value;
                break;
            case usage::Counter::demarche_abandoned:
                d.abandoned += u.value;
                demarches[u.item].abandoned += u.value;
                steps[u.item][u.index] += u.value;
                break;
            case usage::Counter::demarche_seconds: demarches[u.item].seconds += u.value; break;
            case usage::Counter::page_viewed: pages[{u.item, 0}] += u.value; break;
            case usage::Counter::rubrique_viewed: rubriques[{u.item, 0}] += u.value; break;
            case usage::Counter::map_opened: maps[{u.item, 0}] += u.value; break;
            case usage::Counter::setting_used: settings[{u.item, u.index}] += u.value; break;
        }
        r.rows.push_back(std::move(u));
    }
    auto k = db.prepare(
        "SELECT count(DISTINCT kiosk_id) FROM usage_day WHERE day BETWEEN ?1 AND ?2 AND (coalesce(?3, '') = '' OR kiosk_id = ?3)");
    if (!k) return k.error();
    k->bind(1, first).bind(2, last).bind(3, kiosk_id);
    if (auto row = k->step(); !row) return row.error();
    r.kiosks = static_cast<int>(k->column_int64(0));
    for (const auto& d : r.days) {
        r.sessions += d.sessions;
        r.started += d.started;
        r.finished += d.finished;
        r.abandoned += d.abandoned;
    }
    for (auto& [id, d] : demarches) {
        d.id = id;
        for (const auto& [step, n] : steps[id]) d.abandoned_at.emplace_back(step, n);
        r.demarches.push_back(d);
    }
    std::stable_sort(r.demarches.begin(), r.demarches.end(),
                     [](const auto& a, const auto& b) { return a.started > b.started; });
    r.pages = ranked(pages);
    r.rubriques = ranked(rubriques);
    r.maps = ranked(maps);
    r.settings = ranked(settings);
    return r;
}

std::string report_json(const UsageReport& r) {
    json days = json::array();
    for (const auto& d : r.days)
        days.push_back({{"day", d.day},
                        {"sessions", d.sessions},
                        {"started", d.started},
                        {"finished", d.finished},
                        {"abandoned", d.abandoned}});
    json demarches = json::array();
    for (const auto& d : r.demarches) {
        json at = json::array();
        for (const auto& [step, n] : d.abandoned_at) at.push_back({{"step", step}, {"count", n}});
        demarches.push_back({{"id", d.id},
                             {"started", d.started},
                             {"finished", d.finished},
                             {"abandoned", d.abandoned},
                             {"average_seconds", d.finished > 0 ? d.seconds / d.finished : 0},
                             {"abandoned_at", at}});
    }
    auto items = [](const std::vector<UsageReport::Item>& list, bool with_index) {
        json out = json::array();
        for (const auto& i : list) {
            json j = {{"id", i.id}, {"count", i.count}};
            if (with_index) j["index"] = i.index;
            out.push_back(std::move(j));
        }
        return out;
    };
    return json{{"month", r.month},
                {"kiosk", r.kiosk_id},
                {"kiosks", r.kiosks},
                {"totals",
                 {{"sessions", r.sessions}, {"started", r.started}, {"finished", r.finished}, {"abandoned", r.abandoned}}},
                {"days", days},
                {"demarches", demarches},
                {"pages", items(r.pages, false)},
                {"rubriques", items(r.rubriques, false)},
                {"maps", items(r.maps, false)},
                {"settings", items(r.settings, true)}}
        .dump();
}

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string report_csv(const UsageReport& r) {
    std::string out = "Jour,Compteur,Libellé,Élément,Indice,Valeur\r\n";
    for (const auto& u : r.rows) {
        const auto c = usage::parse_counter(u.counter);
        out += csv_field(u.day) + "," + csv_field(u.counter) + "," + csv_field(c ? usage::label_fr(*c) : "") + "," +
               csv_field(u.item) + "," + std::to_string(u.index) + "," + std::to_string(u.value) + "\r\n";
    }
    return out;
}

namespace {

// The least "nice" number (1, 2, 5 × 10^k) at or above V, for the axis.
std::int64_t nice_max(std::int64_t v) {
    std::int64_t step = 1;
    for (;;) {
        for (std::int64_t m : {1, 2, 5})
            if (m * step >= v) return m * step;
        step *= 10;
    }
}

// One bar chart of SERIES (one colour each, side by side per day) at Y, H high.
void chart(std::ostringstream& o, const UsageReport& r, double y, double h, const std::string& title,
           const std::vector<std::pair<std::string, std::vector<std::int64_t>>>& series,
           const std::vector<std::string>& colours) {
    const double left = 56, width = 660, plot_h = h - 64;
    std::int64_t top = 1;
    for (const auto& [name, values] : series)
        for (auto v : values) top = std::max(top, v);
    top = nice_max(top);
    const double base = y + 28 + plot_h;
    o << "<g>\n<text x=\"" << left << "\" y=\"" << y + 16 << "\" font-size=\"15\" font-weight=\"bold\">"
      << escape_markup(title) << "</text>\n";
    const std::int64_t divisions = top >= 5 ? 5 : top;  // whole values on every line
    for (std::int64_t t = 0; t <= divisions; ++t) {  // horizontal grid and its values
        const double gy = base - plot_h * static_cast<double>(t) / static_cast<double>(divisions);
        o << "<line x1=\"" << left << "\" x2=\"" << left + width << "\" y1=\"" << gy << "\" y2=\"" << gy
          << "\" stroke=\"#c8c8c8\" stroke-width=\"1\"/>\n";
        o << "<text x=\"" << left - 6 << "\" y=\"" << gy + 4 << "\" font-size=\"11\" text-anchor=\"end\">"
          << top * t / divisions << "</text>\n";
    }
    const std::size_t n = r.days.size();
    const double slot = width / static_cast<double>(n);
    const double bar = (slot - 2) / static_cast<double>(series.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t s = 0; s < series.size(); ++s) {
            const auto v = series[s].second[i];
            const double bh = plot_h * static_cast<double>(v) / static_cast<double>(top);
            o << "<rect x=\"" << left + slot * i + 1 + bar * s << "\" y=\"" << base - bh << "\" width=\"" << bar
              << "\" height=\"" << bh << "\" fill=\"" << colours[s] << "\"><title>" << escape_markup(r.days[i].day) << " : "
              << v << " " << escape_markup(series[s].first) << "</title></rect>\n";
        }
        const int day = static_cast<int>(i) + 1;
        if (day == 1 || day % 5 == 0)
            o << "<text x=\"" << left + slot * (i + 0.5) << "\" y=\"" << base + 14
              << "\" font-size=\"11\" text-anchor=\"middle\">" << day << "</text>\n";
    }
    double lx = left;
    for (std::size_t s = 0; s < series.size(); ++s) {  // legend
        o << "<rect x=\"" << lx << "\" y=\"" << base + 24 << "\" width=\"12\" height=\"12\" fill=\"" << colours[s]
          << "\"/>\n<text x=\"" << lx + 16 << "\" y=\"" << base + 34 << "\" font-size=\"12\">"
          << escape_markup(series[s].first) << "</text>\n";
        lx += 24 + 8.0 * static_cast<double>(series[s].first.size());
    }
    o << "</g>\n";
}

}  // namespace

std::string report_svg(const UsageReport& r, std::string_view note) {
    std::vector<std::int64_t> sessions, finished, abandoned;
    for (const auto& d : r.days) {
        sessions.push_back(d.sessions);
        finished.push_back(d.finished);
        abandoned.push_back(d.abandoned);
    }
    const std::string scope = r.kiosk_id.empty() ? "toutes les bornes" : "borne " + r.kiosk_id;
    const double top = note.empty() ? 0 : 28;
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"usage-title usage-desc\" "
         "width=\"740\" height=\""
      << 550 + top << "\" viewBox=\"0 0 740 " << 550 + top
      << "\" font-family=\"DejaVu Sans, sans-serif\" fill=\"#1a1a1a\">\n";
    o << "<title id=\"usage-title\">Utilisation des bornes, " << escape_markup(r.month) << " (" << escape_markup(scope)
      << ")</title>\n";
    o << "<desc id=\"usage-desc\">" << escape_markup(std::string(note)) << (note.empty() ? "" : ". ") << r.sessions
      << " sessions, " << r.started << " démarches commencées, " << r.finished << " terminées, " << r.abandoned
      << " abandonnées. Barres par jour du mois ; les chiffres sont aussi dans le tableau de la page.</desc>\n";
    o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    if (!note.empty())
        o << "<text x=\"56\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#a0281e\">" << escape_markup(note)
          << "</text>\n";
    chart(o, r, 8 + top, 250, "Sessions par jour, " + r.month, {{"sessions", sessions}}, {"#1f5fa8"});
    chart(o, r, 290 + top, 250, "Démarches par jour, " + r.month, {{"terminées", finished}, {"abandonnées", abandoned}},
          {"#2e7d32", "#c25400"});
    o << "</svg>\n";
    return o.str();
}

std::string report_text_fr(const UsageReport& r) {
    std::ostringstream o;
    o << "Statistiques d’utilisation, " << r.month << " (" << (r.kiosk_id.empty() ? "toutes les bornes" : r.kiosk_id)
      << ", " << r.kiosks << " borne(s) ayant envoyé des compteurs)\n";
    o << "  sessions : " << r.sessions << "\n  démarches commencées : " << r.started << ", terminées : " << r.finished
      << ", abandonnées : " << r.abandoned << "\n";
    for (const auto& d : r.demarches) {
        o << "  démarche " << d.id << " : " << d.started << " commencée(s), " << d.finished << " terminée(s), "
          << d.abandoned << " abandonnée(s)";
        if (d.finished > 0) o << ", durée moyenne " << (d.seconds / d.finished + 30) / 60 << " min";
        if (!d.abandoned_at.empty()) {
            o << " ; abandons par étape :";
            for (const auto& [step, n] : d.abandoned_at) o << " " << step << "→" << n;
        }
        o << "\n";
    }
    auto list = [&o](const char* what, const std::vector<UsageReport::Item>& items, bool index) {
        if (items.empty()) return;
        o << "  " << what << " :";
        for (std::size_t i = 0; i < items.size() && i < 10; ++i) {
            o << (i ? ", " : " ") << items[i].id;
            if (index && items[i].index) o << " " << items[i].index << " %";
            o << " (" << items[i].count << ")";
        }
        o << "\n";
    };
    list("pages les plus lues", r.pages, false);
    list("rubriques", r.rubriques, false);
    list("plans", r.maps, false);
    list("réglages (sessions)", r.settings, true);
    return o.str();
}

}  // namespace guichet::sync::hub
