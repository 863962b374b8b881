// The kiosk's daily usage counters (docs/usage-stats.md, store.md §2 version 6).
#include "store/store_internal.hpp"

namespace guichet::store {

using namespace detail;

Result<void> Store::add_usage(const usage::Tally& tally) {
    const std::string what = "cannot record the usage counters";
    if (tally.empty()) return {};
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    auto add = db_.prepare(
        "INSERT INTO usage_counter (day, counter, item, idx, value) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (day, counter, item, idx) DO UPDATE SET value = min(value + excluded.value, ?6)");
    auto day = db_.prepare(
        "INSERT INTO usage_day (day, generation) VALUES (?1, 1) "
        "ON CONFLICT (day) DO UPDATE SET generation = generation + 1");
    if (!add) return context(what, add.error());
    if (!day) return context(what, day.error());
    std::string last_day;
    for (const auto& [k, n] : tally.counts()) {
        // Tally checked the key; checked again here, the store being the last door.
        if (!usage::valid_day(k.day) || !usage::valid_item(k.item)) return fail(what + ": not an id");
        add->reset();
        if (auto r = add->bind(1, k.day)
                         .bind(2, usage::name(k.counter))
                         .bind(3, k.item)
                         .bind(4, std::int64_t{k.index})
                         .bind(5, n)
                         .bind(6, usage::kMaxValue)
                         .run();
            !r)
            return context(what, r.error());
        if (k.day != last_day) {
            day->reset();
            if (auto r = day->bind(1, k.day).run(); !r) return context(what, r.error());
            last_day = k.day;
        }
    }
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return {};
}

Result<std::vector<usage::DayCounts>> Store::unsent_usage(int max_days) {
    const std::string what = "cannot read the usage counters";
    std::vector<usage::DayCounts> out;
    if (auto r = db_.exec("BEGIN"); !r) return context(what, r.error());
    struct EndRead {
        Database& db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } end{db_};
    auto days = db_.prepare(
        "SELECT day, generation FROM usage_day WHERE generation > sent_generation ORDER BY day LIMIT ?1");
    if (!days) return context(what, days.error());
    days->bind(1, std::int64_t{max_days});
    for (;;) {
        auto row = days->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        out.push_back({days->column_text(0), days->column_int64(1), {}});
    }
    auto counts = db_.prepare(
        "SELECT counter, item, idx, value FROM usage_counter WHERE day = ?1 ORDER BY counter, item, idx");
    if (!counts) return context(what, counts.error());
    for (auto& d : out) {
        counts->reset();
        counts->bind(1, d.day);
        for (;;) {
            auto row = counts->step();
            if (!row) return context(what, row.error());
            if (!*row) break;
            auto c = usage::parse_counter(counts->column_text(0));
            if (!c) continue;  // written by a later kiosk version: not ours to send
            d.counts.push_back({*c, counts->column_text(1), static_cast<int>(counts->column_int64(2)),
                                counts->column_int64(3)});
        }
    }
    return out;
}

Result<void> Store::mark_usage_sent(std::string_view day, std::int64_t generation) {
    auto st = db_.prepare("UPDATE usage_day SET sent_generation = max(sent_generation, ?2) WHERE day = ?1");
    if (!st) return context("cannot mark the usage counters sent", st.error());
    if (auto r = st->bind(1, day).bind(2, generation).run(); !r)
        return context("cannot mark the usage counters sent", r.error());
    return {};
}

}  // namespace guichet::store
