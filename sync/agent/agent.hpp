// The kiosk's sync agent (guichet-sync): each cycle runs a list of steps —
// probe, drain the outbox, purge, pull statuses, heartbeat — against the hub
// (docs/protocol.md §7). Other parts add steps (the pack update of sync/repo/)
// with Agent::add_step. All retry state lives in the store, so the agent may
// be killed at any moment.
#pragma once

#include "common/result.hpp"
#include "protocol/batch.hpp"
#include "protocol/messages.hpp"
#include "store/store.hpp"
#include "transport/hub_client.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace guichet::sync::agent {

inline constexpr const char* kKeyFile = "sync-key";
inline constexpr const char* kConfigFile = "sync.json";
inline constexpr const char* kCursorFile = "status-cursor";
inline constexpr const char* kSyncRequestFile = "sync-request";  // written by the kiosk's staff mode
inline constexpr const char* kLockFile = "sync.lock";            // held (flock) by the running agent

// An exclusive flock on a file, released by the destructor.
class LockFile {
public:
    // Fails when another process holds it.
    static Result<LockFile> acquire(const std::filesystem::path& path);
    LockFile(LockFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    LockFile& operator=(LockFile&& other) noexcept;
    LockFile(const LockFile&) = delete;
    LockFile& operator=(const LockFile&) = delete;
    ~LockFile();

private:
    explicit LockFile(int fd) : fd_(fd) {}
    int fd_ = -1;
};

struct AgentOptions {
    std::filesystem::path state_dir;  // the kiosk's state directory (guichet.db lives there)
    std::string hub_url;              // empty: the one recorded at enrolment
    // An https:// hub's certificate (--ca, --pin); empty: the one recorded at enrolment.
    TlsTrust tls;
    std::int64_t interval_seconds = 60;
    std::int64_t retry_base_seconds = 10;  // backoff: min(cap, base·2^(attempts−1))·u, u ∈ [0.5, 1]
    std::int64_t retry_cap_seconds = 3600;
    int batch_size = 100;  // démarches claimed at a time (--batch): one batch of the hub's limit
    // Send several démarches per request when the hub offers it (§4.5; --no-batch: one by one, as before 1.7),
    // at most this many bytes of body per request (a single bigger démarche goes alone).
    bool wire_batch = true;
    std::uint64_t wire_batch_bytes = 256 << 10;
    // With batches, the next claim's requests go on a second connection while the hub answers the
    // current one, so a slow line is not idle between batches (§4.5.1; --no-pipeline: one at a time).
    bool pipeline = true;
    std::uint64_t chunk_bytes = 256 << 10;
    std::int64_t request_timeout_ms = 20000;  // deadline of each request, whole (docs/protocol.md §7.1)
    std::int64_t lease_seconds = 15 * 60;  // a démarche left 'sending' by a killed agent is retried after this
    std::string software_version = "guichet-sync 1";
    std::uint64_t seed = 0;  // jitter; 0: random
    // Installed pack versions for the heartbeat (the pack step fills it).
    std::function<std::vector<PackVersion>()> pack_versions;
    // Pack updates waiting for their backoff, for the heartbeat (the pack step fills it).
    std::function<std::vector<PackProblem>()> pack_problems;
    std::function<std::int64_t()> clock;  // default: system clock
    // Cap on every request and answer body (--max-rate-all); null: none.
    std::shared_ptr<TokenBucket> bandwidth;
    // SIGTERM/SIGINT: aborts the request in progress (guichet-sync's signal thread requests it); null: none.
    const StopToken* stop = nullptr;
};

struct CycleReport {
    bool line_up = false;
    int delivered = 0;
    int failed = 0;
    int statuses = 0;
    int batches = 0;  // requests to the batch route answered 200 (§4.5)
    std::vector<std::string> errors;  // one line per failed step or démarche
};

class Agent;

struct CycleContext {
    Agent& agent;
    store::Store& store;
    HubClient& hub;
    const AgentOptions& options;
    std::int64_t now = 0;
    CycleReport& report;
    const std::atomic<bool>& stop;  // SIGTERM: finish the current request, then return
    // A second connection to the hub for pipelined batches (§4.5.1); null: none.
    HubClient* second_hub = nullptr;
};

struct CycleStep {
    std::string name;
    std::function<Result<void>(CycleContext&)> run;
};

class Agent {
public:
    // Opens the store and the enrolment record (sync.json, sync-key). Holds
    // DIR/sync.lock: one agent per kiosk, so démarches left 'sending' by a
    // killed agent go back to the queue at once instead of after the lease.
    static Result<Agent> open(AgentOptions options);

    // Steps run in order; the built-in ones are "probe", "outbox", "purge",
    // "statuses", "heartbeat". A step inserted BEFORE an existing one (by name)
    // or at the end when BEFORE is empty or unknown.
    void add_step(CycleStep step, std::string_view before = {});
    const std::vector<CycleStep>& steps() const { return steps_; }

    // One cycle. When "probe" fails the remaining steps are skipped.
    CycleReport run_cycle(const std::atomic<bool>& stop);
    // Cycles until STOP, waiting the interval or for the sync-request file.
    // SIGNAL_FD (a signalfd, or -1) wakes the wait.
    void run(const std::atomic<bool>& stop, int signal_fd);

