// The démarche store's flows: submit, claim, deliver, fail, lease, purge,
// statuses, retention, summary, two processes' connections, wiping.
#include "store_test_util.hpp"

#include "store/schema.hpp"
#include "store/tracking_code.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <deque>
#include <regex>
#include <set>

using namespace guichet;
using namespace guichet::test;
using store::State;

namespace {

struct Fixture : StoreFixture {

    store::Receipt submit(std::uint64_t n, std::size_t attachment = 4096) {
        auto s = submission_for(n, keys.public_key, attachment);
        auto r = st.submit(s);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return *r;
    }
    std::string state_of(const std::string& uuid) {
        auto q = st.database().prepare("SELECT state FROM demarche WHERE uuid = ?1");
        REQUIRE(q.ok());
        q->bind(1, uuid);
        auto row = q->step();
        REQUIRE(row.ok());
        REQUIRE(*row);
        return q->column_text(0);
    }
};

}  // namespace

TEST_CASE("a new store is in WAL mode with synchronous=FULL, foreign keys and the current schema") {
    Fixture f;
    CHECK(query_text(f.st.database(), "PRAGMA journal_mode") == "wal");
    CHECK(query_int(f.st.database(), "PRAGMA synchronous") == 2);  // FULL
    CHECK(query_int(f.st.database(), "PRAGMA foreign_keys") == 1);
    CHECK(query_int(f.st.database(), "PRAGMA user_version") == store::current_schema_version());
    CHECK(store::current_schema_version() >= 3);
    CHECK((std::filesystem::status(f.db).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("submit stores one sealed démarche and returns its UUID, tracking code and time") {
    Fixture f;
    auto r = f.submit(3, 5000);  // n % 3 == 0: one attachment
    CHECK(std::regex_match(r.uuid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    CHECK(std::regex_match(r.tracking_code, std::regex("ANR-[2-9A-HJKMNP-RT-Z]{4}-[2-9A-HJKMNP-RT-Z]{2}")));
    CHECK(store::tracking::valid(r.tracking_code));
    CHECK(r.created_at == f.clock.now());
    CHECK(f.state_of(r.uuid) == "queued");
    CHECK(f.count("SELECT count(*) FROM attachment") == 1);
    CHECK(f.count("SELECT payload_size FROM demarche") == static_cast<std::int64_t>(payload_for(3).size()));
    CHECK(f.count("SELECT attachment_bytes FROM demarche") == 5000);
    CHECK(f.count("SELECT next_attempt_at FROM demarche") == f.clock.now());
    auto n = verify_demarche(f.st, r.uuid, f.keys, 3, 5000);
    REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));

    // Without attachment, and UUIDs/codes differ from one démarche to the next.
    auto r2 = f.submit(4);
    CHECK(r2.uuid != r.uuid);
    CHECK(r2.tracking_code != r.tracking_code);
    REQUIRE_OK(verify_demarche(f.st, r2.uuid, f.keys, 4));
    CHECK(f.count("SELECT attachment_count FROM demarche WHERE uuid = '" + r2.uuid + "'") == 0);
}

TEST_CASE("submit refuses what it cannot deliver and then stores nothing") {
    Fixture f;
    auto good = [&] { return submission_for(3, f.keys.public_key, 100); };
    {
        auto s = good();
        s.form_id.clear();
        auto r = f.st.submit(s);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("no form id") != std::string::npos);
    }
    {
        auto s = good();
        s.recipient_key = crypto::BoxPublicKey{};  // all zeros: a low-order point
        auto r = f.st.submit(s);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("not usable") != std::string::npos);
    }
    {
        store::StoreOptions o = test_options(&f.clock);
        o.max_attachment_bytes = 50;
        auto small = open_store(f.db, o);
        auto s = good();
        auto r = small.submit(s);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("attachment 1 is larger than 50 bytes") != std::string::npos);
    }
    CHECK(f.count("SELECT count(*) FROM demarche") == 0);
    CHECK(f.count("SELECT count(*) FROM attachment") == 0);
}

