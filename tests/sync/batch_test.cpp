// Batching on the wire (docs/protocol.md §4.5), against an in-process hub:
// the hub's answers per démarche (new, already had, refused), its whole-body
// refusals, and the agent sending batches, falling back to one by one before
// an older hub, and converging after a batch whose answer was lost.
#include "agent/agent.hpp"
#include "hub/hub_db.hpp"
#include "protocol/answers.hpp"
#include "protocol/batch.hpp"
#include "protocol/envelope.hpp"
#include "protocol/routes.hpp"
#include "hub_front.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <ctime>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

SubmissionUpload signed_upload(const EnrolledKiosk& k, int i) {
    SubmissionUpload up;
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "5a1e0000-0000-4000-8000-%012d", i);
    up.uuid = uuid;
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "f";
    up.form_version = 1;
    up.recipient_id = "etat-civil";
    up.created_at = 1'800'000'000;
    up.sealed_payload = Bytes(300, static_cast<std::uint8_t>(i));
    up.sealed_payload[0] = 0xFF;  // raw bytes, not UTF-8
    REQUIRE(sign_envelope(up, k.id, k.key).ok());
    return up;
}

HttpAnswer post_batch(HubClient& c, ByteView body) {
    auto a = c.send("POST", paths::kKioskDemarchesBatch, {}, body, kBatchContentType);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    return std::move(*a);
}

BatchAnswer results_of(const HttpAnswer& a) {
    REQUIRE_MESSAGE(a.status == 200, a.body);
    auto r = parse_batch_answer(a.body);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(*r);
}

std::string error_kind(const HttpAnswer& a) {
    auto j = nlohmann::json::parse(a.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : "(no JSON error: " + a.body + ")";
}

std::int64_t count_rows(const std::filesystem::path& hub_data, const std::string& sql) {
    auto db = open_hub_db(hub_data);
    REQUIRE(db.ok());
    auto st = db->db().prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(st->step().value());
    return st->column_int64(0);
}

agent::AgentOptions agent_options(const std::filesystem::path& state) {
    agent::AgentOptions o;
    o.state_dir = state;
    o.seed = 3;
    return o;
}

}  // namespace

