// Statuses hub → kiosk on a USB stick (docs/bundle.md §5): `guichet-hub
// export-statuses` signs each kiosk's latest statuses with the pack key,
// `guichet-sync import-bundle` applies them only when they verify, name this
// kiosk and have not expired; importing again, or an older stick, changes nothing.
#include "feeds/feed_publish.hpp"
#include "feeds/status_bundle.hpp"
#include "hub/hub_db.hpp"
#include "store/tracking_code.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace guichet;
namespace fs = std::filesystem;

namespace {

struct StickFixture {
    test::TempDir dir;
    fs::path hub_data = dir / "hub", state = dir / "kiosk-state", keys = dir / "keys", usb = dir / "usb";
    crypto::SecretKey key = crypto::SecretKey::generate();
    std::string kiosk;
    std::mt19937_64 rng{7};

    StickFixture() {
        REQUIRE(key.save_unencrypted(dir / "staff.key").ok());
        fs::create_directories(keys);
        test::write_all(keys / "staff.pub", as_bytes(key.public_key().to_file_text()));
        kiosk = test::sync::enroll_kiosk_directly(hub_data, state, "http://127.0.0.1:9");
        REQUIRE(store::Store::open(state / store::kDatabaseFile, {}).ok());
    }
    std::string code() {
        return store::tracking::generate("ANR", [this](std::span<std::uint8_t> out) {
            for (auto& b : out) b = static_cast<std::uint8_t>(rng());
        });
    }
    void hub_status(const std::string& kiosk_id, const std::string& code, const std::string& status, std::int64_t at,
                    const std::string& message = "") {
        auto db = guichet::test::sync::open_hub_db(hub_data);
        REQUIRE(db.ok());
        auto st = db->db().prepare(
            "INSERT INTO status (tracking_code, kiosk_id, status, message, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        REQUIRE(st.ok());
        st->bind(1, code).bind(2, kiosk_id).bind(3, status).bind(4, message).bind(5, at);
        REQUIRE(st->run().ok());
    }
    int export_statuses(std::string* out, const std::string& extra = "") {
        return test::run_command(std::string(GUICHET_HUB_TOOL) + " export-statuses --data " + hub_data.string() +
                                     " --key " + (dir / "staff.key").string() + " --out " + usb.string() + extra,
                                 out);
    }
    int import(std::string* out) {
        return test::run_command(std::string(GUICHET_SYNC_TOOL) + " import-bundle --state " + state.string() +
                                     " --keys " + keys.string() + " --bundle " + usb.string(),
                                 out);
    }
    std::optional<store::StatusRecord> status_of(const std::string& c) {
        auto s = store::Store::open(state / store::kDatabaseFile, {});
        REQUIRE(s.ok());
        auto info = s->status_for(c);
        REQUIRE(info.ok());
        if (!*info) return std::nullopt;
        return (*info)->status;
    }
    fs::path file() const { return usb / "statuses" / (kiosk + ".gst"); }
};

}  // namespace

TEST_CASE("export-statuses then import-bundle: the kiosk's latest statuses arrive, idempotently") {
    StickFixture f;
    const std::string a = f.code(), b = f.code();
    f.hub_status(f.kiosk, a, "recu", 100);
    f.hub_status(f.kiosk, a, "pret_a_retirer", 200, "Passez en mairie.");
    f.hub_status(f.kiosk, b, "en_cours", 150);
    f.hub_status("k-someone-else", f.code(), "termine", 300);
    std::string out;
    REQUIRE_MESSAGE(f.export_statuses(&out) == 0, out);
    CHECK_MESSAGE(out.find("kiosk " + f.kiosk + ": 2 statuses up to #3") != std::string::npos, out);
    REQUIRE(fs::exists(f.file()));

    REQUIRE_MESSAGE(f.import(&out) == 0, out);
    CHECK_MESSAGE(out.find("statuses: 2 applied (hub sequence 3)") != std::string::npos, out);
    auto sa = f.status_of(a);
    REQUIRE(sa);
    CHECK(sa->status == "pret_a_retirer");
    CHECK(sa->message == "Passez en mairie.");
    auto sb = f.status_of(b);
    REQUIRE(sb);
    CHECK(sb->message == "En cours");  // no partner text: the French label
    REQUIRE(f.import(&out) == 0);  // again: nothing changes
    CHECK(f.status_of(a)->status == "pret_a_retirer");

    // An older stick after a newer status (line or stick) does not go back.
    const std::string old_stick = test::to_string(test::read_all(f.file()));
    f.hub_status(f.kiosk, a, "termine", 300);
    REQUIRE(f.export_statuses(&out) == 0);
    REQUIRE(f.import(&out) == 0);
    CHECK(f.status_of(a)->status == "termine");
    test::write_all(f.file(), as_bytes(old_stick));
    REQUIRE(f.import(&out) == 0);
    CHECK(f.status_of(a)->status == "termine");
}

TEST_CASE("import-bundle refuses statuses that are tampered, for another kiosk, expired or signed by an untrusted key") {
    StickFixture f;
    const std::string a = f.code();
    f.hub_status(f.kiosk, a, "refuse", 100, "Pièce manquante");
    std::string out;
    REQUIRE(f.export_statuses(&out) == 0);
    const std::string genuine = test::to_string(test::read_all(f.file()));

    auto refused = [&](const std::string& file_text) {
        test::write_all(f.file(), as_bytes(file_text));
        std::string o;
        const int rc = f.import(&o);
        CHECK_FALSE(f.status_of(a).has_value());  // nothing applied
        return rc == 1 ? o : std::string("not refused: ") + o;
    };
    std::string tampered = genuine;
    tampered.replace(tampered.find("\"refuse\""), 8, "\"termine\"");
    CHECK(refused(tampered).find("statuses refused") != std::string::npos);

    auto bundle = feeds::StatusBundle::parse(genuine.substr(genuine.find('{')));
    REQUIRE(bundle.ok());
    auto other = *bundle;
    other.kiosk_id = "k-other";
    CHECK(refused(feeds::sign_status_bundle(other, f.key)).find("made for kiosk k-other") != std::string::npos);
    auto expired = *bundle;
    expired.created = 1000;
    expired.expires = 2000;
    CHECK(refused(feeds::sign_status_bundle(expired, f.key)).find("expired") != std::string::npos);
    CHECK(refused(feeds::sign_status_bundle(*bundle, crypto::SecretKey::generate())).find("statuses refused") !=
          std::string::npos);
    // A feed signature cannot pass for statuses (another untrusted comment and purpose).
    feeds::Feed feed;
    feed.kind = "events";
    feed.version = 1;
    feed.created = 1;
    feed.expires = 4'000'000'000;
    CHECK(refused(feeds::sign_feed(feed, f.key)).find("statuses refused") != std::string::npos);

    test::write_all(f.file(), as_bytes(genuine));
    REQUIRE_MESSAGE(f.import(&out) == 0, out);
    CHECK(f.status_of(a)->status == "refuse");
}
