// Draining the outbox: claim oldest first, upload, mark delivered on the hub's
// acknowledgement or failed with backoff (docs/protocol.md §4.3, §7).
#include "agent/agent.hpp"

#include "crypto/hash.hpp"
#include "protocol/answers.hpp"
#include "protocol/envelope.hpp"
#include "protocol/routes.hpp"

#include <charconv>
#include <future>

namespace guichet::sync::agent {

namespace {

Result<DemarcheState> hub_state(HubClient& hub, const std::string& uuid) {
    const auto path = paths::demarche(uuid);
    auto answer = hub.send("GET", path);
    if (!answer) return answer.error();
    if (answer->status != 200) return fail(describe_answer("GET", path, *answer));
    auto state = parse_demarche_state(answer->body);
    if (!state) return fail("malformed answer to GET " + path + ": " + state.error().message);
    return state;
}

// The hub's Upload-Offset, when it is a number within the attachment.
bool parse_offset(std::string_view text, std::uint64_t total, std::uint64_t& offset) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v > total) return false;
    offset = v;
    return true;
}

// Uploads attachment INDEX from OFFSET; returns true when the hub reports the
// démarche complete after the last chunk.
Result<bool> upload_attachment(CycleContext& ctx, const std::string& uuid, const store::SealedAttachment& a,
                               std::uint64_t offset) {
    const std::string path = paths::attachment(uuid, a.index);
    const std::uint64_t total = a.sealed_data.size();
    bool complete = false;
    int restarts = 0;
    while (offset < total) {
        if (ctx.stop) return fail("agent stopping");
        const auto n = std::min<std::uint64_t>(ctx.options.chunk_bytes, total - offset);
        ByteView chunk(a.sealed_data.data() + offset, n);
        auto answer = ctx.hub.send("PATCH", path, {}, chunk, kChunkContentType,
                                   {{kHeaderUploadOffset, std::to_string(offset)},
                                    {kHeaderUploadChecksum, upload_checksum(to_hex(crypto::blake2b_256(chunk)))}});
        if (!answer) return answer.error();
        auto hub_offset = answer->header(kHeaderUploadOffset);
        if (answer->status == 204) {
            offset += n;
            complete = answer->header(kHeaderUploadComplete) == "true";
        } else if ((answer->status == 409 || answer->status == 460) && restarts++ < 3 &&
                   parse_offset(hub_offset, total, offset)) {
            // resume where the hub stands
        } else {
            return fail(describe_answer("PATCH", path, *answer));
        }
    }
    return complete;
}

}  // namespace

SubmissionUpload submission_upload(const store::Claimed& info, const store::SealedDemarche& sealed) {
    SubmissionUpload up;
    up.uuid = info.uuid;
    up.tracking_code = info.tracking_code;
    up.form_id = info.form_id;
    up.form_version = info.form_version;
    up.recipient_id = info.recipient_id;
    up.created_at = info.created_at;
    up.sealed_payload = sealed.sealed_payload;
    for (const auto& a : sealed.attachments)
        up.attachments.push_back(
            {a.index, a.size, a.sealed_meta, a.sealed_data.size(), to_hex(crypto::blake2b_256(a.sealed_data))});
    return up;
}

Result<SubmissionUpload> signed_submission_upload(store::Store& store, const store::SealedDemarche& sealed,
                                                  const std::string& kiosk_id, const RequestKey& key) {
    auto up = submission_upload(sealed.info, sealed);
    if (!sealed.info.envelope_signature.empty()) {
        up.kiosk_id = sealed.info.envelope_kiosk;
        up.envelope_signature = sealed.info.envelope_signature;
        return up;
    }
    // First way out (a démarche queued before protocol 1.2 included): sign, record, then send what was recorded.
    if (auto r = sign_envelope(up, kiosk_id, key); !r) return fail(sealed.info.uuid + ": " + r.error().message);
    auto recorded = store.record_envelope_signature(sealed.info.uuid, up.kiosk_id, up.envelope_signature);
    if (!recorded) return recorded.error();
    up.kiosk_id = recorded->first;
    up.envelope_signature = recorded->second;
    return up;
}