    store::Store& store() { return store_; }
    HubClient& hub() { return hub_; }
    HubClient& second_hub() { return second_hub_; }
    const AgentOptions& options() const { return options_; }
    std::int64_t backoff(int attempts);
    // What the hub's last ping offered for batches (§4.5); nullopt: one by one.
    const std::optional<BatchLimits>& hub_batch() const { return hub_batch_; }
    void set_hub_batch(std::optional<BatchLimits> limits) { hub_batch_ = limits; }

private:
    Agent(AgentOptions options, store::Store store, HubClient hub, HubClient second_hub, LockFile lock);
    AgentOptions options_;
    LockFile lock_;
    store::Store store_;
    HubClient hub_;
    HubClient second_hub_;  // the pipelined batches' second connection
    std::vector<CycleStep> steps_;
    std::mt19937_64 rng_;
    std::optional<BatchLimits> hub_batch_;
};

// Retry delay after ATTEMPTS failed claims: min(cap, base·2^(attempts−1))·jitter,
// JITTER in [0.5, 1] spreading kiosks that failed together.
std::int64_t retry_delay_seconds(int attempts, std::int64_t base, std::int64_t cap, double jitter);

// guichet-sync enroll: checks the state directory first (created if missing,
// writable, at least kEnrolMinFreeBytes free, the key file written), so that
// a local failure leaves the token unspent; then generates the kiosk's key
// pair, registers it with the hub using TOKEN, stores sync-key (0600) and
// sync.json atomically. Returns the kiosk id. TLS: how an https:// hub is
// trusted, recorded in sync.json for every later run (docs/protocol.md §7).
inline constexpr std::uint64_t kEnrolMinFreeBytes = 16 << 20;
Result<std::string> enroll(const std::filesystem::path& state_dir, const std::string& hub_url, std::string_view token,
                           std::string_view name, const TlsTrust& tls = {});

// The built-in steps (agent_steps.cpp, outbox.cpp).
Result<void> probe_step(CycleContext& ctx);
Result<void> outbox_step(CycleContext& ctx);
Result<void> purge_step(CycleContext& ctx);
Result<void> statuses_step(CycleContext& ctx);
Result<void> heartbeat_step(CycleContext& ctx);
// STATE_DIR/printer-status.json, written by the kiosk's print worker (docs/print.md §9):
// the printer's state for the heartbeat; nothing when absent or unreadable.
inline constexpr const char* kPrinterStatusFile = "printer-status.json";
std::optional<PrinterStatus> read_printer_status(const std::filesystem::path& state_dir);
// The heartbeat the agent sends (and export-bundle carries).
Result<Heartbeat> current_heartbeat(store::Store& store, const AgentOptions& options, std::int64_t now);
// The kiosk id recorded at enrolment (STATE_DIR/sync.json).
Result<std::string> enrolled_kiosk_id(const std::filesystem::path& state_dir);

// Uploads one claimed démarche (§4): submission, then its attachments, resuming
// where the hub stands. Returns the hub's receipt once the hub holds it whole.
Result<std::string> deliver(CycleContext& ctx, const store::Claimed& claimed);
// After the hub took the submission of SEALED (RECEIPT): its attachments,
// resuming where the hub stands (§4.2); the receipt once the hub holds it whole.
Result<std::string> finish_attachments(CycleContext& ctx, const store::SealedDemarche& sealed,
                                       const std::string& receipt);

// What became of one claimed démarche in this cycle.
struct Delivery {
    enum class State { untried, delivered, failed };
    State state = State::untried;
    std::string receipt;  // delivered
    std::string error;    // failed
};
enum class BatchSend { sent, route_unknown };
// One claim sent by POST /v1/kiosk/demarches:batch (§4.5) in three stages, so
// that the next claim's requests can be on the wire while this one's answer
// comes back (pipelining, §4.5.1):
// - prepare, on the agent's thread: loads the démarches, signs and records
//   their envelopes (store);
// - post, on any one thread, with a HubClient nobody else is using: the
//   requests, within LIMITS and the agent's own, nothing else (no store); it
//   stops at the first request that fails as a whole (the rest stays untried);
// - finish, back on the agent's thread with CTX.hub the client that posted:
//   the attachments of the accepted démarches, and the outcome (same order
//   as the claim). route_unknown: the hub answered 404 or 405, an older hub
//   behind the one that answered the ping; what is untried goes one by one.
class BatchedClaim {
public:
    // An Error only when the store fails.
    static Result<std::unique_ptr<BatchedClaim>> prepare(CycleContext& ctx, std::vector<store::Claimed> claimed,
                                                         const BatchLimits& limits);
    ~BatchedClaim();
    BatchedClaim(const BatchedClaim&) = delete;
    BatchedClaim& operator=(const BatchedClaim&) = delete;

    void post(HubClient& hub, const std::atomic<bool>& stop);
    BatchSend finish(CycleContext& ctx);

    const std::vector<store::Claimed>& claimed() const { return claimed_; }
    std::vector<Delivery>& outcome() { return outcome_; }

    struct Item;

private:
    BatchedClaim();
    std::vector<store::Claimed> claimed_;
    std::vector<Delivery> outcome_;
    std::vector<Item> items_;
    std::vector<std::optional<BatchResult>> answers_;  // by item, from post
    std::uint64_t max_bytes_ = 0, hub_bytes_ = 0;
    std::size_t max_count_ = 0;
    int requests_ = 0;
    bool route_unknown_ = false;
};

// The PUT /v1/demarches/{uuid} body of a stored démarche, unsigned.
SubmissionUpload submission_upload(const store::Claimed& info, const store::SealedDemarche& sealed);
// The same, with its envelope signature (docs/protocol.md §4.4), as both the
// upload and export-bundle send it: the signature recorded in the store, or
// on the démarche's first way out, KEY's signature as KIOSK_ID, recorded
// first so that every retry and every bundle carries the same one.
Result<SubmissionUpload> signed_submission_upload(store::Store& store, const store::SealedDemarche& sealed,
                                                  const std::string& kiosk_id, const RequestKey& key);

}  // namespace guichet::sync::agent
