// The démarche path end to end, with real processes on loopback: a kiosk
// enrolled with a token, démarches (with multi-chunk attachments) drained by
// guichet-sync, fetched and opened byte-identical by guichet-partner, a status
// posted by the partner back in the kiosk's store; heartbeat, /metrics, staff page.
#include "store/store.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <csignal>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

std::string run(const std::string& command) {
    std::string out;
    int status = run_command(command, &out);
    INFO(command << "\n" << out);
    REQUIRE(status == 0);
    return out;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

TEST_CASE("flow: enrol, submit, drain, partner fetch byte-identical, status back to the kiosk") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    std::filesystem::create_directories(state);
    // The partner as staff set it up: its own signing key, registered with the hub's command.
    const auto partner_dir = dir / "partner";
    std::filesystem::create_directories(partner_dir);
    std::filesystem::copy_file(
        std::filesystem::path(GUICHET_SOURCE_DIR) / "assets/demo-keys/recipients/etat-civil.box.key",
        partner_dir / "etat-civil.box.key");
    run(std::string(GUICHET_PARTNER_TOOL) + " keygen --id etat-civil --out " + partner_dir.string());
    prepare_hub_dir(hub_data);  // on PostgreSQL in the hub_postgres runs
    run(std::string(GUICHET_HUB_TOOL) + " add-partner --data " + hub_data.string() + " --id etat-civil --key " +
        (partner_dir / "etat-civil.sign.pub").string());
    DemoPartner partner;
    partner.box_key_file = partner_dir / "etat-civil.box.key";
    partner.box = crypto::BoxKeyPair::load(partner.box_key_file).value();
    auto hub = start_hub(hub_data);

    // Enrolment exactly as staff script it: a token from the hub, no prompt.
    const auto token = trim(run(std::string(GUICHET_HUB_TOOL) + " enroll-token --data " + hub_data.string()));
    REQUIRE(token.size() >= 40);
    std::mt19937_64 rng(7);
    auto submitted = submit_demarches(state, 3, partner.id, partner.box.public_key, {0, 200'000, 70'000}, rng);
    run(std::string(GUICHET_SYNC_TOOL) + " enroll --state " + state.string() + " --hub " + hub.url + " --token " +
        token + " --name 'Mairie, hall'");
    CHECK((std::filesystem::status(state / "sync-key").permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    // The token is consumed: a second kiosk cannot use it.
    TempDir other;
    std::string out;
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " enroll --state " + other.path().string() + " --hub " +
                          hub.url + " --token " + token,
                      &out) == 1);
    CHECK(out.find("bad-token") != std::string::npos);

    auto log = run(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once --chunk-bytes 65536");
    CHECK(log.find("delivered 3, failed 0") != std::string::npos);
    {
        auto st = store::Store::open(state / store::kDatabaseFile);
        REQUIRE(st.ok());
        auto q = st->queue_summary(std::time(nullptr));
        REQUIRE(q.ok());
        CHECK(q->queued + q->sending == 0);
        CHECK(q->delivered + q->purged == 3);
        CHECK(q->last_sync.has_value());
    }

    const auto out_dir = dir / "fetched";
    const std::string partner_args = " --hub " + hub.url + " --key " + partner.box_key_file.string();
    run(std::string(GUICHET_PARTNER_TOOL) + " fetch" + partner_args + " --out " + out_dir.string() +
        " --keep-sealed --ack");
    for (const auto& s : submitted) {
        const auto d = out_dir / s.uuid;
        INFO(s.uuid);
        CHECK(read_all(d / "demarche.json") == s.payload);
        CHECK(read_all(d / "sealed/payload.bin") == s.sealed_payload);
        for (std::size_t i = 0; i < s.attachments.size(); ++i) {
            CHECK(read_all(d / "attachments" / (std::to_string(i) + "-" + s.attachment_names[i])) == s.attachments[i]);
            CHECK(read_all(d / "sealed" / ("attachment-" + std::to_string(i) + ".bin")) == s.sealed_attachments[i]);
        }
        auto info = nlohmann::json::parse(to_string(read_all(d / "info.json")));
        CHECK(info["tracking_code"] == s.tracking_code);
        // guichet-partner checked the envelope's signature with the author's key (protocol.md §4.4).
        CHECK(info["envelope"].get<std::string>().starts_with("signed by kiosk k-"));
        CHECK(info["kiosk_id"].get<std::string>().starts_with("k-"));
    }
    // Acknowledged: a second fetch lists nothing new.
    auto again = run(std::string(GUICHET_PARTNER_TOOL) + " fetch" + partner_args + " --out " + out_dir.string());
    CHECK(again.find("0 new") != std::string::npos);

    // Status back to the kiosk.
    run(std::string(GUICHET_PARTNER_TOOL) + " status" + partner_args + " " + submitted[1].tracking_code +
        " pret_a_retirer 'Votre acte est prêt : passez en mairie.'");
    run(std::string(GUICHET_PARTNER_TOOL) + " status" + partner_args + " " + submitted[0].tracking_code + " en_cours");
    CHECK(run_command(std::string(GUICHET_PARTNER_TOOL) + " status" + partner_args + " " + submitted[0].tracking_code +
                      " accepted") == 2);
    run(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once");
    auto st = store::Store::open(state / store::kDatabaseFile);
    REQUIRE(st.ok());
    auto info = st->status_for(submitted[1].tracking_code);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    REQUIRE((*info)->status.has_value());
    CHECK((*info)->status->status == "pret_a_retirer");
    CHECK((*info)->status->message == "Votre acte est prêt : passez en mairie.");
    auto first = st->status_for(submitted[0].tracking_code);
    REQUIRE(first.ok());
    REQUIRE((*first)->status.has_value());
    CHECK((*first)->status->message == "En cours");  // no message: the status itself

    // Observability: the heartbeat reached the hub.
    {
        auto client = guichet::sync::HubClient::create(hub.url);
        REQUIRE(client.ok());
        auto metrics = client->send("GET", "/metrics");
        REQUIRE(metrics.ok());
        CHECK(metrics->body.find("guichet_kiosk_queue_depth{kiosk=\"k-") != std::string::npos);
        CHECK(metrics->body.find("guichet_hub_demarches{state=\"acknowledged\"} 3") != std::string::npos);
        const auto login = staff_admin(hub_data, hub.url);
        auto page = staff_call(hub.url, login, "GET", guichet::sync::paths::kStaffKiosks);
        REQUIRE(page.status == 200);
        CHECK(page.body.find("Mairie, hall") != std::string::npos);
        CHECK(page.body.find("guichet-sync 1") != std::string::npos);
    }  // closes the keep-alive connection, which the hub would otherwise wait for on SIGTERM

    // Revoked by staff: the kiosk's next sync is refused.
    auto kiosk_id = nlohmann::json::parse(to_string(read_all(state / "sync.json")))["kiosk_id"].get<std::string>();
    run(std::string(GUICHET_HUB_TOOL) + " revoke --data " + hub_data.string() + " " + kiosk_id);
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once", &out) == 1);
    CHECK(out.find("revoked-client") != std::string::npos);

    // Clean stop on SIGTERM.
    hub.process.signal(SIGTERM);
    CHECK(hub.process.wait() == 0);
}

TEST_CASE("flow: the agent waits for its interval but syncs at once on a sync-request file, and stops on SIGTERM") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    auto partner = register_demo_partner(dir / "partner", hub_data);
    auto hub = start_hub(hub_data);
    enroll_kiosk_directly(hub_data, state, hub.url);
    std::mt19937_64 rng(3);
    submit_demarches(state, 1, partner.id, partner.box.public_key, {0}, rng);
    auto agent = ChildProcess::spawn({GUICHET_SYNC_TOOL, "--state", state.string(), "--interval", "3600"}, true, true);
    REQUIRE_MESSAGE(agent.wait_for("delivered 1,", 20000), agent.output());
    submit_demarches(state, 2, partner.id, partner.box.public_key, {0}, rng);
    write_all(state / "sync-request", as_bytes("staff"));
    REQUIRE_MESSAGE(agent.wait_for("delivered 2,", 20000), agent.output());
    CHECK(!std::filesystem::exists(state / "sync-request"));
    agent.signal(SIGTERM);
    CHECK(agent.wait() == 0);
}

TEST_CASE("commands: --help on each, usage errors exit 2 with the reason, bad files exit 1") {
    for (const char* tool : {GUICHET_HUB_TOOL, GUICHET_SYNC_TOOL, GUICHET_PARTNER_TOOL}) {
        std::string out;
        CHECK(run_command(std::string(tool) + " --help", &out) == 0);
        CHECK(out.find("Usage:") != std::string::npos);
    }
    TempDir dir;
    std::string out;
    CHECK(run_command(std::string(GUICHET_HUB_TOOL) + " --data " + dir.path().string() + " --listen nowhere", &out) ==
          2);
    CHECK(out.find("--listen HOST:PORT expected") != std::string::npos);
    CHECK(run_command(std::string(GUICHET_HUB_TOOL) + " revoke --data " + dir.path().string() + " k-nobody", &out) ==
          1);
    CHECK(out.find("no client k-nobody") != std::string::npos);
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " --once", &out) == 2);
    CHECK(out.find("--state DIR is required") != std::string::npos);
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + dir.path().string() + " --once", &out) == 1);
    CHECK(out.find("enrol first") != std::string::npos);
    CHECK(run_command(std::string(GUICHET_PARTNER_TOOL) + " fetch --hub http://127.0.0.1:9", &out) == 2);
    write_all(dir / "x.box.key", as_bytes("not a key\n"));
    CHECK(run_command(std::string(GUICHET_PARTNER_TOOL) + " fetch --hub http://127.0.0.1:9 --key " +
                          (dir / "x.box.key").string() + " --out " + (dir / "out").string(),
                      &out) == 1);
    CHECK(out.find("not a recipient secret key") != std::string::npos);
}
