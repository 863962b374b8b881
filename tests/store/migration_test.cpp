// Schema migrations from every earlier version: build a database at version k
// by applying only the first k migrations, fill it the way a program of that
// version would have, open it with the current code, check everything survived.
#include "store_test_util.hpp"

#include "store/schema.hpp"
#include "store/tracking_code.hpp"

#include <set>

using namespace guichet;
using namespace guichet::test;

namespace {

constexpr store::Timestamp T = 1'800'000'000;
constexpr std::size_t kAttachment = 2000;

std::string code_for(const std::string& five) {
    return store::tracking::format("ANR", five + store::tracking::check_symbol(five));
}

struct OldRow {
    std::string uuid, code, state;
    std::uint64_t n;
};

const std::vector<OldRow>& old_rows() {
    static const std::vector<OldRow> rows = {
        {"11111111-1111-4111-8111-111111111111", code_for("AAAAA"), "queued", 3},
        {"22222222-2222-4222-8222-222222222222", code_for("BBBBB"), "sending", 4},
        {"33333333-3333-4333-8333-333333333333", code_for("CCCCC"), "delivered", 5},
        {"44444444-4444-4444-8444-444444444444", code_for("DDDDD"), "purged", 6},
    };
    return rows;
}

// Rows as written by a version-1 program (the tables of migration 1 only).
void insert_v1_rows(store::Database& db, const crypto::BoxKeyPair& keys) {
    auto ins = db.prepare(
        "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, created_at, state, attempts, "
        "next_attempt_at, claimed_at, last_error, last_error_at, delivered_at, hub_receipt, payload_size, "
        "attachment_count, attachment_bytes, sealed_payload) "
        "VALUES (?1, ?2, 'etat-civil/acte-naissance', 3, 'etat-civil', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15)");
    REQUIRE(ins.ok());
    auto att = db.prepare(
        "INSERT INTO attachment (demarche_id, idx, size, sealed_meta, sealed_data) VALUES (?1, 0, ?2, ?3, ?4)");
    REQUIRE(att.ok());
    for (const auto& r : old_rows()) {
        Bytes payload = payload_for(r.n);
        bool with_att = has_attachment(r.n);
        bool purged = r.state == "purged";
        bool delivered = r.state == "delivered" || purged;
        ins->reset(true);
        ins->bind(1, r.uuid)
            .bind(2, r.code)
            .bind(3, T - 1000 + static_cast<std::int64_t>(r.n))
            .bind(4, r.state)
            .bind(5, std::int64_t{r.state == "queued" ? 1 : 2})
            .bind(6, T - 500)
            .bind(7, r.state == "sending" ? std::optional<std::int64_t>(T - 100'000) : std::nullopt)
            .bind(8, "hub unreachable")
            .bind(9, T - 600)
            .bind(10, delivered ? std::optional<std::int64_t>(T - 400) : std::nullopt)
            .bind(11, "hub-receipt")
            .bind(12, static_cast<std::int64_t>(payload.size()))
            .bind(13, std::int64_t{with_att ? 1 : 0})
            .bind(14, std::int64_t{with_att ? static_cast<std::int64_t>(kAttachment) : 0});
        if (purged)
            ins->bind_null(15);
        else
            ins->bind(15, crypto::seal(payload, keys.public_key).value());
        REQUIRE_OK(ins->run());
        if (with_att && !purged) {
            auto meta = store::encode_attachment_meta(attachment_name_for(r.n), "application/pdf");
            att->reset(true);
            att->bind(1, db.last_insert_rowid())
                .bind(2, static_cast<std::int64_t>(kAttachment))
                .bind(3, crypto::seal(as_bytes(meta), keys.public_key).value())
                .bind(4, crypto::seal(attachment_bytes_for(r.n, kAttachment), keys.public_key).value());
            REQUIRE_OK(att->run());
        }
    }
    REQUIRE_OK(db.exec("INSERT INTO status (tracking_code, status, message, updated_at) VALUES ('" +
                       old_rows()[2].code + "', 'received', 'Reçue par le service', " + std::to_string(T - 300) +
                       "), ('" + old_rows()[3].code + "', 'accepted', 'Acte envoyé par courrier', " +
                       std::to_string(T - 200) + ")"));
    REQUIRE_OK(db.exec("INSERT INTO setting (key, value) VALUES ('last_sync', '" + std::to_string(T - 150) + "')"));
}

// A database at version K, as a program of version K left it.
void make_db_at(const std::filesystem::path& path, int k, const crypto::BoxKeyPair& keys) {
    auto db = store::Database::open(path);
    REQUIRE_OK(db);
    if (k == 0) return;  // an empty file: a kiosk's first start
    REQUIRE(db->query_text("PRAGMA journal_mode = WAL").value() == "wal");
    REQUIRE_OK(store::migrate(*db, k));
    REQUIRE(query_int(*db, "PRAGMA user_version") == k);
    // Rows go in at version 1's level: later migrations (so far) add indexes and
    // tables, they change no row; a migration that does must extend this.
    insert_v1_rows(*db, keys);
}

}  // namespace

TEST_CASE("migrations: from every earlier version to the current one, data intact") {
    const int current = store::current_schema_version();
    REQUIRE(current >= 3);
    REQUIRE(static_cast<int>(store::migrations().size()) == current);
    for (int k = 0; k < current; ++k) {
        CAPTURE(k);
        TempDir dir;
        auto keys = crypto::BoxKeyPair::generate();
        auto path = dir / "old.db";
        make_db_at(path, k, keys);

        FakeClock clock;
        clock.set(T);
        auto st = open_store(path, test_options(&clock));
        auto& db = st.database();
        CHECK(query_int(db, "PRAGMA user_version") == current);
        CHECK(integrity(db) == "ok");
        CHECK(column_texts(db, "PRAGMA foreign_key_check").empty());
        // What each migration brings.
        CHECK(query_int(db,
                        "SELECT count(*) FROM sqlite_master WHERE name IN "
                        "('demarche_due', 'demarche_lease', 'demarche_state_delivered', 'status_updated')") == 4);
        auto ret = st.retention();
        REQUIRE_OK(ret);
        CHECK(ret->metadata_days == 180);
        CHECK(query_int(db, "SELECT count(*) FROM booked_slot") == 0);  // version 4

        if (k >= 1) {
            const auto& rows = old_rows();
            CHECK(query_int(db, "SELECT count(*) FROM demarche") == 4);
            CHECK(query_int(db, "SELECT count(*) FROM attachment") == 1);
            // Sealed content still opens and is what was submitted.
            auto n = verify_demarche(st, rows[0].uuid, keys, 3, kAttachment);
            REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));
            REQUIRE_OK(verify_demarche(st, rows[2].uuid, keys, 5, kAttachment));
            // Statuses, last sync, states.
            auto purged = st.status_for(rows[3].code);
            REQUIRE_OK(purged);
            REQUIRE(purged->has_value());
            CHECK((*purged)->local_state == store::State::purged);
            CHECK((*purged)->status->message == "Acte envoyé par courrier");
            CHECK((*purged)->last_sync == T - 150);
            // The outbox works on the migrated rows: the queued one, and the
            // 'sending' one whose lease expired long ago.
            auto batch = st.claim_next_batch(10, T);
            REQUIRE_OK(batch);
            std::set<std::string> got;
            for (const auto& c : *batch) {
                got.insert(c.uuid);
                CHECK(c.envelope_signature.empty());  // version 5: signed by the agent at its first send
            }
            CHECK(got == std::set<std::string>{rows[0].uuid, rows[1].uuid});
            auto q = st.queue_summary(T);
            REQUIRE_OK(q);
            CHECK(q->delivered == 1);
            CHECK(q->purged == 1);
            CHECK(q->sending == 2);
        }
        // And it takes new démarches.
        auto s = submission_for(9, keys.public_key, 100);
        auto r = st.submit(s);
        REQUIRE_OK(r);
        REQUIRE_OK(verify_demarche(st, r->uuid, keys, 9, 100));
    }
}

