// The USB navette, kiosk to hub (docs/bundle.md §4): export-bundle on the
// kiosk, import-bundle at the hub, with the HTTP upload's idempotency.
#include "agent/bundle_export.hpp"
#include "hub/bundle_import.hpp"
#include "partner/partner.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/outbox_bundle.hpp"
#include "sync_test_util.hpp"

#include "common/file.hpp"

#include <doctest/doctest.h>

#include <ctime>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
namespace fs = std::filesystem;
using Outcome = hub::ImportedDemarche::Outcome;

namespace {

// A hub serving HTTP, an enrolled kiosk with queued démarches, a partner.
struct Navette {
    TempDir dir;
    fs::path hub_data = dir / "hub";
    fs::path state = dir / "kiosk";
    fs::path usb = dir / "usb";
    InProcessHub hub{hub_data};
    std::string kiosk = enroll_kiosk_directly(hub_data, state, hub.url());
    DemoPartner partner = register_demo_partner(dir / "partner", hub_data);
    std::int64_t now = std::time(nullptr);

    std::vector<Submitted> submit(int n, std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        return submit_demarches(state, n, partner.id, partner.box.public_key, {0, 70'000}, rng);
    }
    agent::AgentOptions options() const {
        agent::AgentOptions o;
        o.state_dir = state;
        o.seed = 3;
        // The real clock, as the store's: a démarche submitted after the fixture was
        // built is due at its own created_at, which a clock frozen at `now` may not reach.
        o.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
        return o;
    }
    agent::BundleExportReport export_bundle() {
        auto r = agent::export_outbox_bundle(options(), usb);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return *r;
    }
    Result<hub::BundleImportReport> import_bundle() {
        auto db = open_hub_db(hub_data);
        REQUIRE(db.ok());
        return hub::import_outbox_bundle(*db, usb, now);
    }
    int hub_demarches() {
        auto db = open_hub_db(hub_data);
        auto st = db->db().prepare("SELECT count(*) FROM demarche WHERE complete = 1");
        REQUIRE(st.ok());
        REQUIRE(st->step().value());
        return static_cast<int>(st->column_int64(0));
    }
    agent::CycleReport sync_once() {
        auto ag = agent::Agent::open(options());
        REQUIRE(ag.ok());
        std::atomic<bool> stop{false};
        return ag->run_cycle(stop);
    }
};

Bytes flip_at(Bytes data, std::size_t at) {
    data.at(at) ^= 1;
    return data;
}

}  // namespace

TEST_CASE("navette: export then import, the partner opens each démarche byte-identical, a second import adds nothing") {
    Navette n;
    auto submitted = n.submit(2, 11);
    auto exported = n.export_bundle();
    CHECK(exported.demarches == 2);
    CHECK(exported.attachments == 1);
    CHECK(fs::exists(n.usb / "outbox" / kOutboxManifestFile));

    auto first = n.import_bundle();
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    CHECK(first->count(Outcome::added) == 2);
    CHECK(n.hub_demarches() == 2);
    auto second = n.import_bundle();
    REQUIRE(second.ok());
    CHECK(second->count(Outcome::already_present) == 2);
    CHECK(n.hub_demarches() == 2);

    auto me = partner::load_identity(n.partner.box_key_file, n.partner.sign_key_file, n.partner.id);
    REQUIRE(me.ok());
    auto client = HubClient::create(n.hub.url());
    REQUIRE(client.ok());
    client->set_identity({me->id, me->signing});
    partner::FetchOptions fo;
    fo.out_dir = n.dir / "fetched";
    fo.keep_sealed = true;
    auto fetched = partner::fetch(*client, *me, fo);
    REQUIRE_MESSAGE(fetched.ok(), (fetched.ok() ? "" : fetched.error().message));
    CHECK(fetched->size() == 2);
    for (const auto& s : submitted) {
        const auto d = fo.out_dir / s.uuid;
        CHECK(read_all(d / "demarche.json") == s.payload);
        CHECK(read_all(d / "sealed/payload.bin") == s.sealed_payload);
        for (std::size_t i = 0; i < s.attachments.size(); ++i)
            CHECK(read_all(d / "attachments" / (std::to_string(i) + "-" + s.attachment_names[i])) == s.attachments[i]);
    }

    // Still queued on the kiosk; the line, once back, finds them at the hub and stores nothing twice.
    auto cycle = n.sync_once();
    CHECK(cycle.delivered == 2);
    CHECK(n.hub_demarches() == 2);
}

TEST_CASE("navette: a démarche delivered over the line before the stick arrives is already present") {
    Navette n;
    n.submit(2, 12);
    n.export_bundle();
    CHECK(n.sync_once().delivered == 2);
    auto imported = n.import_bundle();
    REQUIRE(imported.ok());
    CHECK(imported->count(Outcome::already_present) == 2);
    CHECK(imported->count(Outcome::added) == 0);
    CHECK(n.hub_demarches() == 2);
}

TEST_CASE("navette: a flipped byte in a sealed payload refuses that démarche, in the manifest the whole bundle") {
    Navette n;
    auto submitted = n.submit(2, 13);
    n.export_bundle();
    const auto body = n.usb / "outbox/demarches" / (submitted[0].uuid + ".json");
    const auto original = read_all(body);
    // Inside the base64 of the sealed payload, past the clear metadata.
    write_all(body, flip_at(original, original.size() - 200));
    auto imported = n.import_bundle();
    REQUIRE(imported.ok());
    CHECK(imported->count(Outcome::added) == 1);
    REQUIRE(imported->count(Outcome::refused) == 1);
    CHECK(imported->demarches[0].reason.find("does not match the signed manifest") != std::string::npos);

    write_all(body, original);
    const auto manifest = n.usb / "outbox" / kOutboxManifestFile;
    const auto text = read_all(manifest);
    const auto at = to_string(text).find("\"created_at\": ") + 15;
    write_all(manifest, flip_at(text, at));
    auto tampered = n.import_bundle();
    REQUIRE_FALSE(tampered.ok());
    CHECK(tampered.error().message.find("signature does not match") != std::string::npos);
    CHECK(n.hub_demarches() == 1);
}

TEST_CASE("navette: the same key with another body, signed by the kiosk, is a conflict and not stored") {
    Navette n;
    n.submit(1, 14);
    n.export_bundle();
    REQUIRE(n.import_bundle()->count(Outcome::added) == 1);
    // The kiosk's own key signs a changed body under the same Idempotency-Key.
    const auto dir = n.usb / "outbox";
    auto manifest = parse_outbox_manifest(to_string(read_all(dir / kOutboxManifestFile))).value();
    auto up = parse_submission_upload(to_string(read_all(dir / manifest.demarches[0].body.path))).value();
    up.form_version += 10;
    auto key = RequestKey::load(n.state / agent::kKeyFile).value();
    REQUIRE(sign_envelope(up, n.kiosk, key).ok());  // a new envelope, signed by its author
    const auto body = to_json(up);
    write_all(dir / manifest.demarches[0].body.path, as_bytes(body));
    manifest.demarches[0].body = describe_bundle_file(manifest.demarches[0].body.path, as_bytes(body));
    write_all(dir / kOutboxManifestFile, as_bytes(sign_outbox_manifest(manifest, key)));
    auto imported = n.import_bundle();
    REQUIRE(imported.ok());
    REQUIRE(imported->count(Outcome::refused) == 1);
    CHECK(imported->demarches[0].reason.find("was used with a different request") != std::string::npos);
    CHECK(n.hub_demarches() == 1);
}

TEST_CASE("navette: another kiosk's re-signed stick delivers A's démarches as A's, statuses go to A, A's agent gets its receipts") {
    Navette n;
    auto submitted = n.submit(2, 17);
    n.export_bundle();
    const auto b_state = n.dir / "kiosk-b";
    const auto b = enroll_kiosk_directly(n.hub_data, b_state, n.hub.url());
    auto b_key = RequestKey::load(b_state / agent::kKeyFile).value();

    // B takes A's stick and signs its manifest as its own (the attack of issue #21).
    const auto dir = n.usb / "outbox";
    auto manifest = parse_outbox_manifest(to_string(read_all(dir / kOutboxManifestFile))).value();
    manifest.kiosk_id = b;
    write_all(dir / kOutboxManifestFile, as_bytes(sign_outbox_manifest(manifest, b_key)));
    auto imported = n.import_bundle();
    REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
    CHECK(imported->kiosk_id == b);
    REQUIRE(imported->count(Outcome::added) == 2);
    for (const auto& d : imported->demarches) CHECK(d.author == n.kiosk);
    {
        auto db = open_hub_db(n.hub_data);
        auto st = db->db().prepare("SELECT count(*) FROM demarche WHERE kiosk_id = ?1 AND envelope_signature IS NOT NULL");
        REQUIRE(st.ok());
        st->bind(1, n.kiosk);
        REQUIRE(st->step().value());
        CHECK(st->column_int64(0) == 2);
    }
    CHECK(n.hub_demarches() == 2);

    // B signs a copy of one of them as its own envelope: A holds that UUID, refused.
    auto up = parse_submission_upload(to_string(read_all(dir / manifest.demarches[0].body.path))).value();
    REQUIRE(sign_envelope(up, b, b_key).ok());
    const auto copy = to_json(up);
    write_all(dir / manifest.demarches[0].body.path, as_bytes(copy));
    manifest.demarches[0].body = describe_bundle_file(manifest.demarches[0].body.path, as_bytes(copy));
    write_all(dir / kOutboxManifestFile, as_bytes(sign_outbox_manifest(manifest, b_key)));
    auto copied = n.import_bundle();
    REQUIRE(copied.ok());
    REQUIRE(copied->count(Outcome::refused) == 1);
    CHECK(copied->demarches[0].reason.find("authorship-conflict") != std::string::npos);

    // The partner's status, with its message for the resident, reaches A and never B.
    auto partner = HubClient::create(n.hub.url()).value();
    partner.set_identity({n.partner.id, n.partner.signing});
    REQUIRE(partner::post_status(partner, submitted[0].tracking_code, "a_completer", "Il manque un justificatif.").ok());
    auto feed_of = [&](const std::string& id, const RequestKey& key) {
        auto c = HubClient::create(n.hub.url()).value();
        c.set_identity({id, key});
        auto a = c.send("GET", "/v1/kiosk/statuses");
        REQUIRE(a.ok());
        REQUIRE(a->status == 200);
        return parse_status_feed(a->body).value();
    };
    CHECK(feed_of(b, b_key).statuses.empty());
    CHECK(feed_of(n.kiosk, RequestKey::load(n.state / agent::kKeyFile).value()).statuses.size() == 1);

    // A's own agent: the hub answers each démarche with its receipt (not 422), the status arrives.
    auto cycle = n.sync_once();
    CHECK(cycle.delivered == 2);
    CHECK(cycle.failed == 0);
    CHECK(cycle.statuses == 1);
    auto store = store::Store::open(n.state / store::kDatabaseFile, {});
    REQUIRE(store.ok());
    auto info = store->status_for(submitted[0].tracking_code);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    CHECK((*info)->local_state == store::State::delivered);
    REQUIRE((*info)->status.has_value());
    CHECK((*info)->status->message == "Il manque un justificatif.");
    CHECK(n.hub_demarches() == 2);
}

TEST_CASE("navette: a version 1 stick (unsigned envelopes) is refused whole, with what to do") {
    Navette n;
    n.submit(1, 18);
    n.export_bundle();
    const auto dir = n.usb / "outbox";
    auto manifest = parse_outbox_manifest(to_string(read_all(dir / kOutboxManifestFile))).value();
    manifest.version = 1;
    write_all(dir / kOutboxManifestFile,
              as_bytes(sign_outbox_manifest(manifest, RequestKey::load(n.state / agent::kKeyFile).value())));
    auto refused = n.import_bundle();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("version 1 is not supported") != std::string::npos);
    CHECK(refused.error().message.find("export the stick again") != std::string::npos);
    CHECK(n.hub_demarches() == 0);
}

TEST_CASE("navette: a revoked kiosk, an unknown kiosk, another key and a stick without manifest are refused") {
    Navette n;
    n.submit(1, 15);
    n.export_bundle();

    TempDir other_hub;
    auto unknown = open_hub_db(other_hub.path());
    REQUIRE(unknown.ok());
    auto refused = hub::import_outbox_bundle(*unknown, n.usb, n.now);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("is not enrolled at this hub") != std::string::npos);

