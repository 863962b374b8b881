// Alerts when kiosks have problems (docs/alerts.md): told once when they
// appear and once when they are gone, to a webhook and by mail, again after
// a channel was down, and never with a header a kiosk's name could inject.
#include "hub/alerts.hpp"
#include "hub/hub_db.hpp"
#include "protocol/messages.hpp"
#include "fake_hub.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

// A kiosk's heartbeat as the hub keeps it, received at RECEIVED_AT.
void beat(hub::HubContext& ctx, const std::string& kiosk, std::int64_t received_at, std::uint64_t free_disk) {
    Heartbeat b;
    b.free_disk_bytes = free_disk;
    b.software_version = "guichet-sync 1";
    b.sent_at = received_at;
    std::lock_guard lock(ctx.mutex());
    auto st = ctx.db().db().prepare(
        "INSERT INTO heartbeat (kiosk_id, received_at, body) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, body = excluded.body");
    REQUIRE(st.ok());
    st->bind(1, kiosk).bind(2, received_at).bind(3, to_json(b));
    REQUIRE(st->run().ok());
}

// A stand-in for sendmail: its arguments and standard input, appended to FILE.
std::filesystem::path fake_sendmail(const std::filesystem::path& dir, const std::filesystem::path& file) {
    const auto script = dir / "sendmail";
    std::ofstream(script) << "#!/bin/sh\n{ echo \"ARGS: $*\"; cat; echo '=== END'; } >> '" << file.string() << "'\n";
    ::chmod(script.c_str(), 0755);
    return script;
}


std::string file_text(const std::filesystem::path& file) {
    const Bytes b = read_all(file);
    return {b.begin(), b.end()};
}

}  // namespace

TEST_CASE("alerts: raised once, kept with their first date, cleared once") {
    std::vector<hub::Alert> before = {{"k1", "Mairie", "disk-low", "Disque presque plein : 10 Mio libres", 100},
                                      {"k2", "Salle", "printer", "Imprimante : plus de papier", 200}};
    std::vector<hub::Alert> now = {{"k1", "Mairie", "disk-low", "Disque presque plein : 8 Mio libres", 500},
                                   {"k1", "Mairie", "no-heartbeat", "Aucun signal depuis 2 h", 500}};
    auto changes = hub::alert_changes(before, now);
    REQUIRE(changes.raised.size() == 1);
    CHECK(changes.raised[0].code == "no-heartbeat");
    REQUIRE(changes.cleared.size() == 1);
    CHECK(changes.cleared[0].kiosk_id == "k2");
    CHECK(now[0].since == 100);  // the same problem, its text updated, not told again
    CHECK(hub::alert_changes(now, now).empty());
}

