// Resumable, hash-checked downloads of repository files
// (docs/pack-repository.md §4, step 5.3). The bytes go to a ".part" file named
// after the expected hash; an interrupted download resumes from the part's
// size; never more than the expected size is accepted; the file is believed
// only once its size and BLAKE2b-256 equal the signed index's.
#pragma once

#include "common/result.hpp"
#include "crypto/hash.hpp"
#include "transport.hpp"

#include <filesystem>
#include <string>

namespace guichet::repo {

struct ExpectedFile {
    std::string name;  // repository name, e.g. packs/anor/anor-3.gpk
    std::uint64_t size = 0;
    crypto::Hash256 hash{};
};

struct DownloadStats {
    std::uint64_t fetched = 0;       // bytes received from the transport
    std::uint64_t resumed_from = 0;  // bytes already in the part file at the start
    bool discarded = false;          // the file did not match the index and was deleted
    bool missing = false;            // the repository has no such file (transport's last_fetch_missing)
};

// DIR/<base name of NAME>.<first 16 hex of the hash>.part
std::filesystem::path part_path(const std::filesystem::path& dir, const ExpectedFile& file);

// Downloads FILE into its part file in DIR (resuming), checks size and hash and
// fsyncs it. Returns the part path, complete and verified. On a hash mismatch
// the part is deleted; on a transfer error it is kept for the next attempt.
Result<std::filesystem::path> download_verified(Transport& transport, const ExpectedFile& file,
                                                const std::filesystem::path& dir, DownloadStats& stats);

// Streaming BLAKE2b-256 of a whole file.
Result<crypto::Hash256> hash_file(const std::filesystem::path& path);
// fsync of a file's contents.
Result<void> sync_file(const std::filesystem::path& path);

}  // namespace guichet::repo