    REQUIRE(RequestKey::generate().save(n.state / agent::kKeyFile, "another").ok());
    n.export_bundle();
    auto forged = n.import_bundle();
    REQUIRE_FALSE(forged.ok());
    CHECK(forged.error().message.find("signature does not match") != std::string::npos);

    {
        auto db = open_hub_db(n.hub_data);
        REQUIRE(db->revoke(n.kiosk, n.now).value());
    }
    auto revoked = n.import_bundle();
    REQUIRE_FALSE(revoked.ok());
    CHECK(revoked.error().message.find("is revoked") != std::string::npos);

    fs::remove(n.usb / "outbox" / kOutboxManifestFile);
    auto incomplete = n.import_bundle();
    REQUIRE_FALSE(incomplete.ok());
    CHECK(incomplete.error().message.find("manifest.json is missing: the bundle is incomplete") != std::string::npos);
    CHECK(n.hub_demarches() == 0);
}

TEST_CASE("navette: guichet-sync export-bundle and guichet-hub import-bundle on the command line") {
    Navette n;
    n.submit(2, 16);
    const std::string sync_tool = GUICHET_SYNC_TOOL, hub_tool = GUICHET_HUB_TOOL;
    std::string out;
    CHECK(run_command(sync_tool + " --help", &out) == 0);
    CHECK(out.find("export-bundle --state DIR --out USB") != std::string::npos);
    CHECK(run_command(hub_tool + " --help", &out) == 0);
    CHECK(out.find("import-bundle --data DIR USB") != std::string::npos);
    CHECK(run_command(sync_tool + " export-bundle --state " + n.state.string(), &out) == 2);
    CHECK(out.find("export-bundle needs --out USB") != std::string::npos);
    CHECK(run_command(hub_tool + " import-bundle --data " + n.hub_data.string(), &out) == 2);
    CHECK(run_command(hub_tool + " import-bundle --data " + n.hub_data.string() + " " + n.usb.string(), &out) == 1);
    CHECK(out.find("the bundle is incomplete") != std::string::npos);

    CHECK(run_command(sync_tool + " export-bundle --state " + n.state.string() + " --out " + n.usb.string(), &out) == 0);
    CHECK(out.find("2 démarches, 1 attachments") != std::string::npos);
    CHECK(run_command(hub_tool + " import-bundle --data " + n.hub_data.string() + " " + n.usb.string(), &out) == 0);
    CHECK(out.find("2 new, 0 already present, 0 refused") != std::string::npos);
    CHECK(run_command(hub_tool + " import-bundle --data " + n.hub_data.string() + " " + n.usb.string(), &out) == 0);
    CHECK(out.find("0 new, 2 already present, 0 refused") != std::string::npos);
}
