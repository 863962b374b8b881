// The kiosk's record of the pack repository (docs/pack-repository.md §4):
// the last index it accepted (its version only goes up, so a replayed older
// index is refused) and the repository files that failed verification, each
// retried only after an exponential backoff that survives a restart.
#pragma once

#include "common/result.hpp"
#include "crypto/hash.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guichet::repo {

struct AcceptedIndex {
    std::uint64_t version = 0;
    crypto::Hash256 hash{};  // of the whole index.gpi file
};

// A listed file (whole pack or delta) that was missing on the server, did not
// match the index's hash, or rebuilt/verified into a pack the kiosk refused.
struct FileFailure {
    std::string name;  // repository name, e.g. packs/anor/anor-3.gpk
    std::string pack_id;
    std::uint64_t version = 0;
    crypto::Hash256 hash{};  // as the index listed it: a new publication is tried at once
    std::uint32_t failures = 0;
    std::int64_t retry_at = 0;  // not downloaded again before (Unix time)
    std::string error;          // the last reason, at most kMaxFailureText bytes
};

// How the last version of a pack was installed from the repository, for the
// heartbeat (docs/protocol.md §6): staff see which packs came as deltas.
struct PackInstallRecord {
    std::string pack_id;
    std::uint64_t version = 0;
    bool delta = false;
    std::uint64_t from = 0;   // the delta's base version (0: whole pack)
    std::uint64_t bytes = 0;  // size of the delta or whole pack, as the index listed it
    std::int64_t at = 0;      // when (Unix time)
};

struct RepoState {
    std::optional<AcceptedIndex> accepted;
    std::vector<FileFailure> failures;        // at most kMaxFailures
    std::vector<PackInstallRecord> installs;  // one per pack id, at most kMaxFailures
};

inline constexpr std::size_t kMaxFailures = 256;
inline constexpr std::size_t kMaxFailureText = 300;

// STATE_DIR/repo-state.json; empty when absent.
Result<RepoState> load_repo_state(const std::filesystem::path& state_dir);
// Written atomically.
Result<void> save_repo_state(const std::filesystem::path& state_dir, const RepoState& state);

// The accepted index alone (nothing when no index was ever accepted); saving it keeps the failures.
Result<std::optional<AcceptedIndex>> load_accepted_index(const std::filesystem::path& state_dir);
Result<void> save_accepted_index(const std::filesystem::path& state_dir, const AcceptedIndex& accepted);

// Delay before the next try after FAILURES failures: min(cap, base·2^(failures−1)).
std::int64_t failure_backoff_seconds(std::uint32_t failures, std::int64_t base, std::int64_t cap);

}  // namespace guichet::repo