TEST_CASE("opening a current database again changes nothing") {
    TempDir dir;
    auto keys = crypto::BoxKeyPair::generate();
    std::string uuid;
    {
        auto st = open_store(dir / "s.db");
        auto s = submission_for(1, keys.public_key);
        auto r = st.submit(s);
        REQUIRE_OK(r);
        uuid = r->uuid;
    }
    auto st = open_store(dir / "s.db");
    CHECK(query_int(st.database(), "PRAGMA user_version") == store::current_schema_version());
    REQUIRE_OK(verify_demarche(st, uuid, keys, 1));
}

TEST_CASE("a migration that fails is rolled back whole: the database stays at the version before") {
    TempDir dir;
    auto path = dir / "v1.db";
    {
        auto db = store::Database::open(path);
        REQUIRE_OK(db);
        REQUIRE_OK(store::migrate(*db, 1));
        // Migration 2 creates four indexes; the last one's name is taken, so it
        // fails after three CREATE INDEX have already run inside it.
        REQUIRE_OK(db->exec("CREATE TABLE status_updated (x)"));
    }
    auto r = store::Store::open(path, test_options());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("migration 2 (outbox and retention indexes) failed") != std::string::npos);
    CHECK(r.error().message.find("stays at version 1") != std::string::npos);
    auto db = store::Database::open(path);
    REQUIRE_OK(db);
    CHECK(query_int(*db, "PRAGMA user_version") == 1);
    CHECK(query_int(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'demarche_due'") == 0);
    CHECK(query_int(*db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'retention'") == 0);
    // Once the obstacle is gone, the same database migrates.
    REQUIRE_OK(db->exec("DROP TABLE status_updated"));
    REQUIRE_OK(db->close());
    auto st = open_store(path);
    CHECK(query_int(st.database(), "PRAGMA user_version") == store::current_schema_version());
}