TEST_CASE("a tracking code already given is drawn again inside the same transaction") {
    TempDir dir;
    auto keys = crypto::BoxKeyPair::generate();
    // Scripted randomness: the second démarche first gets exactly the first one's
    // bytes (same UUID and code), then fresh ones.
    auto script = std::make_shared<std::deque<std::uint8_t>>();
    auto counter = std::make_shared<std::uint8_t>(0);
    auto opts = test_options();
    opts.random = [script, counter](std::span<std::uint8_t> out) {
        for (auto& b : out) {
            if (!script->empty()) {
                b = script->front();
                script->pop_front();
            } else {
                b = static_cast<std::uint8_t>((*counter)++ % 200);
            }
        }
    };
    auto st = open_store(dir / "s.db", opts);
    // Bytes for démarche 1: 16 for the UUID, 16 for the code's pool.
    std::vector<std::uint8_t> first(32);
    for (int i = 0; i < 32; ++i) first[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(7 * i + 1);
    script->assign(first.begin(), first.end());
    auto s1 = submission_for(1, keys.public_key);
    auto r1 = st.submit(s1);
    REQUIRE(r1.ok());
    // Démarche 2: a fresh UUID but the same code bytes → UNIQUE(tracking_code) → retry.
    std::vector<std::uint8_t> second(16, 0xEE);
    second.insert(second.end(), first.begin() + 16, first.end());
    second.insert(second.end(), first.begin() + 16, first.end());  // and once more: two collisions
    script->assign(second.begin(), second.end());
    for (int i = 0; i < 16; ++i) script->insert(script->begin() + 32 + i, 0xDD);  // UUID of the 2nd try
    auto s2 = submission_for(2, keys.public_key);
    auto r2 = st.submit(s2);
    REQUIRE_MESSAGE(r2.ok(), (r2.ok() ? "" : r2.error().message));
    CHECK(r2->tracking_code != r1->tracking_code);
    CHECK(query_int(st.database(), "SELECT count(*) FROM demarche") == 2);
    CHECK(script->empty());  // both collisions were consumed, i.e. retried twice

    // Randomness that always collides gives up with a clear error, storing nothing.
    auto always = test_options();
    always.random = [](std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), std::uint8_t{42}); };
    auto st2 = open_store(dir / "s2.db", always);
    auto a = submission_for(1, keys.public_key);
    REQUIRE(st2.submit(a).ok());
    auto b = submission_for(2, keys.public_key);
    auto rb = st2.submit(b);
    REQUIRE_FALSE(rb.ok());
    CHECK(rb.error().message.find("no free tracking code") != std::string::npos);
    CHECK(query_int(st2.database(), "SELECT count(*) FROM demarche") == 1);
}

TEST_CASE("claim_next_batch: oldest due first, at most N, marks them sending") {
    Fixture f;
    std::vector<store::Receipt> r;
    for (int i = 1; i <= 5; ++i) {
        r.push_back(f.submit(static_cast<std::uint64_t>(i)));
        f.clock.advance(10);
    }
    auto now = f.clock.now();
    auto b = f.st.claim_next_batch(2, now);
    REQUIRE(b.ok());
    REQUIRE(b->size() == 2);
    CHECK((*b)[0].uuid == r[0].uuid);
    CHECK((*b)[1].uuid == r[1].uuid);
    CHECK((*b)[0].attempts == 1);
    CHECK((*b)[0].tracking_code == r[0].tracking_code);
    CHECK((*b)[0].form_id == "etat-civil/acte-naissance");
    CHECK((*b)[0].form_version == 3);
    CHECK((*b)[0].recipient_id == "etat-civil");
    CHECK((*b)[0].created_at == r[0].created_at);
    CHECK(f.state_of(r[0].uuid) == "sending");
    CHECK(f.state_of(r[2].uuid) == "queued");
    auto b2 = f.st.claim_next_batch(10, now);
    REQUIRE(b2.ok());
    REQUIRE(b2->size() == 3);
    CHECK((*b2)[0].uuid == r[2].uuid);
    CHECK((*b2)[2].uuid == r[4].uuid);
    auto b3 = f.st.claim_next_batch(10, now);
    REQUIRE(b3.ok());
    CHECK(b3->empty());
    // Démarches not yet due are left alone.
    auto later = f.submit(9);
    auto b4 = f.st.claim_next_batch(10, later.created_at - 1);
    REQUIRE(b4.ok());
    CHECK(b4->empty());
}

