// Usage statistics through the sync (docs/usage-stats.md, protocol.md §6 1.6):
// the agent sends its unsent days with the heartbeat, the hub replaces a day
// sent again, a 1.5 hub (204) leaves them waiting, a 1.5 agent's heartbeat is
// answered as before; the monthly report's sums, CSV quoting and SVG; the staff
// route; and the privacy test: a démarche's answers, tracking code and the
// resident's name reach neither the counters, nor the heartbeat sent, nor the
// hub's tables, report, CSV or chart.
#include "agent/agent.hpp"
#include "fake_hub.hpp"
#include "hub/hub_db.hpp"
#include "hub/usage_stats.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "usage/recorder.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using nlohmann::json;

namespace {

agent::AgentOptions agent_options(const std::filesystem::path& state, std::int64_t now, std::string hub_url = {}) {
    agent::AgentOptions o;
    o.state_dir = state;
    o.clock = [now] { return now; };
    o.hub_url = std::move(hub_url);
    return o;
}

store::StoreOptions anor() {
    store::StoreOptions o;
    o.tracking_prefix = "ANR";
    return o;
}

// Every cell of TABLE, as text.
template <class Db>
std::string dump(Db& db, const std::string& table) {
    auto st = db.prepare("SELECT * FROM " + table);
    REQUIRE(st.ok());
    std::string out;
    while (st->step().value()) {
        for (int c = 0; c < 8; ++c) out += st->column_opt_text(c).value_or("") + "|";
        out += "\n";
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Fails naming WHERE when one of SECRETS appears in TEXT (in any case).
void check_absent(const std::string& text, const std::vector<std::string>& secrets, const char* where) {
    for (const auto& s : secrets) {
        CHECK_MESSAGE(text.find(s) == std::string::npos, where << " holds « " << s << " »");
        CHECK_MESSAGE(lower(text).find(lower(s)) == std::string::npos, where << " holds « " << s << " » (any case)");
    }
}

agent::CycleReport one_step(agent::Agent& ag, std::int64_t now, Result<void>& result) {
    agent::CycleReport report;
    std::atomic<bool> stop{false};
    agent::CycleContext ctx{ag, ag.store(), ag.hub(), ag.options(), now, report, stop};
    result = agent::heartbeat_step(ctx);
    return report;
}

}  // namespace

TEST_CASE("usage report: sums per day and démarche, abandonments by step, CSV quoted as RFC 4180, SVG with title") {
    TempDir dir;
    auto db = open_hub_db(dir / "hub");
    REQUIRE(db.ok());
    auto day = [](std::string d, std::vector<UsageCount> c) { return UsageDay{std::move(d), std::move(c)}; };
    REQUIRE(hub::store_usage(db->db(), "k-1",
                             {day("2026-11-03", {{"session", "", 0, 5},
                                                 {"demarche_started", "inscription-cantine", 0, 3},
                                                 {"demarche_finished", "inscription-cantine", 0, 2},
                                                 {"demarche_seconds", "inscription-cantine", 0, 600},
                                                 {"demarche_abandoned", "inscription-cantine", 2, 1},
                                                 {"page_viewed", "vie-pratique.horaires", 0, 4},
                                                 {"setting_used", "text-size", 150, 1}}),
                              day("2026-10-31", {{"session", "", 0, 99}})},  // another month
                             100)
                .ok());
    REQUIRE(hub::store_usage(db->db(), "k-2",
                             {day("2026-11-03", {{"session", "", 0, 2}, {"page_viewed", "vie-pratique.horaires", 0, 1}}),
                              day("2026-11-30", {{"session", "", 0, 1}})},
                             100)
                .ok());
    auto r = hub::usage_report(db->db(), "2026-11");
    REQUIRE(r.ok());
    CHECK(r->kiosks == 2);
    REQUIRE(r->days.size() == 30);
    CHECK(r->days[2].sessions == 7);
    CHECK(r->days[29].sessions == 1);
    CHECK(r->sessions == 8);
    CHECK(r->started == 3);
    CHECK(r->finished == 2);
    CHECK(r->abandoned == 1);
    REQUIRE(r->demarches.size() == 1);
    CHECK(r->demarches[0].seconds == 600);
    CHECK(r->demarches[0].abandoned_at == std::vector<std::pair<int, std::int64_t>>{{2, 1}});
    REQUIRE(r->pages.size() == 1);
    CHECK(r->pages[0].count == 5);
    CHECK(json::parse(hub::report_json(*r))["demarches"][0]["average_seconds"] == 300);
    auto one = hub::usage_report(db->db(), "2026-11", "k-2");
    REQUIRE(one.ok());
    CHECK(one->sessions == 3);
    CHECK_FALSE(hub::usage_report(db->db(), "novembre").ok());

    const auto csv = hub::report_csv(*r);
    CHECK(csv.starts_with("Jour,Compteur,Libellé,Élément,Indice,Valeur\r\n"));
    // A label with a comma is quoted; every line ends with CRLF.
    CHECK(csv.find("2026-11-03,demarche_seconds,\"Durée des démarches terminées, en secondes\",inscription-cantine,0,600\r\n") !=
          std::string::npos);
    CHECK(csv.find("2026-11-03,session,Sessions,,0,7\r\n") != std::string::npos);
    CHECK(csv.find("2026-10-31") == std::string::npos);
    CHECK(hub::csv_field("a\"b") == "\"a\"\"b\"");
    CHECK(hub::csv_field("a\nb") == "\"a\nb\"");
    CHECK(hub::csv_field("ab") == "ab");

    const auto svg = hub::report_svg(*r, "Données simulées");
    CHECK(svg.starts_with("<svg "));
    CHECK(svg.find("<title id=\"usage-title\">Utilisation des bornes, 2026-11") != std::string::npos);
    CHECK(svg.find("<desc id=\"usage-desc\">Données simulées. 8 sessions") != std::string::npos);
    CHECK(std::count(svg.begin(), svg.end(), '\n') > 60);  // a bar (with its title) per day and series
}

TEST_CASE("usage sync: the hub replaces a day sent again, a 1.5 hub leaves the days unsent, a 1.5 agent gets 204") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    const auto kiosk = enroll_kiosk_directly(dir / "hub", state, hub.url());
    const std::int64_t now = std::time(nullptr);
    {
        auto st = store::Store::open(state / store::kDatabaseFile).value();
        usage::Tally t;
        t.add("2026-11-03", usage::Counter::session, "", 0, 4);
        REQUIRE(st.add_usage(t).ok());
    }
    {
        // A 1.5 hub: 204, the member ignored. The agent's heartbeat succeeds, the day stays unsent.
        FakeHub old({.mode = FakeHubMode::no_content});
        auto ag = agent::Agent::open(agent_options(state, now, old.url()));
        REQUIRE(ag.ok());
        Result<void> r;
        one_step(*ag, now, r);
        CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        CHECK(ag->store().unsent_usage(10).value().size() == 1);
        REQUIRE(old.requests().size() == 1);
        CHECK(old.requests()[0].find("\"usage\":[{\"counts\":[[\"session\",\"\",0,4]],\"day\":\"2026-11-03\"}]") !=
              std::string::npos);
    }
    auto ag = agent::Agent::open(agent_options(state, now));
    REQUIRE(ag.ok());
    Result<void> r;
    one_step(*ag, now, r);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(ag->store().unsent_usage(10).value().empty());
    // More sessions that day: the whole day is sent again and replaces the hub's, not added to it.
    usage::Tally more;
    more.add("2026-11-03", usage::Counter::session, "", 0, 2);
    REQUIRE(ag->store().add_usage(more).ok());
    one_step(*ag, now, r);
    REQUIRE(r.ok());
    one_step(*ag, now, r);  // nothing left to send: a plain heartbeat
    REQUIRE(r.ok());
    {
        auto db = open_hub_db(dir / "hub");
        CHECK(db->db().query_int("SELECT value FROM usage_counter WHERE counter = 'session' AND kiosk_id = '" + kiosk +
                                 "'")
                  .value() == 6);
        // The usage is kept apart, not in the heartbeat kept for the Bornes page.
        CHECK(db->db().query_text("SELECT body FROM heartbeat").value().find("usage") == std::string::npos);
    }
    // A 1.5 agent's heartbeat, without usage: 204 as before.
    const std::string old_body = R"({"queue":{"queued":0,"sending":0,"delivered":0,"purged":0},"oldest_queued":null,)"
                                 R"("last_sync":null,"packs":[],"free_disk_bytes":10,"software_version":"1.5",)"
                                 R"("sent_at":5})";
    auto a = ag->hub().send("POST", paths::kKioskHeartbeat, {}, as_bytes(old_body), "application/json");
    REQUIRE(a.ok());
    CHECK(a->status == 204);
    // Usage of the wrong shape is malformed; a counter from a later agent is dropped, not refused.
    auto bad = ag->hub().send("POST", paths::kKioskHeartbeat, {},
                              as_bytes(R"({"queue":{},"usage":[{"day":"2026-11-04","counts":[["session",""]]}]})"),
                              "application/json");
    REQUIRE(bad.ok());
    CHECK(bad->status == 400);
    auto later = ag->hub().send(
        "POST", paths::kKioskHeartbeat, {},
        as_bytes(R"({"queue":{},"usage":[{"day":"2026-11-04","counts":[["voice_commands","",0,3],["session","",0,1]]}]})"),
        "application/json");
    REQUIRE(later.ok());
    CHECK(later->status == 200);
    CHECK(json::parse(later->body)["usage_days"] == json::array({"2026-11-04"}));
}

TEST_CASE("usage sync: a version 4 hub database is migrated to 5 and takes counters") {
    if (hub_on_postgres()) {
        MESSAGE("SQLite's migrations: not on PostgreSQL (its schema is made whole)");
        return;
    }
    TempDir dir;
    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->db().exec("DROP TABLE invoice_attempt; DROP TABLE invoice_offer; DROP TABLE sealed_register; DROP TABLE visio_booking; DROP TABLE usage_day; DROP TABLE usage_counter; PRAGMA user_version = 4").ok());
    }
    auto db = open_hub_db(dir / "hub");
    REQUIRE(db.ok());
    CHECK(db->db().query_int("PRAGMA user_version").value() == hub::kHubSchemaVersion);
    auto stored = hub::store_usage(db->db(), "k-1", {{"2026-11-03", {{"session", "", 0, 1}}}}, 1);
    REQUIRE(stored.ok());
    CHECK(*stored == std::vector<std::string>{"2026-11-03"});
}