Result<std::string> finish_attachments(CycleContext& ctx, const store::SealedDemarche& sealed,
                                       const std::string& receipt) {
    const auto& uuid = sealed.info.uuid;
    if (sealed.attachments.empty()) return receipt;
    auto state = hub_state(ctx.hub, uuid);
    if (!state) return state.error();
    if (state->attachments.size() != sealed.attachments.size())
        return fail("the hub lists " + std::to_string(state->attachments.size()) + " attachments for " + uuid +
                    ", the store " + std::to_string(sealed.attachments.size()));
    bool complete = state->complete;
    for (std::size_t i = 0; i < sealed.attachments.size() && !complete; ++i) {
        const auto& held = state->attachments[i];
        if (held.offset >= held.length) continue;
        auto done = upload_attachment(ctx, uuid, sealed.attachments[i], held.offset);
        if (!done) return done.error();
        complete = *done;
    }
    if (!complete) {
        auto after = hub_state(ctx.hub, uuid);
        if (!after) return after.error();
        if (!after->complete) return fail("the hub does not hold " + uuid + " whole yet");
    }
    return receipt;
}

Result<std::string> deliver(CycleContext& ctx, const store::Claimed& claimed) {
    auto sealed = ctx.store.load_sealed(claimed.uuid);
    if (!sealed) return sealed.error();
    const auto& identity = ctx.hub.identity();
    if (!identity) return fail("the agent has no kiosk identity to sign " + claimed.uuid + " with");
    auto up = signed_submission_upload(ctx.store, *sealed, identity->client_id, identity->key);
    if (!up) return up.error();
    const auto body = to_json(*up);
    const auto path = paths::demarche(claimed.uuid);
    auto answer =
        ctx.hub.send("PUT", path, {}, as_bytes(body), "application/json", {{kHeaderIdempotencyKey, claimed.uuid}});
    if (!answer) return answer.error();
    if (answer->status != 200) return fail(describe_answer("PUT", path, *answer));
    auto receipt = parse_submission_receipt(answer->body);
    if (!receipt) return receipt.error();
    return finish_attachments(ctx, *sealed, receipt->receipt);
}

namespace {

// Records what became of CLAIMED (OUTCOME, same order): delivered, failed with backoff, or
// back in line. What the batches left untried (none sent, an older hub, a démarche too big
// for one) goes one by one, as before 1.7, unless the line already failed (STOPPED: a line
// error seen elsewhere in this drain). Returns the line's error, if any.
Result<std::optional<Error>> settle_claim(CycleContext& ctx, const std::vector<store::Claimed>& claimed,
                                          std::vector<Delivery>& outcome, bool stopped) {
    std::optional<Error> line_error;
    for (const auto& d : outcome)
        if (d.state == Delivery::State::failed && !line_error) line_error = Error{d.error};
    std::vector<store::Store::Delivery> delivered;
    for (std::size_t i = 0; i < claimed.size(); ++i)
        if (outcome[i].state == Delivery::State::delivered) delivered.push_back({claimed[i].uuid, outcome[i].receipt});
    if (auto r = ctx.store.mark_delivered_all(delivered); !r) return r.error();
    ctx.report.delivered += static_cast<int>(delivered.size());
    for (std::size_t i = 0; i < claimed.size() && !ctx.stop && !line_error && !stopped; ++i) {
        if (outcome[i].state != Delivery::State::untried) continue;
        auto receipt = deliver(ctx, claimed[i]);
        if (!receipt) {
            outcome[i] = {Delivery::State::failed, {}, receipt.error().message};
            line_error = receipt.error();
            break;
        }
        if (auto r = ctx.store.mark_delivered(claimed[i].uuid, *receipt); !r) return r.error();
        outcome[i].state = Delivery::State::delivered;
        ++ctx.report.delivered;
    }
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        const auto& c = claimed[i];
        if (outcome[i].state == Delivery::State::failed) {
            ++ctx.report.failed;
            ctx.report.errors.push_back(c.uuid + ": " + outcome[i].error);
            // Cut by SIGTERM: not the démarche's fault, due again as soon as an agent runs.
            const auto next = ctx.stop ? ctx.now : ctx.now + ctx.agent.backoff(c.attempts);
            if (auto r = ctx.store.mark_failed(c.uuid, outcome[i].error, next); !r) return r.error();
        } else if (outcome[i].state == Delivery::State::untried) {
            // Claimed but not tried: back in line now, without waiting for the lease.
            if (auto r = ctx.store.mark_failed(c.uuid, "not tried in this cycle", ctx.now); !r) return r.error();
        }
    }
    return line_error;
}