namespace {

// Adds COUNT queued copies of démarche TEMPLATE_ID in one statement (fast, for big queues).
void bulk_queue(store::Database& db, std::int64_t template_id, std::int64_t count) {
    auto st = db.prepare(
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) "
        "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, created_at, state, attempts, "
        "next_attempt_at, payload_size, attachment_count, attachment_bytes, sealed_payload) "
        "SELECT 'bulk-' || i, 'BLK-' || i, form_id, form_version, recipient_id, created_at, 'queued', 0, "
        "next_attempt_at, payload_size, 0, 0, sealed_payload FROM c, (SELECT * FROM demarche WHERE id = ?2)");
    REQUIRE_OK(st);
    REQUIRE_OK(st->bind(1, count).bind(2, template_id).run());
}

struct StatementCost {
    std::string sql;
    int vm_steps = 0, fullscan_steps = 0, sorts = 0;
};

// Records, for each statement that finishes, its SQL and cost counters.
int profile(unsigned, void* ctx, void* p, void*) {
    auto* out = static_cast<std::vector<StatementCost>*>(ctx);
    auto* stmt = static_cast<sqlite3_stmt*>(p);
    out->push_back({sqlite3_sql(stmt), sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 0),
                    sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
                    sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_SORT, 0)});
    return 0;
}

std::vector<StatementCost> claim_cost(std::int64_t queued) {
    Fixture f;
    f.submit(1, 0);
    bulk_queue(f.st.database(), 1, queued - 1);
    REQUIRE(f.count("SELECT count(*) FROM demarche WHERE state = 'queued'") == queued);
    std::vector<StatementCost> costs;
    sqlite3_trace_v2(f.st.database().handle(), SQLITE_TRACE_PROFILE, profile, &costs);
    auto b = f.st.claim_next_batch(10, f.clock.now());
    sqlite3_trace_v2(f.st.database().handle(), 0, nullptr, nullptr);
    REQUIRE_OK(b);
    CHECK(b->size() == 10);
    return costs;
}

}  // namespace

TEST_CASE("claiming costs the same with 100 or 20,000 queued: index walk, no scan, no sort") {
    auto small = claim_cost(100);
    auto large = claim_cost(20'000);
    REQUIRE(small.size() == large.size());
    int steps_small = 0, steps_large = 0;
    bool saw_select = false;
    for (std::size_t i = 0; i < small.size(); ++i) {
        CAPTURE(small[i].sql);
        CHECK(small[i].sql == large[i].sql);
        CHECK(large[i].fullscan_steps == 0);
        CHECK(large[i].sorts == 0);
        steps_small += small[i].vm_steps;
        steps_large += large[i].vm_steps;
        if (small[i].sql.starts_with("SELECT")) {
            saw_select = true;
            // The query plan of the very statement Store ran.
            Fixture f;
            auto plan = f.st.database().prepare("EXPLAIN QUERY PLAN " + small[i].sql);
            REQUIRE_OK(plan);
            std::string all;
            for (;;) {
                auto row = plan->step();
                REQUIRE_OK(row);
                if (!*row) break;
                all += plan->column_text(3) + "\n";
            }
            INFO(all);
            CHECK(all.find("USING INDEX demarche_due") != std::string::npos);
            CHECK(all.find("TEMP B-TREE") == std::string::npos);
        }
    }
    CHECK(saw_select);
    MESSAGE("claim_next_batch(10): " << steps_small << " VM steps with 100 queued, " << steps_large << " with 20,000");
    CHECK(steps_large == steps_small);
}

TEST_CASE("mark_failed puts a démarche back with its error and next attempt time") {
    Fixture f;
    auto r = f.submit(1);
    auto t0 = f.clock.now();
    REQUIRE(f.st.claim_next_batch(1, t0).ok());
    REQUIRE_OK(f.st.mark_failed(r.uuid, "hub unreachable: connection refused", t0 + 60));
    CHECK(f.state_of(r.uuid) == "queued");
    auto none = f.st.claim_next_batch(1, t0 + 59);
    REQUIRE(none.ok());
    CHECK(none->empty());
    auto again = f.st.claim_next_batch(1, t0 + 60);
    REQUIRE(again.ok());
    REQUIRE(again->size() == 1);
    CHECK((*again)[0].attempts == 2);
    auto q = f.st.queue_summary(t0 + 60);
    REQUIRE(q.ok());
    REQUIRE(q->errors.size() == 1);
    CHECK(q->errors[0].error == "hub unreachable: connection refused");
    CHECK(q->errors[0].count == 1);
    CHECK_FALSE(f.st.mark_failed("00000000-0000-4000-8000-000000000000", "x", 0).ok());
    // A long error text is cut at 500 bytes, on a UTF-8 boundary.
    std::string long_error = "x";
    for (int i = 0; i < 400; ++i) long_error += "é";
    REQUIRE(f.st.claim_next_batch(1, t0 + 60).ok());
    REQUIRE_OK(f.st.mark_failed(r.uuid, long_error, t0 + 120));
    auto stored = query_text(f.st.database(), "SELECT last_error FROM demarche");
    CHECK(stored.size() == 499);
    CHECK(long_error.starts_with(stored));
}

TEST_CASE("mark_delivered is idempotent and final") {
    Fixture f;
    auto r = f.submit(1);
    REQUIRE(f.st.claim_next_batch(1, f.clock.now()).ok());
    f.clock.advance(5);
    REQUIRE_OK(f.st.mark_delivered(r.uuid, "hub-receipt-1"));
    CHECK(f.state_of(r.uuid) == "delivered");
    CHECK(f.count("SELECT delivered_at FROM demarche") == f.clock.now());
    REQUIRE_OK(f.st.mark_delivered(r.uuid, "hub-receipt-1"));  // the agent retried: still fine
    auto failed = f.st.mark_failed(r.uuid, "late error", 0);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.find("already delivered") != std::string::npos);
    CHECK(f.state_of(r.uuid) == "delivered");
    auto unknown = f.st.mark_delivered("00000000-0000-4000-8000-000000000000", "x");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("no démarche with UUID") != std::string::npos);
    // Still loadable until purged.
    REQUIRE_OK(verify_demarche(f.st, r.uuid, f.keys, 1, 4096));
}

