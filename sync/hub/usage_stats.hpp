// The kiosks' anonymous usage counters at the hub (docs/usage-stats.md): kept
// per kiosk and day as the heartbeat brings them (protocol.md §6, 1.6), and the
// monthly report staff read on the « Statistiques » page, as JSON, CSV or an SVG
// chart (guichet-hub usage-report, GET /v1/staff/usage).
#pragma once

#include "common/result.hpp"
#include "protocol/messages.hpp"
#include "sql/sql.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync::hub {

// Stores the DAYS of KIOSK, each replacing what the hub had of that day (a day
// sent again is not counted twice), in one transaction. Returns the days stored.
Result<std::vector<std::string>> store_usage(sql::Database& db, std::string_view kiosk_id,
                                             const std::vector<UsageDay>& days, std::int64_t now);

struct UsageRow {  // one counter of one day, summed over the kiosks reported
    std::string day, counter, item;
    int index = 0;
    std::int64_t value = 0;
};

struct UsageReport {
    std::string month;     // YYYY-MM
    std::string kiosk_id;  // "" for every kiosk
    int kiosks = 0;        // kiosks that sent counters for the month
    struct Day {
        std::string day;
        std::int64_t sessions = 0, started = 0, finished = 0, abandoned = 0;
    };
    std::vector<Day> days;  // every day of the month
    struct Demarche {
        std::string id;
        std::int64_t started = 0, finished = 0, abandoned = 0, seconds = 0;
        std::vector<std::pair<int, std::int64_t>> abandoned_at;  // (step, count), by step
    };
    std::vector<Demarche> demarches;  // most started first
    struct Item {
        std::string id;
        int index = 0;
        std::int64_t count = 0;
    };
    std::vector<Item> pages, rubriques, maps, settings;  // most counted first
    std::int64_t sessions = 0, started = 0, finished = 0, abandoned = 0;
    std::vector<UsageRow> rows;  // the month's counters, for the CSV
};

// The report of MONTH (YYYY-MM) for KIOSK_ID ("" = all kiosks).
Result<UsageReport> usage_report(sql::Database& db, std::string_view month, std::string_view kiosk_id = {});

std::string report_json(const UsageReport& r);
// RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes doubled; French headers.
std::string report_csv(const UsageReport& r);
// Two bar charts (sessions per day; démarches finished and abandoned per day),
// plain SVG with <title> and <desc>. NOTE, when not empty, is written above the
// charts (e.g. « Données simulées »).
std::string report_svg(const UsageReport& r, std::string_view note = {});
// A few lines for the terminal (guichet-hub usage-report).
std::string report_text_fr(const UsageReport& r);

// RFC 4180 field.
std::string csv_field(std::string_view s);

}  // namespace guichet::sync::hub