TEST_CASE("usage privacy: a démarche's answers, its tracking code and the resident's name never reach the counters") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    const std::int64_t now = std::time(nullptr);
    const std::string day = usage::day_of(now);
    const std::string name = "Zéphyrine Quatrebarbe", answer = "impasse des Tilleuls sous la neige";
    std::string code;
    {
        // The démarche is stored as the kiosk stores it, and the session recorded as the UI records it.
        auto st = store::Store::open(state / store::kDatabaseFile, anor()).value();
        usage::SessionRecorder rec;
        using S = usage::SessionRecorder::Screen;
        rec.observe(day, S::rubrique, "vie-pratique", 1, 0, 0);
        rec.observe(day, S::demarche, "inscription-cantine", 2, 0, 5);
        rec.observe(day, S::demarche, "inscription-cantine", 2, 3, 90);
        store::Submission s;
        s.form_id = "inscription-cantine";
        s.form_version = 1;
        s.recipient_id = partner.id;
        s.recipient_key = partner.box.public_key;
        const std::string payload = json{{"nom", name}, {"adresse", answer}, {"prenom_enfant", "Ulysse"}}.dump();
        s.payload.assign(payload.begin(), payload.end());
        auto receipt = st.submit(s);
        REQUIRE(receipt.ok());
        code = receipt->tracking_code;
        rec.observe(day, S::receipt, "", 3, 0, 200);
        // Whatever a careless caller passes, free text is refused as a key.
        rec.observe(day, S::page, name, 4, 0, 210);
        rec.observe(day, S::page, code, 5, 0, 211);
        rec.observe(day, S::demarche, answer, 6, 0, 212);
        rec.observe(day, S::map, "Ulysse", 7, 0, 213);
        rec.end_session(day);
        auto tally = rec.take();
        usage::Tally direct;
        CHECK_FALSE(direct.add(day, usage::Counter::page_viewed, name));
        CHECK_FALSE(direct.add(day, usage::Counter::page_viewed, code));
        REQUIRE(st.add_usage(tally).ok());
        CHECK(tally.counts().count(usage::Key{day, usage::Counter::demarche_finished, "inscription-cantine", 0}) == 1);
    }
    const std::vector<std::string> secrets{name, answer, "Ulysse", code, "Zéphyrine", "Quatrebarbe", "Tilleuls"};
    {
        auto st = store::Store::open(state / store::kDatabaseFile, anor()).value();
        check_absent(dump(st.database(), "usage_counter") + dump(st.database(), "usage_day"), secrets,
                     "the kiosk's counters");
    }
    // The heartbeat as sent on the wire (a 1.5 hub records it and leaves the days unsent).
    {
        FakeHub recorder({.mode = FakeHubMode::no_content});
        auto ag = agent::Agent::open(agent_options(state, now, recorder.url()));
        REQUIRE(ag.ok());
        Result<void> r;
        one_step(*ag, now, r);
        REQUIRE(r.ok());
        REQUIRE(recorder.requests().size() == 1);
        const auto sent = recorder.requests()[0];
        CHECK(sent.find("inscription-cantine") != std::string::npos);
        check_absent(sent, secrets, "the heartbeat body");
    }
    // The real hub: one whole cycle, the démarche delivered and the counters stored.
    auto ag = agent::Agent::open(agent_options(state, now));
    REQUIRE(ag.ok());
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    CHECK(report.delivered == 1);
    CHECK(ag->store().unsent_usage(10).value().empty());
    auto db = open_hub_db(dir / "hub");
    REQUIRE(db.ok());
    const auto hub_tables = dump(db->db(), "usage_counter") + dump(db->db(), "usage_day") + dump(db->db(), "heartbeat");
    CHECK(hub_tables.find("inscription-cantine") != std::string::npos);
    check_absent(hub_tables, secrets, "the hub's usage tables and heartbeat");
    auto month = hub::usage_report(db->db(), day.substr(0, 7));
    REQUIRE(month.ok());
    CHECK(month->finished == 1);
    check_absent(hub::report_json(*month), secrets, "the report");
    check_absent(hub::report_csv(*month), secrets, "the CSV");
    check_absent(hub::report_svg(*month), secrets, "the chart");
    check_absent(hub::report_text_fr(*month), secrets, "the command's summary");
}