TEST_CASE("a batch's deliveries and envelope signatures are recorded together, the first signature staying") {
    Fixture f;
    auto a = f.submit(1), b = f.submit(2), c = f.submit(3);
    REQUIRE(f.st.claim_next_batch(3, f.clock.now()).ok());
    REQUIRE_OK(f.st.record_envelope_signature(b.uuid, "k-first", Bytes(64, 1)));
    auto recorded = f.st.record_envelope_signatures(
        {{a.uuid, "k-aaaaaaaa", Bytes(64, 2)}, {b.uuid, "k-aaaaaaaa", Bytes(64, 3)}});
    REQUIRE_OK(recorded);
    REQUIRE(recorded->size() == 2);
    CHECK(recorded->at(0) == std::pair<std::string, Bytes>{"k-aaaaaaaa", Bytes(64, 2)});
    CHECK(recorded->at(1) == std::pair<std::string, Bytes>{"k-first", Bytes(64, 1)});  // the first one stays
    // One unknown démarche: nothing of the batch is recorded.
    auto unknown = f.st.record_envelope_signatures(
        {{c.uuid, "k-aaaaaaaa", Bytes(64, 4)}, {"00000000-0000-4000-8000-000000000000", "k-a", Bytes(64, 4)}});
    REQUIRE_FALSE(unknown.ok());
    CHECK(f.count("SELECT count(*) FROM demarche WHERE envelope_signature IS NOT NULL") == 2);

    REQUIRE_OK(f.st.mark_delivered_all({{a.uuid, "h-1"}, {b.uuid, "h-2"}}));
    CHECK(f.state_of(a.uuid) == "delivered");
    CHECK(f.state_of(b.uuid) == "delivered");
    CHECK(f.state_of(c.uuid) == "sending");
    REQUIRE_OK(f.st.mark_delivered_all({{a.uuid, "h-1"}, {c.uuid, "h-3"}}));  // a retried batch: still fine
    CHECK(f.state_of(c.uuid) == "delivered");
    REQUIRE_FALSE(f.st.mark_delivered_all({{"00000000-0000-4000-8000-000000000000", "x"}}).ok());
}

