// Usage counters on the kiosk (docs/usage-stats.md): ids only, daily totals
// that add up, survive a restart, are sent by generation and forgotten by
// retention; a session's recorder counts starts, receipts and abandonments.
#include "store/schema.hpp"
#include "store_test_util.hpp"
#include "usage/recorder.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::test;

namespace {

std::int64_t value_of(const usage::DayCounts& d, usage::Counter c, const std::string& item = {}, int index = 0) {
    for (const auto& n : d.counts)
        if (n.counter == c && n.item == item && n.index == index) return n.value;
    return 0;
}

}  // namespace

TEST_CASE("usage: keys are pack ids only, never free text, a tracking code or a name") {
    usage::Tally t;
    CHECK(t.add("2026-11-03", usage::Counter::page_viewed, "vie-pratique.horaires"));
    CHECK(t.add("2026-11-03", usage::Counter::session));
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, "ANR-7K3Q-9P"));  // a tracking code
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, "Jean Dupont"));
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, "jean dupont"));   // a space
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, "jean@dupont.fr"));
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, "é"));
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::page_viewed, std::string(65, 'a')));
    CHECK_FALSE(t.add("3 novembre", usage::Counter::session));
    CHECK_FALSE(t.add("2026-13-03", usage::Counter::session));
    CHECK_FALSE(t.add("2026-11-03", usage::Counter::session, "", -1));
    CHECK(t.counts().size() == 2);
    CHECK(usage::page_item("pages/vie-pratique/horaires.md") == "vie-pratique.horaires");
    CHECK(usage::page_item("feed:jobs/offre-12") == "feed.jobs");
    CHECK(usage::page_item("pages/Mon Nom.md").empty());
}

TEST_CASE("usage: counts add up per day, survive a restart, and the database itself refuses what is not an id") {
    TempDir dir;
    {
        auto st = open_store(dir / "g.db");
        usage::Tally a;
        a.add("2026-11-03", usage::Counter::session, "", 0, 2);
        a.add("2026-11-03", usage::Counter::demarche_started, "inscription-cantine");
        REQUIRE(st.add_usage(a).ok());
        usage::Tally b;
        b.add("2026-11-03", usage::Counter::session);
        b.add("2026-11-04", usage::Counter::session);
        REQUIRE(st.add_usage(b).ok());
        // A direct write of free text is refused by the table's CHECK.
        CHECK_FALSE(st.database()
                        .exec("INSERT INTO usage_counter (day, counter, item, idx, value) "
                              "VALUES ('2026-11-03', 'page_viewed', 'Jean Dupont', 0, 1)")
                        .ok());
    }
    auto st = open_store(dir / "g.db");
    auto days = st.unsent_usage(10);
    REQUIRE(days.ok());
    REQUIRE(days->size() == 2);
    CHECK((*days)[0].day == "2026-11-03");
    CHECK(value_of((*days)[0], usage::Counter::session) == 3);
    CHECK(value_of((*days)[0], usage::Counter::demarche_started, "inscription-cantine") == 1);
    CHECK(value_of((*days)[1], usage::Counter::session) == 1);
    CHECK(st.unsent_usage(1).value().size() == 1);
}