TEST_CASE("usage staff route: a signed-in staff member gets JSON, CSV and SVG, nobody else") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(hub::store_usage(db->db(), "k-1", {{"2026-11-03", {{"session", "", 0, 4}}}}, 1).ok());
    }
    add_staff_account(dir / "hub", "marie", "staff");
    const auto login = staff_sign_in(hub.url(), "marie");
    const std::string path = std::string(paths::kStaffUsage) + "?month=2026-11";
    auto anonymous = HubClient::create(hub.url()).value().send("GET", path);
    REQUIRE(anonymous.ok());
    CHECK(anonymous->status == 401);
    auto j = staff_call(hub.url(), login, "GET", path);
    CHECK(j.status == 200);
    CHECK(json::parse(j.body)["totals"]["sessions"] == 4);
    auto csv = staff_call(hub.url(), login, "GET", path + "&format=csv");
    CHECK(csv.status == 200);
    CHECK(csv.body.starts_with("Jour,Compteur"));
    auto svg = staff_call(hub.url(), login, "GET", path + "&format=svg");
    CHECK(svg.status == 200);
    CHECK(svg.body.starts_with("<svg"));
    CHECK(staff_call(hub.url(), login, "GET", std::string(paths::kStaffUsage) + "?month=11-2026").status == 400);
    CHECK(staff_call(hub.url(), login, "GET", path + "&format=xls").status == 400);
}