TEST_CASE("a 'sending' claim older than the lease goes back to the queue (crashed agent)") {
    Fixture f;
    auto r = f.submit(1);
    auto t0 = f.clock.now();
    auto first = f.st.claim_next_batch(10, t0);
    REQUIRE(first.ok());
    REQUIRE(first->size() == 1);
    // The agent dies here. Before the lease ends, nobody else takes it.
    const auto lease = f.st.options().lease_seconds;
    auto early = f.st.claim_next_batch(10, t0 + lease - 1);
    REQUIRE(early.ok());
    CHECK(early->empty());
    CHECK(f.state_of(r.uuid) == "sending");
    // After the lease, the next claim (by the restarted agent) takes it again.
    auto late = f.st.claim_next_batch(10, t0 + lease);
    REQUIRE(late.ok());
    REQUIRE(late->size() == 1);
    CHECK((*late)[0].uuid == r.uuid);
    CHECK((*late)[0].attempts == 2);
    CHECK(query_text(f.st.database(), "SELECT last_error FROM demarche").find("lease expired") != std::string::npos);
    // requeue_expired() alone does the same.
    auto n = f.st.requeue_expired(t0 + 3 * lease);
    REQUIRE(n.ok());
    CHECK(*n == 1);
    CHECK(f.state_of(r.uuid) == "queued");
}

TEST_CASE("purge_delivered drops sealed bytes and keeps what status lookup needs") {
    Fixture f;
    auto a = f.submit(3, 20000);  // with attachment
    auto b = f.submit(4);
    auto c = f.submit(6, 20000);  // with attachment, stays queued
    REQUIRE(f.st.claim_next_batch(2, f.clock.now()).ok());
    REQUIRE_OK(f.st.mark_delivered(a.uuid, "r-a"));
    f.clock.advance(100);
    REQUIRE_OK(f.st.mark_delivered(b.uuid, "r-b"));
    auto n = f.st.purge_delivered(f.clock.now());  // only a was delivered before now
    REQUIRE(n.ok());
    CHECK(*n == 1);
    CHECK(f.state_of(a.uuid) == "purged");
    CHECK(f.state_of(b.uuid) == "delivered");
    CHECK(f.count("SELECT count(*) FROM demarche WHERE uuid = '" + a.uuid + "' AND sealed_payload IS NULL") == 1);
    CHECK(f.count("SELECT count(*) FROM attachment") == 1);  // c's
    auto loaded = f.st.load_sealed(a.uuid);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.find("purged") != std::string::npos);
    auto info = f.st.status_for(a.tracking_code);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    CHECK((*info)->local_state == State::purged);
    CHECK((*info)->created_at == a.created_at);
    REQUIRE_OK(f.st.mark_delivered(a.uuid, "r-a"));  // a late retry after purging is harmless
    REQUIRE_OK(verify_demarche(f.st, c.uuid, f.keys, 6, 20000));
    CHECK(integrity(f.st.database()) == "ok");
}

TEST_CASE("read_attachment_chunk returns the sealed attachment piece by piece") {
    Fixture f;
    auto r = f.submit(3, 100000);
    auto whole = f.st.load_sealed(r.uuid);
    REQUIRE(whole.ok());
    REQUIRE(whole->attachments.size() == 1);
    Bytes joined;
    for (std::uint64_t off = 0;; off += 32768) {
        auto part = f.st.read_attachment_chunk(r.uuid, 0, off, 32768);
        REQUIRE_OK(part);
        joined.insert(joined.end(), part->begin(), part->end());
        if (part->size() < 32768) break;
    }
    CHECK(joined == whole->attachments[0].sealed_data);
    auto at_end = f.st.read_attachment_chunk(r.uuid, 0, joined.size(), 10);
    REQUIRE_OK(at_end);
    CHECK(at_end->empty());
    CHECK_FALSE(f.st.read_attachment_chunk(r.uuid, 0, joined.size() + 1, 10).ok());
    CHECK_FALSE(f.st.read_attachment_chunk(r.uuid, 1, 0, 10).ok());
}

