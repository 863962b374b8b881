// The kiosk's record of the last index it accepted (docs/pack-repository.md §4):
// its version only goes up, so a replayed older index is refused.
#pragma once

#include "common/result.hpp"
#include "crypto/hash.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace guichet::repo {

struct AcceptedIndex {
    std::uint64_t version = 0;
    crypto::Hash256 hash{};  // of the whole index.gpi file
};

// STATE_DIR/repo-state.json; nothing when no index was ever accepted.
Result<std::optional<AcceptedIndex>> load_accepted_index(const std::filesystem::path& state_dir);
Result<void> save_accepted_index(const std::filesystem::path& state_dir, const AcceptedIndex& accepted);

}  // namespace guichet::repo
