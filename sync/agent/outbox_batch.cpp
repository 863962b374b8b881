// Draining the outbox several démarches per request (docs/protocol.md §4.5):
// one POST carries up to the hub's and the agent's limits; each démarche keeps
// its own idempotency key, so a batch retried after a lost answer or a killed
// agent is answered as replays and nothing is stored twice.
#include "agent/agent.hpp"

#include "protocol/answers.hpp"
#include "protocol/envelope.hpp"
#include "protocol/routes.hpp"

namespace guichet::sync::agent {

struct BatchedClaim::Item {
    std::size_t index = 0;  // in the claim
    store::SealedDemarche sealed;
    SubmissionUpload up;
    std::uint64_t size = 0;  // in a batch body
};

namespace {

using Prepared = BatchedClaim::Item;

// Loads and signs CLAIMED; démarches signed here are recorded in one store
// transaction before anything is sent (every retry carries the same signature).
Result<std::vector<Prepared>> prepare_items(CycleContext& ctx, const std::vector<store::Claimed>& claimed,
                                      std::vector<Delivery>& outcome) {
    const auto& identity = ctx.hub.identity();
    std::vector<Prepared> out;
    std::vector<store::Store::EnvelopeSignature> to_record;
    std::vector<std::size_t> recorded_at;  // in OUT
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        auto sealed = ctx.store.load_sealed(claimed[i].uuid);
        if (!sealed) {
            outcome[i] = {Delivery::State::failed, {}, sealed.error().message};
            continue;
        }
        if (!identity) {
            outcome[i] = {Delivery::State::failed, {}, "the agent has no kiosk identity to sign " + claimed[i].uuid + " with"};
            continue;
        }
        Prepared p{i, std::move(*sealed), {}, 0};
        p.up = submission_upload(p.sealed.info, p.sealed);
        if (!p.sealed.info.envelope_signature.empty()) {
            p.up.kiosk_id = p.sealed.info.envelope_kiosk;
            p.up.envelope_signature = p.sealed.info.envelope_signature;
        } else if (auto r = sign_envelope(p.up, identity->client_id, identity->key); !r) {
            outcome[i] = {Delivery::State::failed, {}, claimed[i].uuid + ": " + r.error().message};
            continue;
        } else {
            to_record.push_back({p.up.uuid, p.up.kiosk_id, p.up.envelope_signature});
            recorded_at.push_back(out.size());
        }
        out.push_back(std::move(p));
    }
    if (!to_record.empty()) {
        auto recorded = ctx.store.record_envelope_signatures(to_record);
        if (!recorded) return recorded.error();
        for (std::size_t k = 0; k < recorded_at.size(); ++k) {
            auto& up = out[recorded_at[k]].up;
            up.kiosk_id = (*recorded)[k].first;
            up.envelope_signature = (*recorded)[k].second;
        }
    }
    for (auto& p : out) p.size = batch_item_size(p.up);
    return out;
}

// A request that failed as a whole (the line, the hub, this kiosk's credentials): as when
// one démarche at a time was sent, the first one takes the failure and its backoff, the
// others stay untried (due again at once, like the rest of a drain that stopped).
void fail_request(std::vector<Delivery>& outcome, const std::vector<Prepared>& ps, std::size_t from,
                  const std::string& why) {
    outcome[ps[from].index] = {Delivery::State::failed, {}, why};
}

}  // namespace

BatchedClaim::BatchedClaim() = default;
BatchedClaim::~BatchedClaim() = default;