TEST_CASE("statuses: upsert, never older over newer, status_for and last sync") {
    Fixture f;
    auto r = f.submit(1);
    auto none = f.st.status_for("ANR-2222-22");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());

    auto info = f.st.status_for(r.tracking_code);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    CHECK((*info)->local_state == State::queued);
    CHECK_FALSE((*info)->status.has_value());
    CHECK_FALSE((*info)->last_sync.has_value());

    REQUIRE_OK(f.st.upsert_status(r.tracking_code, "received", "Votre demande a été reçue.", 1000));
    REQUIRE_OK(f.st.upsert_status(r.tracking_code, "accepted", "Acte disponible en mairie.", 2000));
    REQUIRE_OK(f.st.upsert_status(r.tracking_code, "received", "Votre demande a été reçue.", 1500));  // replayed, older
    REQUIRE_OK(f.st.set_last_sync(2100));
    info = f.st.status_for(r.tracking_code);
    REQUIRE(info.ok());
    REQUIRE((*info)->status.has_value());
    CHECK((*info)->status->status == "accepted");
    CHECK((*info)->status->message == "Acte disponible en mairie.");
    CHECK((*info)->status->updated_at == 2000);
    CHECK((*info)->last_sync == 2100);

    // A status for a démarche this kiosk no longer knows (or another kiosk's) is shown too.
    std::string code = store::tracking::format("ANR", std::string("23456") + store::tracking::check_symbol("23456"));
    REQUIRE_OK(f.st.upsert_status(code, "closed", "Dossier clos.", 3000));
    auto o = f.st.status_for(code);
    REQUIRE(o.ok());
    REQUIRE(o->has_value());
    CHECK_FALSE((*o)->local_state.has_value());
    CHECK((*o)->status->status == "closed");

    auto bad = f.st.upsert_status("ANR-2222-23", "x", "y", 1);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("not a valid tracking code") != std::string::npos);

    // A page of the feed in one transaction: a newer status wins, an older one is kept out,
    // and a page with an invalid code stores nothing.
    REQUIRE_OK(f.st.upsert_statuses({{r.tracking_code, "ready", "Prêt à retirer.", 2500},
                                     {code, "closed", "Rouvert ?", 2900}}));
    CHECK((*f.st.status_for(r.tracking_code))->status->status == "ready");
    CHECK((*f.st.status_for(code))->status->message == "Dossier clos.");
    auto page = f.st.upsert_statuses({{r.tracking_code, "done", "Terminé.", 4000}, {"ANR-2222-23", "x", "y", 1}});
    REQUIRE_FALSE(page.ok());
    CHECK((*f.st.status_for(r.tracking_code))->status->status == "ready");
    auto ls = f.st.last_sync();
    REQUIRE(ls.ok());
    CHECK(*ls == 2100);
}

TEST_CASE("retention: defaults, settings, and apply_retention forgets what is past it") {
    Fixture f;
    auto def = f.st.retention();
    REQUIRE(def.ok());
    CHECK(def->sealed_hours == 0);
    CHECK(def->metadata_days == 180);
    CHECK(def->status_days == 180);
    CHECK_FALSE(f.st.set_retention({-1, 10, 10}).ok());
    CHECK_FALSE(f.st.set_retention({0, 0, 10}).ok());
    REQUIRE_OK(f.st.set_retention({24, 30, 40}));
    auto now = f.st.retention();
    REQUIRE(now.ok());
    CHECK(now->sealed_hours == 24);

    const store::Timestamp day = 86400;
    auto t0 = f.clock.now();
    auto old = f.submit(1);
    auto recent = f.submit(2);
    auto queued = f.submit(3, 1000);
    REQUIRE(f.st.claim_next_batch(2, t0).ok());
    REQUIRE_OK(f.st.mark_delivered(old.uuid, "r1"));
    f.clock.advance(20 * day);
    REQUIRE_OK(f.st.mark_delivered(recent.uuid, "r2"));
    REQUIRE_OK(f.st.upsert_status(old.tracking_code, "done", "Terminé", t0));
    REQUIRE_OK(f.st.upsert_status(recent.tracking_code, "done", "Terminé", t0 + 20 * day));

    // At t0 + 20 days + 1 h: old's sealed bytes are past 24 h, recent's are not.
    auto rep = f.st.apply_retention(t0 + 20 * day + 3600);
    REQUIRE(rep.ok());
    CHECK(rep->purged == 1);
    CHECK(rep->metadata_deleted == 0);
    CHECK(rep->statuses_deleted == 0);
    CHECK(f.state_of(old.uuid) == "purged");
    CHECK(f.state_of(recent.uuid) == "delivered");

    // At t0 + 45 days: recent's sealed bytes go (delivered 25 days ago); old's
    // metadata (delivered 45 days ago, kept 30) and status (45 days old, kept 40) go.
    rep = f.st.apply_retention(t0 + 45 * day);
    REQUIRE(rep.ok());
    CHECK(rep->purged == 1);
    CHECK(rep->metadata_deleted == 1);
    CHECK(rep->statuses_deleted == 1);
    CHECK(f.count("SELECT count(*) FROM demarche WHERE uuid = '" + old.uuid + "'") == 0);
    auto gone = f.st.status_for(old.tracking_code);
    REQUIRE(gone.ok());
    CHECK_FALSE(gone->has_value());
    CHECK(f.state_of(recent.uuid) == "purged");
    auto kept = f.st.status_for(recent.tracking_code);
    REQUIRE(kept.ok());
    REQUIRE(kept->has_value());
    CHECK((*kept)->status.has_value());
    CHECK(f.state_of(queued.uuid) == "queued");  // never touched before delivery
    REQUIRE_OK(verify_demarche(f.st, queued.uuid, f.keys, 3, 1000));
    CHECK(f.count("SELECT count(*) FROM attachment") == 1);
}

