// The signed pack-repository index, format version 1 (docs/pack-repository.md §2):
// for each pack id the current version, the exact size and BLAKE2b-256 of the
// whole pack and of each delta to it, the index's own version (only goes up)
// and its expiry (freeze defence). Parsing and verification only: signing is
// in the publish tool, which kiosks do not link.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"
#include "crypto/minisign.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::repo {

inline constexpr int kIndexFormat = 1;
inline constexpr std::uint64_t kMaxIndexSize = 1024 * 1024;
inline constexpr std::size_t kMaxPacksPerIndex = 256;
inline constexpr std::size_t kMaxDeltasPerPack = 16;
inline constexpr std::uint64_t kMaxRepoFileSize = 16ull * 1024 * 1024 * 1024;
inline constexpr std::string_view kIndexName = "index.gpi";
inline constexpr std::string_view kIndexUntrustedComment = "guichet pack index";

struct DeltaRecord {
    std::uint64_t from = 0;
    crypto::Hash256 base_hash{};  // whole base pack file
    std::uint64_t size = 0;
    crypto::Hash256 hash{};  // whole delta file
};

struct PackRecord {
    std::string id;
    std::uint64_t version = 0;
    std::uint64_t size = 0;
    crypto::Hash256 hash{};  // whole pack file
    std::vector<DeltaRecord> deltas;

    const DeltaRecord* delta_from(std::uint64_t from) const;
};

struct Index {
    std::uint64_t version = 0;
    std::int64_t created = 0;
    std::int64_t expires = 0;
    std::vector<PackRecord> packs;

    const PackRecord* find(std::string_view id) const;
    // Canonical JSON body (sorted members, compact): the signed bytes.
    std::string to_json() const;
    // Parses and checks a body (types, ids, hashes, limits, uniqueness).
    static Result<Index> parse(std::string_view json);
};

// The trusted comment an index signature must carry.
std::string index_comment(std::uint64_t version);

// The whole check of §2: canonical signature block, signature by a trusted
// key, then the body, then the trusted comment against the body's version.
Result<Index> verify_index_file(std::string_view file, const crypto::KeyRing& keys);

// Repository file names (§1), derived from ids and versions only.
std::string pack_file_name(std::string_view id, std::uint64_t version);                       // anor-3.gpk
std::string pack_path(std::string_view id, std::uint64_t version);                            // packs/anor/anor-3.gpk
std::string delta_path(std::string_view id, std::uint64_t from, std::uint64_t to);            // deltas/anor/anor-2-to-3.gpd

std::string hash_hex(const crypto::Hash256& h);

}  // namespace guichet::repo
