// Pack deltas, format version 1 (docs/pack-format.md, "Deltas"). A delta
// rebuilds a target pack byte for byte from a base pack, as a sequence of
// operations: copy a range of the base, insert literal bytes, or insert bytes
// zstd-compressed against a range of the base ("patch", as `zstd --patch-from`).
// Unchanged blobs (and an unchanged dictionary) are copies; the index and
// changed entries are patches against their old versions; the rest is literal.
// The result is checked against the target's whole-file hash before it is
// committed; it is then opened and verified like any downloaded pack.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"

#include <cstdint>
#include <filesystem>

namespace guichet::pack {

inline constexpr std::array<std::uint8_t, 8> kDeltaMagic = {'G', 'U', 'I', 'C', 'H', 'D', 'L', 0x1a};
inline constexpr std::uint16_t kDeltaVersion = 1;
inline constexpr std::size_t kDeltaHeaderSize = 112;
inline constexpr std::size_t kDeltaOpHeaderSize = 17;    // u8 kind, u64 length, u64 base offset
inline constexpr std::size_t kDeltaPatchExtraSize = 16;  // patch only: u64 prefix length, u64 compressed length
inline constexpr int kDeltaMaxWindowLog = 27;             // patches need at most a 128 MiB window
inline constexpr std::uint64_t kMaxDeltaTarget = 16ull * 1024 * 1024 * 1024;

enum class DeltaOp : std::uint8_t { copy = 0, literal = 1, patch = 2 };

struct DeltaHeader {
    crypto::Hash256 base_identity{};  // BLAKE2b-256 of the base's manifest + signature
    crypto::Hash256 target_hash{};    // BLAKE2b-256 of the whole target file
    std::uint64_t target_size = 0;
    std::uint64_t op_count = 0;

    std::array<std::uint8_t, kDeltaHeaderSize> encode() const;
    static Result<DeltaHeader> decode(ByteView bytes);
};

// The identity a delta names its base by: the hash of the signed manifest and signature.
Result<crypto::Hash256> pack_identity(ByteView pack_bytes);

// Rebuilds the target into OUT (atomically). Refuses a delta made for another base.
Result<void> apply_delta(const std::filesystem::path& base, const std::filesystem::path& delta,
                         const std::filesystem::path& out);

}  // namespace guichet::pack