TEST_CASE("usage: a day is sent as it was, a change made after the read keeps it unsent, retention forgets sent days") {
    TempDir dir;
    FakeClock clock;
    clock.set(1'793'750'400);  // 2026-11-04 00:00 UTC
    auto st = open_store(dir / "g.db", test_options(&clock));
    usage::Tally t;
    t.add("2026-09-01", usage::Counter::session);
    t.add("2026-11-03", usage::Counter::session);
    REQUIRE(st.add_usage(t).ok());
    auto read = st.unsent_usage(10).value();
    REQUIRE(read.size() == 2);
    usage::Tally later;
    later.add("2026-11-03", usage::Counter::session);  // a session ends while the heartbeat is on its way
    REQUIRE(st.add_usage(later).ok());
    for (const auto& d : read) REQUIRE(st.mark_usage_sent(d.day, d.generation).ok());
    auto again = st.unsent_usage(10).value();
    REQUIRE(again.size() == 1);
    CHECK(again[0].day == "2026-11-03");
    CHECK(value_of(again[0], usage::Counter::session) == 2);  // the whole day's total, not the change
    REQUIRE(st.mark_usage_sent(again[0].day, again[0].generation).ok());
    CHECK(st.unsent_usage(10).value().empty());
    auto report = st.apply_retention(clock.now());
    REQUIRE(report.ok());
    CHECK(report->usage_days_deleted == 1);  // 2026-09-01: sent and older than 35 days
    CHECK(query_int(st.database(), "SELECT count(*) FROM usage_counter WHERE day = '2026-09-01'") == 0);
    CHECK(query_int(st.database(), "SELECT count(*) FROM usage_counter WHERE day = '2026-11-03'") == 1);
}

TEST_CASE("usage: a version 5 store is migrated to 6 with its démarches kept, and counts at once") {
    TempDir dir;
    {
        auto db = store::Database::open(dir / "g.db");
        REQUIRE(db.ok());
        REQUIRE(store::migrate(*db, 5).ok());
        CHECK(query_int(*db, "PRAGMA user_version") == 5);
    }
    auto st = open_store(dir / "g.db");
    CHECK(query_int(st.database(), "PRAGMA user_version") == 6);
    CHECK(store::current_schema_version() == 6);
    usage::Tally t;
    t.add("2026-11-03", usage::Counter::map_opened, "plan");
    REQUIRE(st.add_usage(t).ok());
    CHECK(st.unsent_usage(5).value().size() == 1);
}

TEST_CASE("usage recorder: a session counts once, a démarche's start, receipt and time, an abandonment at its step") {
    usage::SessionRecorder r;
    using S = usage::SessionRecorder::Screen;
    const std::string day = "2026-11-03";
    r.observe(day, S::home, "", 1, 0, 0);
    CHECK(r.take().empty());  // nobody touched anything
    r.observe(day, S::rubrique, "vie-pratique", 2, 0, 1);
    r.observe(day, S::rubrique, "vie-pratique", 2, 0, 1.1);  // the same visit, next frame
    r.observe(day, S::page, "vie-pratique.horaires", 3, 0, 2);
    r.observe(day, S::demarche, "inscription-cantine", 4, 0, 10);
    r.observe(day, S::demarche, "inscription-cantine", 4, 2, 60);
    r.observe(day, S::receipt, "", 5, 0, 190.4);
    r.observe(day, S::receipt, "", 5, 0, 191);
    r.setting(day, usage::Setting::high_contrast);
    r.setting(day, usage::Setting::high_contrast);
    r.setting(day, usage::Setting::text_size, 150);
    // A second démarche left at its second step.
    r.observe(day, S::demarche, "acte-etat-civil", 6, 0, 200);
    r.observe(day, S::demarche, "acte-etat-civil", 6, 1, 230);
    r.end_session(day);
    auto t = r.take();
    auto count = [&](usage::Counter c, const std::string& item = {}, int index = 0) -> std::int64_t {
        auto it = t.counts().find(usage::Key{day, c, item, index});
        return it == t.counts().end() ? 0 : it->second;
    };
    CHECK(count(usage::Counter::session) == 1);
    CHECK(count(usage::Counter::rubrique_viewed, "vie-pratique") == 1);
    CHECK(count(usage::Counter::page_viewed, "vie-pratique.horaires") == 1);
    CHECK(count(usage::Counter::demarche_started, "inscription-cantine") == 1);
    CHECK(count(usage::Counter::demarche_finished, "inscription-cantine") == 1);
    CHECK(count(usage::Counter::demarche_seconds, "inscription-cantine") == 180);
    CHECK(count(usage::Counter::demarche_abandoned, "inscription-cantine", 3) == 0);
    CHECK(count(usage::Counter::demarche_started, "acte-etat-civil") == 1);
    CHECK(count(usage::Counter::demarche_abandoned, "acte-etat-civil", 2) == 1);
    CHECK(count(usage::Counter::setting_used, "high-contrast") == 1);
    CHECK(count(usage::Counter::setting_used, "text-size", 150) == 1);
    // The next session counts again.
    r.observe(day, S::page, "vie-pratique.horaires", 9, 0, 300);
    r.end_session(day);
    CHECK(r.take().counts().at(usage::Key{day, usage::Counter::session, "", 0}) == 1);
}
