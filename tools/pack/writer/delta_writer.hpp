#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <filesystem>

namespace guichet::pack {

struct DeltaStats {
    std::uint64_t target_size = 0;
    std::uint64_t delta_size = 0;
    std::uint64_t copied_bytes = 0;
    std::uint64_t literal_bytes = 0;  // data the base lacks, as stored in the delta
    std::uint64_t patched_bytes = 0;  // target bytes rebuilt from patches against the base
    std::uint64_t patch_bytes = 0;    // what those patches weigh in the delta
    std::uint64_t ops = 0;
};

// Writes a delta that rebuilds NEW from OLD (docs/pack-format.md, "Deltas").
Result<DeltaStats> make_delta(const std::filesystem::path& old_pack, const std::filesystem::path& new_pack,
                              const std::filesystem::path& out);

}  // namespace guichet::pack
