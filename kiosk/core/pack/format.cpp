#include "pack/format.hpp"

#include "crypto/hash.hpp"

#include <algorithm>
#include <sodium.h>

namespace guichet::pack {

std::string_view codec_name(Codec c) {
    switch (c) {
        case Codec::raw: return "raw";
        case Codec::zstd: return "zstd";
        case Codec::zstd_dict: return "zstd+dict";
    }
    return "unknown";
}

std::string_view media_type_name(MediaType t) {
    switch (t) {
        case MediaType::other: return "other";
        case MediaType::markdown: return "markdown";
        case MediaType::yaml: return "yaml";
        case MediaType::json: return "json";
        case MediaType::text: return "text";
        case MediaType::image: return "image";
        case MediaType::video: return "video";
        case MediaType::audio: return "audio";
        case MediaType::map_data: return "map";
        case MediaType::key: return "key";
    }
    return "unknown";
}

std::array<std::uint8_t, kHeaderSize> Header::encode() const {
    std::array<std::uint8_t, kHeaderSize> b{};
    std::copy(kMagic.begin(), kMagic.end(), b.begin());
    store_le16(&b[8], format_version);
    store_le16(&b[10], static_cast<std::uint16_t>(kHeaderSize));
    store_le32(&b[12], flags);
    store_le64(&b[16], manifest_offset);
    store_le32(&b[24], manifest_size);
    store_le32(&b[28], signature_size);
    store_le64(&b[32], dict_offset);
    store_le32(&b[40], dict_size);
    store_le32(&b[44], entry_count);
    store_le64(&b[48], index_offset);
    store_le64(&b[56], index_size);
    store_le64(&b[64], data_offset);
    store_le64(&b[72], data_size);
    store_le64(&b[80], file_size);
    // bytes 88..95 reserved, zero
    auto h = crypto::blake2b_256(ByteView(b.data(), kHeaderHashedSize));
    std::copy(h.begin(), h.end(), b.begin() + kHeaderHashedSize);
    return b;
}

Result<Header> Header::decode(ByteView bytes, std::uint64_t actual) {
    if (bytes.size() < kHeaderSize)
        return fail("truncated pack: " + std::to_string(bytes.size()) + " bytes, smaller than the " +
                    std::to_string(kHeaderSize) + "-byte header");
    const std::uint8_t* b = bytes.data();
    if (!std::equal(kMagic.begin(), kMagic.end(), b)) return fail("not a Guichet pack (bad magic)");
    Header h;
    h.format_version = load_le16(b + 8);
    if (h.format_version != kFormatVersion)
        return fail("unsupported pack format version " + std::to_string(h.format_version) +
                    " (this reader supports version " + std::to_string(kFormatVersion) + ")");
    if (load_le16(b + 10) != kHeaderSize) return fail("bad header: header size field is not 128");
    auto expected = crypto::blake2b_256(ByteView(b, kHeaderHashedSize));
    if (sodium_memcmp(expected.data(), b + kHeaderHashedSize, expected.size()) != 0)
        return fail("bad header: header checksum mismatch (the header is corrupted)");
    h.flags = load_le32(b + 12);
    h.manifest_offset = load_le64(b + 16);
    h.manifest_size = load_le32(b + 24);
    h.signature_size = load_le32(b + 28);
    h.dict_offset = load_le64(b + 32);
    h.dict_size = load_le32(b + 40);
    h.entry_count = load_le32(b + 44);
    h.index_offset = load_le64(b + 48);
    h.index_size = load_le64(b + 56);
    h.data_offset = load_le64(b + 64);
    h.data_size = load_le64(b + 72);
    h.file_size = load_le64(b + 80);
    if (h.flags != 0) return fail("bad header: unknown flags " + std::to_string(h.flags));
    for (std::size_t i = 88; i < 96; ++i)
        if (b[i] != 0) return fail("bad header: reserved bytes are not zero");
    if (h.file_size != actual)
        return fail("truncated or extended pack: header says " + std::to_string(h.file_size) + " bytes, file has " +
                    std::to_string(actual));
    if (h.manifest_size == 0 || h.manifest_size > kMaxManifestSize)
        return fail("bad header: manifest size " + std::to_string(h.manifest_size) + " out of range");
    if (h.signature_size == 0 || h.signature_size > kMaxSignatureSize)
        return fail("bad header: signature size " + std::to_string(h.signature_size) + " out of range");
    if (h.dict_size > kMaxDictSize) return fail("bad header: dictionary size " + std::to_string(h.dict_size) + " over the limit");
    if (h.entry_count > kMaxEntries) return fail("bad header: entry count " + std::to_string(h.entry_count) + " over the limit");
    if (h.index_size > kMaxIndexSize) return fail("bad header: index size " + std::to_string(h.index_size) + " over the limit");
    if (h.index_size < static_cast<std::uint64_t>(h.entry_count) * kIndexEntrySize)
        return fail("bad header: index size too small for " + std::to_string(h.entry_count) + " entries");
    // The regions follow each other in a fixed order with no gaps.
    if (h.manifest_offset != kHeaderSize) return fail("bad header: manifest offset is not right after the header");
    std::uint64_t pos = h.manifest_offset + h.manifest_size + h.signature_size;
    if (h.dict_offset != pos) return fail("bad header: dictionary offset does not follow the signature");
    pos += h.dict_size;
    if (h.index_offset != pos) return fail("bad header: index offset does not follow the dictionary");
    if (!fits(pos, h.index_size, actual)) return fail("bad header: index extends past the end of the file");
    pos += h.index_size;
    if (h.data_offset != pos) return fail("bad header: data offset does not follow the index");
    if (!fits(pos, h.data_size, actual) || pos + h.data_size != actual)
        return fail("bad header: data region does not end at the end of the file");
    return h;
}

void IndexEntry::encode(std::uint8_t* out) const {
    store_le64(out, data_offset);
    store_le64(out + 8, stored_size);
    store_le64(out + 16, size);
    store_le32(out + 24, path_offset);
    store_le16(out + 28, path_length);
    out[30] = static_cast<std::uint8_t>(codec);
    out[31] = static_cast<std::uint8_t>(media_type);
    std::copy(hash.begin(), hash.end(), out + 32);
}

IndexEntry IndexEntry::decode(const std::uint8_t* in) {
    IndexEntry e;
    e.data_offset = load_le64(in);
    e.stored_size = load_le64(in + 8);
    e.size = load_le64(in + 16);
    e.path_offset = load_le32(in + 24);
    e.path_length = load_le16(in + 28);
    e.codec = static_cast<Codec>(in[30]);
    e.media_type = static_cast<MediaType>(in[31]);
    std::copy(in + 32, in + 64, e.hash.begin());
    return e;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len;
        std::uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

bool is_valid_entry_path(std::string_view path) {
    if (path.empty() || path.size() > kMaxPathLength || !is_valid_utf8(path)) return false;
    if (path.front() == '/' || path.back() == '/') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (part.empty() || part == "." || part == "..") return false;
        for (char c : part)
            if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return false;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

}  // namespace guichet::pack
