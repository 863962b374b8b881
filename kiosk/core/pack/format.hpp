// The Guichet pack file format, version 1. Spec: docs/pack-format.md.
// Shared by the reader (kiosk) and the writer (tools); keep both in step with the spec.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace guichet::pack {

inline constexpr std::array<std::uint8_t, 8> kMagic = {'G', 'U', 'I', 'C', 'H', 'P', 'K', 0x1a};
inline constexpr std::uint16_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 128;
inline constexpr std::size_t kHeaderHashedSize = 96;  // header bytes covered by header_hash
inline constexpr std::size_t kIndexEntrySize = 64;

// Hard limits, checked before anything is allocated or decompressed.
inline constexpr std::uint32_t kMaxManifestSize = 64 * 1024;
inline constexpr std::uint32_t kMaxSignatureSize = 4 * 1024;
inline constexpr std::uint32_t kMaxDictSize = 1024 * 1024;
inline constexpr std::uint32_t kMaxEntries = 1'000'000;
inline constexpr std::uint64_t kMaxIndexSize = 256ull * 1024 * 1024;
inline constexpr std::uint32_t kMaxPathLength = 1024;
inline constexpr const char* kEmbeddedSignatureComment = "guichet pack manifest signature";
inline constexpr std::uint64_t kDefaultMaxEntrySize = 1024ull * 1024 * 1024;  // decompressed, per entry

enum class Codec : std::uint8_t {
    raw = 0,        // stored as is (already-compressed media)
    zstd = 1,       // one zstd frame
    zstd_dict = 2,  // one zstd frame compressed with the pack's dictionary
};

// What an entry holds; lets readers pick a decoder without sniffing.
enum class MediaType : std::uint8_t {
    other = 0,
    markdown = 1,
    yaml = 2,
    json = 3,
    text = 4,
    image = 5,
    video = 6,
    audio = 7,
    map_data = 8,  // GeoJSON, MBTiles
    key = 9,       // recipients' public keys
};

std::string_view codec_name(Codec c);
std::string_view media_type_name(MediaType t);

// Fixed 128-byte header, little-endian.
struct Header {
    std::uint16_t format_version = kFormatVersion;
    std::uint32_t flags = 0;
    std::uint64_t manifest_offset = 0;
    std::uint32_t manifest_size = 0;
    std::uint32_t signature_size = 0;  // embedded minisig text, right after the manifest
    std::uint64_t dict_offset = 0;
    std::uint32_t dict_size = 0;
    std::uint32_t entry_count = 0;
    std::uint64_t index_offset = 0;
    std::uint64_t index_size = 0;
    std::uint64_t data_offset = 0;
    std::uint64_t data_size = 0;
    std::uint64_t file_size = 0;

    std::array<std::uint8_t, kHeaderSize> encode() const;
    // Checks magic, version, checksum and that every region lies inside a file of FILE_SIZE bytes.
    static Result<Header> decode(ByteView bytes, std::uint64_t actual_file_size);
};

// One fixed-size index record; paths follow the records in a string table.
struct IndexEntry {
    std::uint64_t data_offset = 0;  // relative to the data region
    std::uint64_t stored_size = 0;
    std::uint64_t size = 0;  // decompressed
    std::uint32_t path_offset = 0;
    std::uint16_t path_length = 0;
    Codec codec = Codec::raw;
    MediaType media_type = MediaType::other;
    std::array<std::uint8_t, 32> hash{};  // BLAKE2b-256 of the stored bytes

    void encode(std::uint8_t* out) const;
    static IndexEntry decode(const std::uint8_t* in);
};

// A path is relative, '/'-separated, valid UTF-8, without empty, '.' or '..' parts.
bool is_valid_entry_path(std::string_view path);
bool is_valid_utf8(std::string_view text);

}  // namespace guichet::pack
