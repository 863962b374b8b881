// The agent's pack-update step (docs/pack-repository.md §4) and the HTTP
// transport it uses: GET /v1/repo/<name> on the hub, signed like every agent
// request, in ranges of at most CHUNK bytes so a large pack arrives in
// resumable pieces. Registered with Agent::add_step(make_pack_update_step(…)).
#pragma once

#include "agent/agent.hpp"
#include "repo/transport.hpp"
#include "repo/updater.hpp"

#include <memory>
#include <filesystem>
#include <string>
#include <vector>

namespace guichet::repo {

class HubTransport : public Transport {
public:
    explicit HubTransport(sync::HubClient& hub, std::uint64_t chunk_bytes = 1 << 20) : hub_(hub), chunk_(chunk_bytes) {}
    Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes, const Sink& sink) override;
    bool last_fetch_missing() const override { return missing_; }

private:
    sync::HubClient& hub_;
    std::uint64_t chunk_;
    bool missing_ = false;
};

// Paces any transport through a token bucket (guichet-sync --max-rate): each
// chunk is counted as it arrives, so pair it with chunks well under a
// second's worth of bytes (pack_step_chunk).
class ThrottledTransport : public Transport {
public:
    ThrottledTransport(Transport& inner, sync::TokenBucket& bucket) : inner_(inner), bucket_(bucket) {}
    Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes, const Sink& sink) override;
    bool last_fetch_missing() const override { return inner_.last_fetch_missing(); }

private:
    Transport& inner_;
    sync::TokenBucket& bucket_;
};

// Range size for the pack step: LIMIT (default 1 MiB), or less: a quarter
// second of the cap (at least 4 KiB).
std::uint64_t pack_step_chunk(const sync::TokenBucket* bucket, std::uint64_t limit = 1 << 20);

struct PackStepOptions {
    std::filesystem::path packs_dir;  // the kiosk's --packs
    std::filesystem::path keys_dir;   // the kiosk's --keys (empty: packs_dir, as the kiosk)
    std::string kiosk_id = "kiosk";   // for packs' audience, as the kiosk's --kiosk-id
    // Bulk transfers wait for an empty outbox, unless the hour (local time, 0–23)
    // is inside [window_start, window_end) — e.g. 1–5 for overnight.
    int window_start = -1, window_end = -1;
    std::uint64_t chunk_bytes = 1 << 20;  // range size of pack downloads (--pack-chunk-bytes)
    // Bandwidth cap on pack downloads (bulk transfers); null: none.
    std::shared_ptr<sync::TokenBucket> bandwidth;
};

// *.pub in DIR, as the kiosk loads them.
crypto::KeyRing load_pack_keys(const std::filesystem::path& dir);
// Installed pack versions (highest per id) for the heartbeat, each with how
// it came when STATE_DIR/repo-state.json recorded its install.
std::vector<sync::PackVersion> installed_pack_versions(const PackStepOptions& options,
                                                       const std::filesystem::path& state_dir);
// Pack files that failed and wait for their backoff (STATE_DIR/repo-state.json), for the heartbeat.
std::vector<sync::PackProblem> pack_problems(const std::filesystem::path& state_dir);

sync::agent::CycleStep make_pack_update_step(PackStepOptions options);

}  // namespace guichet::repo