Result<std::unique_ptr<BatchedClaim>> BatchedClaim::prepare(CycleContext& ctx, std::vector<store::Claimed> claimed,
                                                            const BatchLimits& limits) {
    std::unique_ptr<BatchedClaim> job(new BatchedClaim);
    job->claimed_ = std::move(claimed);
    job->outcome_.resize(job->claimed_.size());
    auto prepared = prepare_items(ctx, job->claimed_, job->outcome_);
    if (!prepared) return prepared.error();
    job->items_ = std::move(*prepared);
    // The hub's limits bound the request; the agent's keeps one request short on a slow line.
    job->max_bytes_ = std::min<std::uint64_t>(limits.bytes, std::max<std::uint64_t>(ctx.options.wire_batch_bytes, 1));
    job->hub_bytes_ = limits.bytes;
    job->max_count_ = static_cast<std::size_t>(std::clamp(limits.demarches, 1, kBatchMaxDemarches));
    return job;
}

void BatchedClaim::post(HubClient& hub, const std::atomic<bool>& stop) {
    const std::string path(paths::kKioskDemarchesBatch);
    auto& ps = items_;
    answers_.assign(ps.size(), std::nullopt);
    std::size_t from = 0;
    while (from < ps.size()) {
        if (stop) return;
        // A démarche bigger than a batch alone is left untried: the single route takes it.
        std::uint64_t bytes = kBatchMagic.size();
        std::size_t to = from;
        while (to < ps.size() && to - from < max_count_ && bytes + ps[to].size <= hub_bytes_ &&
               (to == from || bytes + ps[to].size <= max_bytes_)) {
            bytes += ps[to].size;
            ++to;
        }
        if (to == from) {
            ++from;
            continue;
        }
        std::vector<const SubmissionUpload*> ups;
        for (std::size_t k = from; k < to; ++k) ups.push_back(&ps[k].up);
        const auto body = encode_submission_batch(ups);
        auto answer = hub.send("POST", path, {}, body, kBatchContentType);
        if (!answer) return fail_request(outcome_, ps, from, answer.error().message);
        if (answer->status == 404 || answer->status == 405) {
            route_unknown_ = true;
            return;
        }
        if (answer->status != 200) return fail_request(outcome_, ps, from, describe_answer("POST", path, *answer));
        ++requests_;
        auto results = parse_batch_answer(answer->body);
        if (results && results->results.size() != to - from)
            results = fail("the hub answered " + std::to_string(results->results.size()) + " results for " +
                           std::to_string(to - from) + " démarches");
        for (std::size_t k = from; results && k < to; ++k)
            if (results->results[k - from].uuid != ps[k].up.uuid)
                results = fail("the hub's result " + std::to_string(k - from) + " names another démarche");
        if (!results) return fail_request(outcome_, ps, from, "POST " + path + ": " + results.error().message);
        for (std::size_t k = from; k < to; ++k) answers_[k] = std::move(results->results[k - from]);
        from = to;
    }
}

BatchSend BatchedClaim::finish(CycleContext& ctx) {
    const std::string path(paths::kKioskDemarchesBatch);
    ctx.report.batches += requests_;
    bool attachments_failed = false;
    for (std::size_t k = 0; k < items_.size(); ++k) {
        if (!answers_[k]) continue;
        const auto& r = *answers_[k];
        auto& out = outcome_[items_[k].index];
        if (!r.receipt) {
            const HttpAnswer refused{r.status, to_json(ErrorBody{r.error, r.message}), {}};
            out = {Delivery::State::failed, {}, describe_answer("POST", path + " (" + r.uuid + ")", refused)};
            continue;
        }
        if (items_[k].sealed.attachments.empty()) {
            out = {Delivery::State::delivered, r.receipt->receipt, {}};
            continue;
        }
        // Attachments keep their resumable route (§4.2). After one failed (the line, most
        // likely), the others wait for the next cycle, untried: resent, answered as replays.
        if (attachments_failed || ctx.stop) continue;
        auto whole = finish_attachments(ctx, items_[k].sealed, r.receipt->receipt);
        out = whole ? Delivery{Delivery::State::delivered, *whole, {}}
                    : Delivery{Delivery::State::failed, {}, whole.error().message};
        attachments_failed = !whole;
    }
    return route_unknown_ ? BatchSend::route_unknown : BatchSend::sent;
}

}  // namespace guichet::sync::agent
