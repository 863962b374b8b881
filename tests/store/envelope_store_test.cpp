// Envelope signatures in the outbox (schema version 5, docs/store.md §2): a
// version 4 database keeps its queued démarches, unsigned until the sync agent
// records a signature; the first one recorded stays, and every read carries it.
#include "store_test_util.hpp"

#include "store/schema.hpp"

using namespace guichet;
using namespace guichet::test;

TEST_CASE("a version 4 database upgrades to version 5: queued démarches unsigned, then the first recorded signature stays") {
    TempDir dir;
    const auto path = dir / "v4.db";
    const std::string uuid = "11111111-1111-4111-8111-111111111111";
    {
        auto db = store::Database::open(path);
        REQUIRE_OK(db);
        REQUIRE(db->query_text("PRAGMA journal_mode = WAL").value() == "wal");
        REQUIRE_OK(store::migrate(*db, 4));
        // A version 4 program queued a démarche (before the columns existed).
        REQUIRE_OK(db->exec(
            "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, created_at, "
            "next_attempt_at, payload_size, attachment_count, attachment_bytes, sealed_payload) VALUES "
            "('" + uuid + "', 'ANR-AAAA-AA', 'acte-naissance', 1, 'etat-civil', 1, 1, 1, 0, 0, x'00')"));
    }
    FakeClock clock;
    auto st = open_store(path, test_options(&clock));
    CHECK(query_int(st.database(), "PRAGMA user_version") == store::current_schema_version());
    CHECK(store::current_schema_version() >= 5);
    CHECK(integrity(st.database()) == "ok");

    // Queued before the upgrade: no signature; the agent signs it at its first send.
    auto batch = st.claim_next_batch(10, clock.now() + 10);
    REQUIRE_OK(batch);
    REQUIRE(batch->size() == 1);
    CHECK(batch->at(0).envelope_kiosk.empty());
    CHECK(batch->at(0).envelope_signature.empty());

    const Bytes first(64, 7), second(64, 9);
    auto recorded = st.record_envelope_signature(uuid, "k-aaaaaaaa", first);
    REQUIRE_OK(recorded);
    CHECK(recorded->first == "k-aaaaaaaa");
    CHECK(recorded->second == first);
    // A second signer (export-bundle racing the agent, or a re-enrolled kiosk) gets the first one back.
    auto again = st.record_envelope_signature(uuid, "k-bbbbbbbb", second);
    REQUIRE_OK(again);
    CHECK(again->first == "k-aaaaaaaa");
    CHECK(again->second == first);
    auto sealed = st.load_sealed(uuid);
    REQUIRE_OK(sealed);
    CHECK(sealed->info.envelope_kiosk == "k-aaaaaaaa");
    CHECK(sealed->info.envelope_signature == first);
    CHECK_FALSE(st.record_envelope_signature("22222222-2222-4222-8222-222222222222", "k-a", first).ok());
}