TEST_CASE("batch route: new démarches, then replays, with invalid items among valid ones that stand") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk = enroll_kiosk_with_key(dir / "hub", dir / "kiosk", hub.url());
    auto other = enroll_kiosk_with_key(dir / "hub", dir / "other", hub.url());
    auto c = signed_client(hub.url(), kiosk.id, kiosk.key);

    // The ping offers the route and its limits.
    auto ping = c.send("GET", paths::kPing);
    REQUIRE(ping.ok());
    auto offered = parse_ping_answer(ping->body);
    REQUIRE(offered.ok());
    REQUIRE(offered->batch);
    CHECK(offered->batch->demarches == kBatchMaxDemarches);
    CHECK(offered->batch->bytes == kBatchMaxBytes);

    // One delivered before by the single route.
    auto before = signed_upload(kiosk, 0);
    const auto single = to_json(before);
    auto put = c.send("PUT", paths::demarche(before.uuid), {}, as_bytes(single), "application/json",
                      {{kHeaderIdempotencyKey, before.uuid}});
    REQUIRE(put.ok());
    REQUIRE(put->status == 200);
    auto put_receipt = parse_submission_receipt(put->body);
    REQUIRE(put_receipt.ok());

    auto a = signed_upload(kiosk, 1), b = signed_upload(kiosk, 2);
    auto tampered = signed_upload(kiosk, 3);
    tampered.recipient_id = "urbanisme";  // the signature no longer covers it
    auto foreign = signed_upload(other, 4);  // another kiosk's démarche, uploaded by this one
    auto copy = signed_upload(kiosk, 5);
    copy.sealed_payload = a.sealed_payload;  // a's payload under a new UUID
    REQUIRE(sign_envelope(copy, kiosk.id, kiosk.key).ok());
    auto bad_uuid = signed_upload(kiosk, 6);
    bad_uuid.uuid = "5A1E0000-0000-4000-8000-000000000006";
    REQUIRE(sign_envelope(bad_uuid, kiosk.id, kiosk.key).ok());

    const std::vector<const SubmissionUpload*> items{&a, &tampered, &before, &foreign, &b, &copy, &bad_uuid};
    auto first = results_of(post_batch(c, encode_submission_batch(items)));
    REQUIRE(first.results.size() == items.size());
    for (std::size_t i = 0; i < items.size(); ++i) CHECK(first.results[i].uuid == items[i]->uuid);
    CHECK(first.results[0].status == 200);
    CHECK(!first.results[0].replay);
    CHECK(first.results[1].status == 400);
    CHECK(first.results[1].error == "bad-envelope-signature");
    CHECK(first.results[2].status == 200);  // already had, by the single route: its receipt
    CHECK(first.results[2].replay);
    CHECK(first.results[2].receipt->receipt == put_receipt->receipt);
    CHECK(first.results[3].status == 403);
    CHECK(first.results[3].error == "not-author");
    CHECK(first.results[4].status == 200);
    CHECK(first.results[5].status == 409);
    CHECK(first.results[5].error == "copied-payload");
    CHECK(first.results[6].status == 400);
    CHECK(first.results[6].error == "malformed");
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 3);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM idempotency") == 3);

    // The same batch again (a lost answer): the same receipts, marked replays; nothing stored twice.
    auto again = results_of(post_batch(c, encode_submission_batch(items)));
    REQUIRE(again.results.size() == items.size());
    for (std::size_t i : {0, 2, 4}) {
        CHECK(again.results[i].replay);
        CHECK(again.results[i].receipt->receipt == first.results[i].receipt->receipt);
    }
    CHECK(again.results[1].status == 400);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 3);

    // A duplicate inside one batch is the same démarche twice: stored once, the second a replay.
    auto d = signed_upload(kiosk, 7);
    auto twice = results_of(post_batch(c, encode_submission_batch({&d, &d})));
    CHECK(!twice.results[0].replay);
    CHECK(twice.results[1].replay);
    CHECK(twice.results[1].receipt->receipt == twice.results[0].receipt->receipt);
    // Another envelope under a key the hub holds: 422, as on the single route.
    auto changed = signed_upload(kiosk, 7);
    changed.form_version = 2;
    REQUIRE(sign_envelope(changed, kiosk.id, kiosk.key).ok());
    CHECK(results_of(post_batch(c, encode_submission_batch({&changed}))).results[0].error == "idempotency-mismatch");
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 4);
}

TEST_CASE("batch route: too many, too big, broken or unsigned batches are refused whole with a JSON error") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk = enroll_kiosk_with_key(dir / "hub", dir / "kiosk", hub.url());
    auto c = signed_client(hub.url(), kiosk.id, kiosk.key);
    auto a = signed_upload(kiosk, 1);

    auto too_many = post_batch(c, encode_submission_batch(std::vector<const SubmissionUpload*>(kBatchMaxDemarches + 1, &a)));
    CHECK(too_many.status == 400);
    CHECK(error_kind(too_many) == "malformed");
    CHECK(too_many.body.find("more than 100") != std::string::npos);

    // Too big (413 before the body is read): security_test's "oversize" case.
    auto broken = post_batch(c, as_bytes(std::string_view("{\"not\":\"a batch\"}")));
    CHECK(broken.status == 400);
    CHECK(error_kind(broken) == "malformed");

    auto anonymous = HubClient::create(hub.url());
    REQUIRE(anonymous.ok());
    auto unsigned_request = anonymous->send("POST", paths::kKioskDemarchesBatch, {}, encode_submission_batch({&a}),
                                            kBatchContentType);
    REQUIRE(unsigned_request.ok());
    CHECK(unsigned_request->status == 401);
    CHECK(error_kind(*unsigned_request) != "");
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 0);
}

