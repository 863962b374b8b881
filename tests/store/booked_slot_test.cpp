// Slots booked at this kiosk (schema version 4, docs/store.md §2): recorded
// in the démarche's own transaction, read back by booked_slots(), forgotten
// after the retention's metadata period.
#include "store_test_util.hpp"

#include "store/schema.hpp"

using namespace guichet;
using namespace guichet::test;

namespace {

struct Fixture : StoreFixture {

    store::Submission booking(std::uint64_t n, std::vector<std::string> slots) {
        auto s = submission_for(n, keys.public_key, 100);
        s.booked_slots = std::move(slots);
        return s;
    }
    std::vector<std::string> booked() {
        auto ids = st.booked_slots();
        REQUIRE_MESSAGE(ids.ok(), (ids.ok() ? "" : ids.error().message));
        return *ids;
    }
};

}  // namespace

TEST_CASE("a version 3 database upgrades to version 4 with an empty booked_slot table") {
    TempDir dir;
    auto keys = crypto::BoxKeyPair::generate();
    const auto path = dir / "v3.db";
    std::string uuid;
    {
        auto db = store::Database::open(path);
        REQUIRE_OK(db);
        REQUIRE(db->query_text("PRAGMA journal_mode = WAL").value() == "wal");
        REQUIRE_OK(store::migrate(*db, 3));
        CHECK(query_int(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'booked_slot'") == 0);
    }
    {
        // A version 3 program queued a démarche (before the table existed).
        auto db = store::Database::open(path);
        REQUIRE_OK(db);
        REQUIRE_OK(db->exec(
            "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, created_at, "
            "next_attempt_at, payload_size, attachment_count, attachment_bytes, sealed_payload) VALUES "
            "('11111111-1111-4111-8111-111111111111', 'ANR-AAAA-AA', 'visio/rendez-vous', 1, 'accueil', 1, 1, 1, 0, 0, "
            "x'00')"));
    }
    FakeClock clock;
    auto st = open_store(path, test_options(&clock));
    auto& db = st.database();
    CHECK(store::current_schema_version() >= 4);
    CHECK(query_int(db, "PRAGMA user_version") == store::current_schema_version());
    CHECK(integrity(db) == "ok");
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'booked_slot'") == 1);
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'booked_slot_at'") == 1);
    CHECK(query_int(db, "SELECT count(*) FROM booked_slot") == 0);
    CHECK(query_int(db, "SELECT count(*) FROM demarche") == 1);
    auto none = st.booked_slots();
    REQUIRE_OK(none);
    CHECK(none->empty());
    // The upgraded database records the next booking.
    auto s = submission_for(2, keys.public_key, 0);
    s.booked_slots = {"caf-1"};
    REQUIRE_OK(st.submit(s));
    CHECK(st.booked_slots().value() == std::vector<std::string>{"caf-1"});
}

TEST_CASE("submit records the slots a démarche books with its tracking code and time") {
    Fixture f;
    auto s = f.booking(1, {"caf-1", "", "ft-2"});  // an empty id is no booking
    auto r = f.st.submit(s);
    REQUIRE_OK(r);
    CHECK(f.booked() == std::vector<std::string>{"caf-1", "ft-2"});
    CHECK(f.count("SELECT count(*) FROM booked_slot WHERE tracking_code = '" + r->tracking_code +
                  "' AND booked_at = " + std::to_string(f.clock.now())) == 2);
    // A démarche without a slot books nothing; the same slot twice is listed once.
    auto plain = f.booking(2, {});
    REQUIRE_OK(f.st.submit(plain));
    auto again = f.booking(3, {"caf-1"});
    REQUIRE_OK(f.st.submit(again));
    CHECK(f.count("SELECT count(*) FROM booked_slot") == 3);
    CHECK(f.booked() == std::vector<std::string>{"caf-1", "ft-2"});
}

TEST_CASE("a submit that fails inside its transaction records no booking") {
    Fixture f;
    // The attachment's INSERT comes after the booking's, in the same transaction.
    REQUIRE_OK(f.st.database().exec(
        "CREATE TEMP TRIGGER refuse_attachment BEFORE INSERT ON attachment "
        "BEGIN SELECT RAISE(ABORT, 'attachment refused by the test'); END"));
    auto s = submission_for(3, f.keys.public_key, 500);  // n % 3 == 0: one attachment
    s.booked_slots = {"caf-1"};
    auto r = f.st.submit(s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("attachment refused by the test") != std::string::npos);
    CHECK(f.count("SELECT count(*) FROM demarche") == 0);
    CHECK(f.count("SELECT count(*) FROM booked_slot") == 0);
    CHECK(f.booked().empty());

    // The booking's own INSERT failing takes the démarche with it.
    REQUIRE_OK(f.st.database().exec("DROP TRIGGER refuse_attachment"));
    REQUIRE_OK(f.st.database().exec(
        "CREATE TEMP TRIGGER refuse_booking BEFORE INSERT ON booked_slot "
        "BEGIN SELECT RAISE(ABORT, 'booking refused by the test'); END"));
    auto s2 = f.booking(4, {"caf-2"});
    auto r2 = f.st.submit(s2);
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().message.find("booking refused by the test") != std::string::npos);
    CHECK(f.count("SELECT count(*) FROM demarche") == 0);
    CHECK(f.count("SELECT count(*) FROM booked_slot") == 0);

    // Once nothing refuses, the same store records démarche and booking together.
    REQUIRE_OK(f.st.database().exec("DROP TRIGGER refuse_booking"));
    auto s3 = f.booking(5, {"caf-2"});
    REQUIRE_OK(f.st.submit(s3));
    CHECK(f.count("SELECT count(*) FROM demarche") == 1);
    CHECK(f.booked() == std::vector<std::string>{"caf-2"});
}

TEST_CASE("retention forgets bookings older than the metadata period, with the rest") {
    Fixture f;
    REQUIRE_OK(f.st.set_retention({0, 30, 40}));
    const store::Timestamp day = 86400;
    const auto t0 = f.clock.now();
    auto old = f.booking(1, {"ft-1"});
    REQUIRE_OK(f.st.submit(old));
    f.clock.advance(20 * day);
    auto recent = f.booking(2, {"caf-1"});
    REQUIRE_OK(f.st.submit(recent));

    auto rep = f.st.apply_retention(t0 + 30 * day - 1);  // the old one is 30 days old less a second
    REQUIRE_OK(rep);
    CHECK(rep->booked_slots_deleted == 0);
    CHECK(f.booked() == std::vector<std::string>{"caf-1", "ft-1"});

    rep = f.st.apply_retention(t0 + 31 * day);
    REQUIRE_OK(rep);
    CHECK(rep->booked_slots_deleted == 1);
    CHECK(f.booked() == std::vector<std::string>{"caf-1"});

    rep = f.st.apply_retention(t0 + 51 * day);
    REQUIRE_OK(rep);
    CHECK(rep->booked_slots_deleted == 1);
    CHECK(f.booked().empty());
    CHECK(f.count("SELECT count(*) FROM demarche WHERE state = 'queued'") == 2);  // never delivered: kept
}
