// Reads a pack: checks the header, the embedded manifest signature and the
// index at open (cost bounded by the index size), then decompresses and
// hash-checks one entry at a time on demand.
//
// Call order:
//   1. PackReader::open(path, keys) — structure + signature + index checks;
//   2. policy: TrustStore::admit(reader.manifest(), ...) — expiry, rollback, audience;
//   3. read(path) / read(i) as often as needed, from any thread.
// A PackReader is immutable and cheap to copy; copies share the mapping.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "pack/format.hpp"
#include "pack/manifest.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace guichet::pack {

struct ReadLimits {
    std::uint64_t max_entry_size = kDefaultMaxEntrySize;  // largest decompressed entry accepted
};

struct EntryInfo {
    std::string_view path;
    IndexEntry index;
};

class PackReader {
public:
    static Result<PackReader> open(const std::filesystem::path& path, const crypto::KeyRing& keys,
                                   ReadLimits limits = {});
    // For staff tools inspecting a pack without its key (info, ls, diff): every
    // structural and hash check, but the signature is not checked. Kiosks never call this.
    static Result<PackReader> open_unverified(const std::filesystem::path& path, ReadLimits limits = {});
    // Over bytes the caller keeps alive (fuzzing, tests, in-memory packs).
    static Result<PackReader> open_memory(ByteView bytes, const crypto::KeyRing& keys, ReadLimits limits = {});
    static Result<PackReader> open_memory_unverified(ByteView bytes, ReadLimits limits = {});

    const Manifest& manifest() const;
    const crypto::Signature& signature() const;
    const Header& header() const;
    std::size_t entry_count() const;
    EntryInfo entry(std::size_t i) const;  // entries are sorted by path
    std::optional<std::size_t> find(std::string_view path) const;

    // Hash-checks the stored bytes, then decompresses. Errors name the entry.
    Result<Bytes> read(std::size_t i) const;
    Result<Bytes> read(std::string_view path) const;
    // Zero-copy view of a raw (uncompressed) entry, after its hash check.
    Result<ByteView> read_raw(std::size_t i) const;
    // The stored (possibly compressed) bytes of an entry, unchecked.
    ByteView stored_bytes(std::size_t i) const;

    ByteView file_bytes() const;
    ByteView dictionary() const;

    // Full check: every stored blob's hash and that the blobs cover the data
    // region exactly; with DECOMPRESS, also that every frame decompresses to its
    // indexed size. PROGRESS gets bytes done/total.
    Result<void> verify_all(bool decompress = false,
                            const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) const;

    struct Impl;

private:
    explicit PackReader(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

}  // namespace guichet::pack