TEST_CASE("alerts: the mail is French, its subject encoded, and a kiosk's name cannot add a header") {
    hub::AlertChanges changes;
    changes.raised.push_back({"k1", "Borne\r\nBcc: pirate@example.org", "printer", "Imprimante : plus de papier", 0});
    hub::AlertOptions options;
    options.mail_to = {"mairie@anor.example"};
    options.mail_from = "hub@anor.example";
    options.hub_name = "Hub d’Anor";
    const auto mail = hub::alert_mail(changes, options, 1'800'000'000);
    CHECK(mail.find("To: mairie@anor.example\r\n") != std::string::npos);
    CHECK(mail.find("From: hub@anor.example\r\n") != std::string::npos);
    CHECK(mail.find("Subject: =?UTF-8?B?") != std::string::npos);
    CHECK(mail.find("\r\nBcc:") == std::string::npos);
    CHECK(mail.find("Nouveaux problèmes :") != std::string::npos);
    CHECK(mail.find("Borne  Bcc: pirate@example.org (k1) : Imprimante : plus de papier") != std::string::npos);
    CHECK(mail.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
}

TEST_CASE("alerts: a low disk goes to the webhook and the mail once, again after the webhook was down, then cleared") {
    TempDir dir;
    hub::HubOptions hub_options;
    hub_options.data_dir = dir / "hub";
    prepare_hub_dir(hub_options.data_dir);  // on PostgreSQL in the hub_postgres runs
    std::int64_t now = 1'800'000'000;
    hub_options.clock = [&now] { return now; };
    auto opened = hub::Hub::open(hub_options);
    REQUIRE(opened.ok());
    auto& ctx = (*opened)->context();
    const auto kiosk = enroll_kiosk_directly(dir / "hub", dir / "kiosk", "http://127.0.0.1:1");
    beat(ctx, kiosk, now, 50ull << 20);  // 50 MiB free

    const auto mails = dir / "mails.txt";
    hub::AlertOptions options;
    options.mail_to = {"mairie@anor.example"};
    options.sendmail = fake_sendmail(dir.path(), mails).string();
    options.hub_name = "Hub d’Anor";
    {
        // The webhook answers 503: nothing is recorded as told, so the next look tells it.
        FakeHub down({FakeHubMode::status_503});
        options.webhook_url = down.url() + "/alertes";
        hub::AlertNotifier notifier(ctx, options);
        auto failed = notifier.tick();
        CHECK_FALSE(failed.ok());
        CHECK_FALSE(std::filesystem::exists(dir / "hub" / "alerts.json"));
    }
    FakeHub up({FakeHubMode::ok});
    options.webhook_url = up.url() + "/alertes";
    hub::AlertNotifier notifier(ctx, options);
    auto told = notifier.tick();
    REQUIRE_MESSAGE(told.ok(), (told.ok() ? "" : told.error().message));
    REQUIRE(told->raised.size() == 1);
    CHECK(told->raised[0].code == "disk-low");
    auto requests = up.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].starts_with("POST /alertes HTTP/1.1\n"));
    auto body = nlohmann::json::parse(requests[0].substr(requests[0].find('\n') + 1));
    CHECK(body["hub"] == "Hub d’Anor");
    REQUIRE(body["raised"].size() == 1);
    CHECK(body["raised"][0]["kiosk_id"] == kiosk);
    CHECK(body["raised"][0]["code"] == "disk-low");
    CHECK(body["cleared"].empty());
    auto mail = file_text(mails);
    CHECK(mail.find("ARGS: -t -oi") != std::string::npos);
    CHECK(mail.find("Disque presque plein : 50 Mio libres") != std::string::npos);

    // Looked at again, a minute later, then by a restarted hub: nothing new to tell.
    now += 60;
    beat(ctx, kiosk, now, 40ull << 20);
    auto quiet = notifier.tick();
    REQUIRE(quiet.ok());
    CHECK(quiet->empty());
    hub::AlertNotifier restarted(ctx, options);
    CHECK(restarted.tick()->empty());
    CHECK(up.requests().size() == 1);

    // Disk freed: told once as gone.
    now += 60;
    beat(ctx, kiosk, now, 8ull << 30);
    auto cleared = restarted.tick();
    REQUIRE(cleared.ok());
    CHECK(cleared->raised.empty());
    REQUIRE(cleared->cleared.size() == 1);
    requests = up.requests();
    REQUIRE(requests.size() == 2);
    body = nlohmann::json::parse(requests[1].substr(requests[1].find('\n') + 1));
    CHECK(body["cleared"].size() == 1);
    CHECK(file_text(mails).find("Problèmes réglés :") != std::string::npos);
    CHECK(restarted.tick()->empty());
}

TEST_CASE("alerts: guichet-hub serve --alert-webhook tells a silent kiosk while it runs") {
    TempDir dir;
    FakeHub webhook({FakeHubMode::ok});
    const auto mails = dir / "mails.txt";
    const std::vector<std::string> options = {"--alert-webhook",  webhook.url() + "/hook",
                                              "--alert-mail",     "mairie@anor.example",
                                              "--alert-sendmail", fake_sendmail(dir.path(), mails).string(),
                                              "--alert-interval", "1"};
    auto hub = start_hub(dir / "hub", options);
    // Enrolled, never heard from: "Aucun signal reçu depuis l'inscription".
    enroll_kiosk_directly(dir / "hub", dir / "kiosk", hub.url);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    // The webhook is told first, then sendmail runs: wait for both, or the mail is read too early.
    const auto mail_told = [&] { return std::filesystem::exists(mails) && file_text(mails).find("=== END") != std::string::npos; };
    while ((webhook.requests().empty() || !mail_told()) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a condition, bounded
    auto requests = webhook.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].find("no-heartbeat") != std::string::npos);
    CHECK(file_text(mails).find("Aucun signal reçu depuis l’inscription") != std::string::npos);
}