// A claim whose batch requests are on the wire on CLIENT, from another thread.
struct InFlight {
    std::unique_ptr<BatchedClaim> claim;
    HubClient* client = nullptr;
    std::future<void> posted;  // declared last: destroyed (waited for) before the claim
};

InFlight launch(std::unique_ptr<BatchedClaim> claim, HubClient& client, const std::atomic<bool>& stop) {
    InFlight f{std::move(claim), &client, {}};
    f.posted = std::async(std::launch::async, [job = f.claim.get(), &client, &stop] { job->post(client, stop); });
    return f;
}

// Waits for F's requests, then finishes and records its claim with F's client (its attachments
// and leftovers go by that connection, while the other one may be busy).
Result<std::optional<Error>> settle(CycleContext& ctx, InFlight& f, std::optional<BatchLimits>& limits,
                                    bool stopped) {
    f.posted.get();
    CycleContext on_client{ctx.agent, ctx.store, *f.client, ctx.options, ctx.now, ctx.report, ctx.stop, nullptr};
    if (f.claim->finish(on_client) == BatchSend::route_unknown) limits.reset();
    return settle_claim(on_client, f.claim->claimed(), f.claim->outcome(), stopped);
}

}  // namespace

Result<void> outbox_step(CycleContext& ctx) {
    // Batches when the hub's ping offered them (§4.5) and one 404 has not shown otherwise.
    std::optional<BatchLimits> limits = ctx.options.wire_batch ? ctx.agent.hub_batch() : std::nullopt;
    // At most one claim in flight on the other connection while the next is prepared and sent (§4.5.1).
    std::optional<InFlight> flying;
    for (;;) {
        std::vector<store::Claimed> batch;
        if (!ctx.stop) {
            auto claimed = ctx.store.claim_next_batch(ctx.options.batch_size, ctx.now);
            if (!claimed) return claimed.error();
            batch = std::move(*claimed);
        }
        const bool batched = limits && batch.size() > 1;
        if (batched && flying && ctx.options.pipeline && ctx.second_hub) {
            auto job = BatchedClaim::prepare(ctx, std::move(batch), *limits);
            if (!job) return job.error();
            HubClient& free_client = flying->client == &ctx.hub ? *ctx.second_hub : ctx.hub;
            InFlight next = launch(std::move(*job), free_client, ctx.stop);
            auto line_error = settle(ctx, *flying, limits, false);
            flying = std::move(next);
            if (!line_error) return line_error.error();
            if (*line_error) {
                // The line failed under the first: the second is answered (or failed too) and recorded.
                if (auto r = settle(ctx, *flying, limits, true); !r) return r.error();
                return **line_error;
            }
            continue;
        }
        std::optional<Error> line_error;
        if (flying) {
            auto r = settle(ctx, *flying, limits, false);
            flying.reset();
            if (!r) return r.error();
            line_error = *r;
        }
        if (batch.empty()) return line_error ? Result<void>(*line_error) : Result<void>();
        if (batched && !line_error) {
            auto job = BatchedClaim::prepare(ctx, std::move(batch), *limits);
            if (!job) return job.error();
            if (ctx.options.pipeline && ctx.second_hub) {
                flying = launch(std::move(*job), ctx.hub, ctx.stop);
                continue;
            }
            (*job)->post(ctx.hub, ctx.stop);
            if ((*job)->finish(ctx) == BatchSend::route_unknown) limits.reset();
            auto r = settle_claim(ctx, (*job)->claimed(), (*job)->outcome(), false);
            if (!r) return r.error();
            if (*r) return **r;
            continue;
        }
        std::vector<Delivery> outcome(batch.size());
        auto r = settle_claim(ctx, batch, outcome, line_error.has_value());
        if (!r) return r.error();
        // Stop the drain at the first failure: the line or the hub is in trouble, and a
        // démarche due again at once (retry base 0) must not be claimed again in this cycle.
        if (line_error) return *line_error;
        if (*r) return **r;
    }
}

}  // namespace guichet::sync::agent