TEST_CASE("agent: a queue goes in batches, attachments by their resumable route, the old single route on demand") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    std::mt19937_64 rng(11);
    auto submitted = submit_demarches(state, 7, partner.id, partner.box.public_key, {0, 0, 40'000}, rng);
    {
        auto options = agent_options(state);
        options.chunk_bytes = 16 << 10;
        auto ag = agent::Agent::open(options);
        REQUIRE_MESSAGE(ag.ok(), (ag.ok() ? "" : ag.error().message));
        std::atomic<bool> stop{false};
        auto report = ag->run_cycle(stop);
        CHECK(report.errors.empty());
        CHECK(report.delivered == 7);
        CHECK(report.batches == 1);
    }
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche WHERE complete = 1") == 7);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM attachment WHERE received = sealed_length") == 2);

    // --no-batch: one PUT each, as an agent before 1.7 (the hub keeps that route).
    submitted = submit_demarches(state, 3, partner.id, partner.box.public_key, {0}, rng);
    auto options = agent_options(state);
    options.wire_batch = false;
    auto ag = agent::Agent::open(options);
    REQUIRE(ag.ok());
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    CHECK(report.delivered == 3);
    CHECK(report.batches == 0);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 10);
}

TEST_CASE("agent: before a hub without the batch route it goes one by one, whether the ping offers batches or not") {
    for (const bool advertise : {false, true}) {
        CAPTURE(advertise);
        TempDir dir;
        InProcessHub hub(dir / "hub");
        HubFront front(hub.port(), {HubFrontOptions::Batch::not_found, 0, advertise});
        const auto state = dir / "kiosk";
        enroll_kiosk_directly(dir / "hub", state, front.url());
        auto partner = register_demo_partner(dir / "partner", dir / "hub");
        std::mt19937_64 rng(12);
        submit_demarches(state, 5, partner.id, partner.box.public_key, {0}, rng);
        auto ag = agent::Agent::open(agent_options(state));
        REQUIRE(ag.ok());
        std::atomic<bool> stop{false};
        auto report = ag->run_cycle(stop);
        CHECK(report.errors.empty());
        CHECK(report.delivered == 5);
        CHECK(report.batches == 0);
        CHECK(front.batch_requests() == (advertise ? 1 : 0));  // one 404, then one by one for the cycle
        CHECK(front.single_puts() == 5);
        CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 5);
    }
}

TEST_CASE("agent: a batch the hub committed but whose answer was lost is resent as replays, nothing twice") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    std::mt19937_64 rng(13);
    auto submitted = submit_demarches(state, 6, partner.id, partner.box.public_key, {0}, rng);
    {
        // What a killed agent leaves: the first four signed, recorded and committed at the hub,
        // the answer never read, the démarches still 'sending' in the store.
        auto ag = agent::Agent::open(agent_options(state));
        REQUIRE(ag.ok());
        auto claimed = ag->store().claim_next_batch(4, std::time(nullptr));
        REQUIRE(claimed.ok());
        REQUIRE(claimed->size() == 4);
        const auto& identity = *ag->hub().identity();
        std::vector<SubmissionUpload> ups;
        for (const auto& cl : *claimed) {
            auto sealed = ag->store().load_sealed(cl.uuid);
            REQUIRE(sealed.ok());
            auto up = agent::signed_submission_upload(ag->store(), *sealed, identity.client_id, identity.key);
            REQUIRE(up.ok());
            ups.push_back(std::move(*up));
        }
        std::vector<const SubmissionUpload*> items;
        for (const auto& u : ups) items.push_back(&u);
        auto committed = ag->hub().send("POST", paths::kKioskDemarchesBatch, {}, encode_submission_batch(items),
                                        kBatchContentType);
        REQUIRE(committed.ok());
        REQUIRE(committed->status == 200);
    }
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 4);
    auto ag = agent::Agent::open(agent_options(state));  // requeues the dead agent's claims
    REQUIRE(ag.ok());
    std::atomic<bool> stop{false};
    auto report = ag->run_cycle(stop);
    CHECK(report.errors.empty());
    CHECK(report.delivered == 6);
    CHECK(report.batches == 1);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 6);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM idempotency") == 6);
    auto q = ag->store().queue_summary(std::time(nullptr));
    REQUIRE(q.ok());
    CHECK(q->queued == 0);
    CHECK(q->sending == 0);
}

