// Builds and signs a pack file (docs/pack-format.md). Used by staff tools and
// the hub only; the kiosk links the reader alone.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/format.hpp"
#include "pack/manifest.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace guichet::pack {

struct SourceEntry {
    std::string path;               // path inside the pack
    std::filesystem::path file;     // read from here when DATA is empty and FILE is set
    Bytes data;                     // in-memory content (generated entries)
    MediaType media_type = MediaType::other;
    bool already_compressed = false;  // JPEG, PNG, MP4…: stored as is
};

// Guesses the media type and whether content is already compressed from the path's extension.
MediaType media_type_for(std::string_view path, bool* already_compressed);

struct BuildOptions {
    Manifest manifest;  // id, version, title, created, expires, min_kiosk_version, audience, languages
    const crypto::SecretKey* key = nullptr;
    std::optional<Bytes> dictionary;  // reuse a base pack's dictionary so deltas stay small
    bool train_dictionary = true;
    int compression_level = 19;  // for compressible content; media are stored as is
    unsigned threads = 0;        // 0: all cores
    bool write_minisig = true;   // PACK.minisig beside the pack, for stock minisign
    std::function<void(std::size_t done, std::size_t total, std::string_view path)> progress;
};

struct BuildStats {
    std::size_t entries = 0;
    std::size_t unique_blobs = 0;
    std::uint64_t input_bytes = 0;
    std::uint64_t file_size = 0;
    std::uint32_t dict_size = 0;
    std::size_t dict_entries = 0;  // entries compressed with the dictionary
    std::size_t raw_entries = 0;
};

Result<BuildStats> write_pack(std::vector<SourceEntry> entries, const BuildOptions& options,
                              const std::filesystem::path& out);

// The detached signature file written beside a pack.
std::filesystem::path minisig_path(const std::filesystem::path& pack);

}  // namespace guichet::pack
