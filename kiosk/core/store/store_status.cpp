// Statuses, last sync, retention and the staff summary (see store.hpp).
#include "store/store_internal.hpp"

#include "crypto/sodium_init.hpp"
#include "store/schema.hpp"
#include "store/tracking_code.hpp"
#include <sodium.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>
#include <charconv>
#include <chrono>
#include <new>

namespace guichet::store {

using namespace detail;

Result<void> Store::upsert_status(std::string_view tracking_code, std::string_view status, std::string_view message,
                                  Timestamp updated_at) {
    const std::string what = "cannot store the status of " + std::string(tracking_code);
    if (!tracking::valid(tracking_code)) return fail(what + ": not a valid tracking code");
    auto st = db_.prepare(
        "INSERT INTO status (tracking_code, status, message, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (tracking_code) DO UPDATE SET status = excluded.status, message = excluded.message, "
        "updated_at = excluded.updated_at WHERE excluded.updated_at >= status.updated_at");
    if (!st) return context(what, st.error());
    if (auto r = st->bind(1, tracking_code).bind(2, status).bind(3, message).bind(4, updated_at).run(); !r)
        return context(what, r.error());
    return {};
}

Result<void> Store::upsert_statuses(const std::vector<StatusUpdate>& updates) {
    if (updates.empty()) return {};
    const std::string what = "cannot store " + std::to_string(updates.size()) + " statuses";
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    for (const auto& u : updates)
        if (auto r = upsert_status(u.tracking_code, u.status, u.message, u.updated_at); !r) return r;
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return {};
}

Result<void> Store::set_last_sync(Timestamp t) {
    auto st = db_.prepare("INSERT OR REPLACE INTO setting (key, value) VALUES ('last_sync', ?1)");
    if (!st) return context("cannot record the last sync", st.error());
    if (auto r = st->bind(1, std::to_string(t)).run(); !r) return context("cannot record the last sync", r.error());
    return {};
}

Result<std::optional<Timestamp>> Store::last_sync() {
    auto st = db_.prepare("SELECT value FROM setting WHERE key = 'last_sync'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Timestamp>{};
    auto text = st->column_text(0);
    Timestamp t = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t);
    if (ec != std::errc() || end != text.data() + text.size())
        return fail("last_sync setting is not a number: " + text);
    return std::optional<Timestamp>{t};
}

Result<std::vector<std::string>> Store::booked_slots() {
    return first_column_texts(db_, "SELECT DISTINCT slot_id FROM booked_slot ORDER BY slot_id", "cannot read the booked slots");
}

Result<std::optional<TrackingInfo>> Store::status_for(std::string_view tracking_code) {
    const std::string what = "cannot look up " + std::string(tracking_code);
    TrackingInfo info;
    info.tracking_code = std::string(tracking_code);
    bool known = false;
    auto d = db_.prepare("SELECT state, created_at, delivered_at FROM demarche WHERE tracking_code = ?1");
    if (!d) return context(what, d.error());
    d->bind(1, tracking_code);
    auto row = d->step();
    if (!row) return context(what, row.error());
    if (*row) {
        known = true;
        info.local_state = parse_state(d->column_text(0));
        info.created_at = d->column_int64(1);
        info.delivered_at = d->column_opt_int64(2);
    }
    auto s = db_.prepare("SELECT status, message, updated_at FROM status WHERE tracking_code = ?1");
    if (!s) return context(what, s.error());
    s->bind(1, tracking_code);
    row = s->step();
    if (!row) return context(what, row.error());
    if (*row) {
        known = true;
        info.status =
            StatusRecord{std::string(tracking_code), s->column_text(0), s->column_text(1), s->column_int64(2)};
    }
    if (!known) return std::optional<TrackingInfo>{};
    auto ls = last_sync();
    if (!ls) return context(what, ls.error());
    info.last_sync = *ls;
    return std::optional<TrackingInfo>{std::move(info)};
}

Result<RetentionSettings> Store::retention() {
    auto st = db_.prepare("SELECT sealed_hours, metadata_days, status_days FROM retention WHERE id = 1");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("retention settings are missing");
    return RetentionSettings{static_cast<int>(st->column_int64(0)), static_cast<int>(st->column_int64(1)),
                             static_cast<int>(st->column_int64(2))};
}

Result<void> Store::set_retention(const RetentionSettings& r) {
    if (r.sealed_hours < 0 || r.metadata_days < 1 || r.status_days < 1)
        return fail("retention: sealed_hours must be ≥ 0, metadata_days and status_days ≥ 1");
    auto st = db_.prepare("UPDATE retention SET sealed_hours = ?1, metadata_days = ?2, status_days = ?3 WHERE id = 1");
    if (!st) return st.error();
    return st->bind(1, std::int64_t{r.sealed_hours})
        .bind(2, std::int64_t{r.metadata_days})
        .bind(3, std::int64_t{r.status_days})
        .run();
}

Result<RetentionReport> Store::apply_retention(Timestamp now) {
    const std::string what = "cannot apply the retention settings";
    auto settings = retention();
    if (!settings) return context(what, settings.error());
    auto txn = Transaction::begin(db_);
    if (!txn) return context(what, txn.error());
    RetentionReport report;
    auto purged = purge_before(db_, now - std::int64_t{settings->sealed_hours} * 3600);
    if (!purged) return context(what, purged.error());
    report.purged = *purged;
    auto meta = db_.prepare("DELETE FROM demarche WHERE state = 'purged' AND delivered_at < ?1");
    if (!meta) return context(what, meta.error());
    if (auto r = meta->bind(1, now - std::int64_t{settings->metadata_days} * 86400).run(); !r)
        return context(what, r.error());
    report.metadata_deleted = static_cast<int>(db_.changes());
    auto stat = db_.prepare("DELETE FROM status WHERE updated_at < ?1");
    if (!stat) return context(what, stat.error());
    if (auto r = stat->bind(1, now - std::int64_t{settings->status_days} * 86400).run(); !r)
        return context(what, r.error());
    report.statuses_deleted = static_cast<int>(db_.changes());
    auto booked = db_.prepare("DELETE FROM booked_slot WHERE booked_at < ?1");
    if (!booked) return context(what, booked.error());
    if (auto r = booked->bind(1, now - std::int64_t{settings->metadata_days} * 86400).run(); !r)
        return context(what, r.error());
    report.booked_slots_deleted = static_cast<int>(db_.changes());
    auto usage_days = db_.prepare(
        "DELETE FROM usage_day WHERE (day < ?1 AND sent_generation >= generation) OR day < ?2 RETURNING day");
    if (!usage_days) return context(what, usage_days.error());
    usage_days->bind(1, usage::day_of(now - std::int64_t{kUsageSentDays} * 86400))
        .bind(2, usage::day_of(now - std::int64_t{kUsageMaxDays} * 86400));
    for (;;) {
        auto row = usage_days->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        ++report.usage_days_deleted;
    }
    if (auto r = db_.exec("DELETE FROM usage_counter WHERE day NOT IN (SELECT day FROM usage_day)"); !r)
        return context(what, r.error());
    if (auto r = txn->commit(); !r) return context(what, r.error());
    return report;
}

Result<QueueSummary> Store::queue_summary(Timestamp now) {
    const std::string what = "cannot summarise the queue";
    QueueSummary q;
    if (auto r = db_.exec("BEGIN"); !r) return context(what, r.error());
    struct EndRead {
        Database& db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } end{db_};
    auto counts = db_.prepare("SELECT state, count(*) FROM demarche GROUP BY state");
    if (!counts) return context(what, counts.error());
    for (;;) {
        auto row = counts->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        int n = static_cast<int>(counts->column_int64(1));
        switch (parse_state(counts->column_text(0)).value_or(State::queued)) {
            case State::queued:
                q.queued = n;
                break;
            case State::sending:
                q.sending = n;
                break;
            case State::delivered:
                q.delivered = n;
                break;
            case State::purged:
                q.purged = n;
                break;
        }
    }
    auto due = db_.prepare("SELECT count(*) FROM demarche WHERE state = 'queued' AND next_attempt_at <= ?1");
    if (!due) return context(what, due.error());
    due->bind(1, now);
    if (auto row = due->step(); !row) return context(what, row.error());
    q.due = static_cast<int>(due->column_int64(0));
    auto oldest = db_.prepare("SELECT min(created_at) FROM demarche WHERE state IN ('queued', 'sending')");
    if (!oldest) return context(what, oldest.error());
    if (auto row = oldest->step(); !row) return context(what, row.error());
    q.oldest_queued = oldest->column_opt_int64(0);
    auto errors = db_.prepare(
        "SELECT last_error, count(*) FROM demarche WHERE state IN ('queued', 'sending') AND last_error IS NOT NULL "
        "GROUP BY last_error ORDER BY 2 DESC, 1 LIMIT 10");
    if (!errors) return context(what, errors.error());
    for (;;) {
        auto row = errors->step();
        if (!row) return context(what, row.error());
        if (!*row) break;
        q.errors.push_back({errors->column_text(0), static_cast<int>(errors->column_int64(1))});
    }
    auto ls = last_sync();
    if (!ls) return context(what, ls.error());
    q.last_sync = *ls;
    auto v = schema_version(db_);
    if (!v) return context(what, v.error());
    q.schema_version = *v;
    return q;
}

}  // namespace guichet::store