TEST_CASE("agent: pipelined batches, the next claim on a second connection while the hub answers the first") {
    for (const bool pipeline : {true, false}) {
        CAPTURE(pipeline);
        TempDir dir;
        InProcessHub hub(dir / "hub");
        HubFront front(hub.port(), {pipeline ? HubFrontOptions::Batch::hold_first : HubFrontOptions::Batch::forward});
        const auto state = dir / "kiosk";
        enroll_kiosk_directly(dir / "hub", state, front.url());
        auto partner = register_demo_partner(dir / "partner", dir / "hub");
        std::mt19937_64 rng(14);
        submit_demarches(state, 35, partner.id, partner.box.public_key, {0, 0, 0, 0, 0, 0, 9'000}, rng);
        auto options = agent_options(state);
        options.batch_size = 10;  // four claims: 10, 10, 10, 5
        options.pipeline = pipeline;
        auto ag = agent::Agent::open(options);
        REQUIRE(ag.ok());
        std::atomic<bool> stop{false};
        auto report = ag->run_cycle(stop);
        CHECK(report.errors.empty());
        CHECK(report.delivered == 35);
        CHECK(report.batches == 4);
        CHECK(front.batch_requests() == 4);
        // Pipelined: the first batch was still unanswered when the second reached the front.
        CHECK(front.most_batches_at_once() == (pipeline ? 2 : 1));
        if (pipeline) CHECK(front.first_released_by_second());
        CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche WHERE complete = 1") == 35);
        CHECK(count_rows(dir / "hub", "SELECT count(*) FROM attachment WHERE received = sealed_length") == 5);
        auto q = ag->store().queue_summary(std::time(nullptr));
        REQUIRE(q.ok());
        CHECK(q->queued == 0);
        CHECK(q->sending == 0);
    }
}

TEST_CASE("agent: the line drops under a pipelined batch, nothing lost, nothing twice after the next cycle") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    // The second batch reaches the hub, which commits it; its answer is lost with the connection.
    HubFront front(hub.port(), {HubFrontOptions::Batch::lose_answer_of_nth, 2});
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub", state, front.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub");
    std::mt19937_64 rng(15);
    submit_demarches(state, 40, partner.id, partner.box.public_key, {0}, rng);
    std::atomic<bool> stop{false};
    agent::CycleReport first;
    {
        auto options = agent_options(state);
        options.batch_size = 10;
        options.retry_base_seconds = 0;  // the démarche that takes the failure is due again at once
        auto ag = agent::Agent::open(options);
        REQUIRE(ag.ok());
        first = ag->run_cycle(stop);
        CHECK_FALSE(first.errors.empty());
        CHECK(first.delivered >= 10);
        CHECK(first.delivered < 40);
        auto q = ag->store().queue_summary(std::time(nullptr));
        REQUIRE(q.ok());
        CHECK(q->sending == 0);  // every claim settled: delivered, failed with backoff, or back in line
        CHECK(q->queued == 40 - first.delivered);
    }
    // The hub holds the lost batch: resent, answered as replays.
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") >= first.delivered + 10);
    auto again = agent_options(state);
    again.batch_size = 10;
    auto ag = agent::Agent::open(again);
    REQUIRE(ag.ok());
    auto second = ag->run_cycle(stop);
    CHECK_MESSAGE(second.errors.empty(), (second.errors.empty() ? "" : second.errors[0]));
    CHECK(first.delivered + second.delivered == 40);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM demarche") == 40);
    CHECK(count_rows(dir / "hub", "SELECT count(*) FROM idempotency") == 40);
    auto q = ag->store().queue_summary(std::time(nullptr));
    REQUIRE(q.ok());
    CHECK(q->queued == 0);
    CHECK(q->sending == 0);
}