TEST_CASE("queue_summary counts per state, due, oldest, errors and last sync") {
    Fixture f;
    auto t0 = f.clock.now();
    std::vector<store::Receipt> r;
    for (int i = 1; i <= 6; ++i) {
        r.push_back(f.submit(static_cast<std::uint64_t>(i), 100));
        f.clock.advance(60);
    }
    REQUIRE(f.st.claim_next_batch(4, f.clock.now()).ok());  // r0..r3 sending
    REQUIRE_OK(f.st.mark_delivered(r[0].uuid, "x"));
    REQUIRE_OK(f.st.mark_delivered(r[1].uuid, "y"));
    REQUIRE(f.st.purge_delivered(f.clock.now() + 1).ok());  // r0, r1 purged
    REQUIRE_OK(f.st.mark_failed(r[2].uuid, "hub unreachable", f.clock.now() + 600));
    REQUIRE_OK(f.st.set_last_sync(t0 + 100));
    auto q = f.st.queue_summary(f.clock.now());
    REQUIRE(q.ok());
    CHECK(q->queued == 3);  // r2 (failed, not due), r4, r5
    CHECK(q->due == 2);
    CHECK(q->sending == 1);
    CHECK(q->delivered == 0);
    CHECK(q->purged == 2);
    CHECK(q->oldest_queued == r[2].created_at);
    CHECK(q->last_sync == t0 + 100);
    REQUIRE(q->errors.size() == 1);
    CHECK(q->errors[0].count == 1);
    CHECK(q->schema_version == store::current_schema_version());
}

TEST_CASE("the kiosk and the agent share the database through two connections") {
    Fixture f;
    auto agent = open_store(f.db, test_options(&f.clock));
    auto r = f.submit(1);
    auto b = agent.claim_next_batch(5, f.clock.now());
    REQUIRE(b.ok());
    REQUIRE(b->size() == 1);
    CHECK((*b)[0].uuid == r.uuid);
    REQUIRE_OK(verify_demarche(agent, r.uuid, f.keys, 1, 4096));
    REQUIRE_OK(agent.mark_delivered(r.uuid, "receipt"));
    REQUIRE_OK(agent.upsert_status(r.tracking_code, "received", "Reçue", 5));
    auto info = f.st.status_for(r.tracking_code);
    REQUIRE(info.ok());
    CHECK((*info)->local_state == State::delivered);
    CHECK((*info)->status->status == "received");
}

TEST_CASE("a writer waits busy_timeout for the other process's lock, then fails cleanly") {
    Fixture f;
    auto opts = test_options(&f.clock);
    opts.busy_timeout_ms = 50;
    auto kiosk = open_store(f.db, opts);
    REQUIRE_OK(f.st.database().exec("BEGIN IMMEDIATE"));  // the "agent" holds the write lock
    auto s = submission_for(1, f.keys.public_key);
    auto r = kiosk.submit(s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("cannot store the démarche") != std::string::npos);
    CHECK(r.error().message.find("SQLITE_BUSY") != std::string::npos);
    REQUIRE_OK(f.st.database().exec("COMMIT"));
    auto r2 = kiosk.submit(s);
    REQUIRE_MESSAGE(r2.ok(), (r2.ok() ? "" : r2.error().message));
    CHECK(query_int(kiosk.database(), "SELECT count(*) FROM demarche") == 1);
}

TEST_CASE("wipe() zeroes the payload and the attachments in place") {
    auto keys = crypto::BoxKeyPair::generate();
    auto s = submission_for(3, keys.public_key, 5000);
    s.attachments.emplace_back("x", "text/plain", Bytes(3000, 0x41));
    const std::uint8_t* payload = s.payload.data();
    const std::size_t payload_cap = s.payload.capacity();
    const std::uint8_t* att = s.attachments[0].bytes.data();
    const std::size_t att_cap = s.attachments[0].bytes.capacity();
    std::string& name = s.attachments[0].name;
    const char* name_p = name.data();
    const std::size_t name_cap = name.capacity();
    REQUIRE(payload_cap > 0);
    REQUIRE(std::any_of(payload, payload + payload_cap, [](std::uint8_t b) { return b != 0; }));
    // The attachment vector is cleared by wipe(): keep it alive to look at the memory.
    auto kept = std::move(s.attachments);
    s.attachments.clear();
    kept[0].wipe();
    kept[1].wipe();
    s.wipe();
    CHECK(s.payload.empty());
    CHECK(std::all_of(payload, payload + payload_cap, [](std::uint8_t b) { return b == 0; }));
    CHECK(std::all_of(att, att + att_cap, [](std::uint8_t b) { return b == 0; }));
    CHECK(std::all_of(name_p, name_p + name_cap, [](char c) { return c == 0; }));
    CHECK(kept[0].mime.empty());

    // The free helpers, short strings (inline buffer) included.
    std::string shorty = "Dupont";
    const char* sp = shorty.data();
    store::wipe(shorty);
    CHECK(shorty.empty());
    CHECK(std::all_of(sp, sp + 6, [](char c) { return c == 0; }));
    Bytes b(100, 0x55);
    b.resize(10);  // bytes past size() are zeroed as well
    const std::uint8_t* bp = b.data();
    store::wipe(b);
    CHECK(std::all_of(bp, bp + 100, [](std::uint8_t x) { return x == 0; }));

    // Submission::wipe() clears the attachments too.
    auto s2 = submission_for(3, keys.public_key, 100);
    s2.wipe();
    CHECK(s2.attachments.empty());
    CHECK(s2.payload.empty());
}

TEST_CASE("a database from a newer program is refused, not downgraded") {
    TempDir dir;
    {
        auto st = open_store(dir / "s.db");
        REQUIRE_OK(st.database().exec("PRAGMA user_version = 99"));
    }
    auto again = store::Store::open(dir / "s.db", test_options());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("newer than this program") != std::string::npos);
}

TEST_CASE("options are checked and open reports SQLite's reason") {
    TempDir dir;
    auto o = test_options();
    o.tracking_prefix = "an";
    auto r = store::Store::open(dir / "s.db", o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("three letters") != std::string::npos);
    auto o2 = test_options();
    o2.create = false;
    auto r2 = store::Store::open(dir / "missing.db", o2);
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().message.find("cannot open the database") != std::string::npos);
    test::write_all(dir / "junk.db", as_bytes(std::string(8192, 'j')));
    auto r3 = store::Store::open(dir / "junk.db", test_options());
    REQUIRE_FALSE(r3.ok());
    CHECK(r3.error().message.find("junk.db") != std::string::npos);
    CHECK(r3.error().message.find("SQLITE_NOTADB") != std::string::npos);
}

TEST_CASE("statement errors name the SQL and SQLite's message") {
    TempDir dir;
    auto db = store::Database::open(dir / "x.db");
    REQUIRE(db.ok());
    auto bad = db->prepare("SELEC 1");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("`SELEC 1`") != std::string::npos);
    CHECK(bad.error().message.find("syntax error") != std::string::npos);
    REQUIRE_OK(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY)"));
    auto ins = db->prepare("INSERT INTO t (k) VALUES (?1)");
    REQUIRE(ins.ok());
    REQUIRE_OK(ins->bind(1, "a").run());
    auto dup = ins->bind(1, "a").run();
    REQUIRE_FALSE(dup.ok());
    CHECK(ins->last_error_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK(dup.error().message.find("INSERT INTO t") != std::string::npos);
    CHECK(dup.error().message.find("UNIQUE constraint failed: t.k") != std::string::npos);
    auto range = ins->bind(7, "z").run();
    REQUIRE_FALSE(range.ok());
    CHECK(range.error().message.find("cannot bind parameter 7") != std::string::npos);
}

TEST_CASE("attachment metadata round-trips through its JSON encoding") {
    std::string tricky = "fiche \"paie\" \\ janvier\n\x01 été.pdf";
    auto json = store::encode_attachment_meta(tricky, "application/pdf");
    auto back = store::decode_attachment_meta(json);
    REQUIRE(back.ok());
    CHECK(back->first == tricky);
    CHECK(back->second == "application/pdf");
    CHECK_FALSE(store::decode_attachment_meta("{\"name\":1}").ok());
}
