#include "pack_writer.hpp"

#include "common/file.hpp"
#include "crypto/hash.hpp"
#include "pack/zstd_handles.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <zdict.h>

namespace guichet::pack {

namespace {

constexpr std::uint64_t kDictEntryMax = 64 * 1024;      // entries up to this size use the dictionary
constexpr std::size_t kDictCapacity = 64 * 1024;
constexpr std::size_t kMinDictSamples = 32;
constexpr std::uint64_t kLongModeThreshold = 8ull * 1024 * 1024;
constexpr std::uint64_t kBatchBytes = 64ull * 1024 * 1024;  // bounds memory while compressing
constexpr std::uint64_t kMaxSourceEntry = kDefaultMaxEntrySize;

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char a = s[s.size() - suffix.size() + i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (a != suffix[i]) return false;
    }
    return true;
}

bool is_text(MediaType t) {
    return t == MediaType::markdown || t == MediaType::yaml || t == MediaType::json || t == MediaType::text ||
           t == MediaType::key;
}

struct Blob {
    Bytes stored;
    Codec codec = Codec::raw;
    std::uint64_t size = 0;
    crypto::Hash256 hash{};
};

class Compressor {
public:
    Compressor(const BuildOptions& options, const std::optional<Bytes>& dict) : level_(options.compression_level) {
        if (dict && !dict->empty())
            cdict_.reset(ZSTD_createCDict(dict->data(), dict->size(), level_));
    }

    Result<Blob> compress(const SourceEntry& e, Bytes content) const {
        Blob blob;
        blob.size = content.size();
        if (!e.already_compressed && !content.empty()) {
            ZstdCCtx cctx;
            Bytes out(ZSTD_compressBound(content.size()));
            std::size_t n;
            Codec codec = Codec::zstd;
            if (cdict_ && is_text(e.media_type) && content.size() <= kDictEntryMax) {
                n = ZSTD_compress_usingCDict(cctx.get(), out.data(), out.size(), content.data(), content.size(),
                                             cdict_.get());
                codec = Codec::zstd_dict;
            } else {
                ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level_);
                if (content.size() > kLongModeThreshold) {
                    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_enableLongDistanceMatching, 1);
                    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, 27);
                }
                n = ZSTD_compress2(cctx.get(), out.data(), out.size(), content.data(), content.size());
            }
            if (ZSTD_isError(n)) return fail(e.path + ": compression failed (" + ZSTD_getErrorName(n) + ")");
            // Keep the compressed form only when it saves at least 3%.
            if (n < content.size() - content.size() / 32) {
                out.resize(n);
                blob.stored = std::move(out);
                blob.codec = codec;
            }
        }
        if (blob.codec == Codec::raw) blob.stored = std::move(content);
        blob.hash = crypto::blake2b_256(blob.stored);
        return blob;
    }

private:
    int level_;
    std::unique_ptr<ZSTD_CDict, ZstdCDictFree> cdict_;
};

Result<Bytes> load_content(const SourceEntry& e) {
    if (!e.data.empty() || e.file.empty()) return e.data;
    return read_file(e.file, kMaxSourceEntry);
}

Result<std::optional<Bytes>> train_dictionary(const std::vector<SourceEntry>& entries) {
    Bytes samples;
    std::vector<std::size_t> sizes;
    for (const auto& e : entries) {
        if (!is_text(e.media_type)) continue;
        auto content = load_content(e);
        if (!content) return content.error();
        if (content->empty() || content->size() > kDictEntryMax) continue;
        samples.insert(samples.end(), content->begin(), content->end());
        sizes.push_back(content->size());
    }
    if (sizes.size() < kMinDictSamples) return std::optional<Bytes>{};
    std::size_t capacity = std::min(kDictCapacity, std::max<std::size_t>(samples.size() / 10, 4096));
    Bytes dict(capacity);
    std::size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), samples.data(), sizes.data(),
                                          static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(n)) return std::optional<Bytes>{};  // too little or too uniform: no dictionary
    dict.resize(n);
    return std::optional<Bytes>{std::move(dict)};
}

}  // namespace

MediaType media_type_for(std::string_view path, bool* already_compressed) {
    struct Rule {
        std::string_view ext;
        MediaType type;
        bool compressed;
    };
    static constexpr Rule rules[] = {
        {".md", MediaType::markdown, false},   {".yaml", MediaType::yaml, false},  {".yml", MediaType::yaml, false},
        {".json", MediaType::json, false},     {".txt", MediaType::text, false},   {".csv", MediaType::text, false},
        {".vtt", MediaType::text, false},      {".srt", MediaType::text, false},   {".svg", MediaType::image, false},
        {".geojson", MediaType::map_data, false}, {".mbtiles", MediaType::map_data, false},
        {".pub", MediaType::key, false},       {".jpg", MediaType::image, true},   {".jpeg", MediaType::image, true},
        {".png", MediaType::image, true},      {".webp", MediaType::image, true},  {".gif", MediaType::image, true},
        {".mp4", MediaType::video, true},      {".webm", MediaType::video, true},  {".mkv", MediaType::video, true},
        {".mp3", MediaType::audio, true},      {".ogg", MediaType::audio, true},   {".opus", MediaType::audio, true},
        {".wav", MediaType::audio, false},     {".pdf", MediaType::other, false},  {".zst", MediaType::other, true},
        {".gz", MediaType::other, true},       {".zip", MediaType::other, true},
    };
    for (const auto& r : rules)
        if (ends_with_ci(path, r.ext)) {
            if (already_compressed) *already_compressed = r.compressed;
            return r.type;
        }
    if (already_compressed) *already_compressed = false;
    return MediaType::other;
}

std::filesystem::path minisig_path(const std::filesystem::path& pack) {
    auto p = pack;
    p += ".minisig";
    return p;
}

Result<BuildStats> write_pack(std::vector<SourceEntry> entries, const BuildOptions& options,
                              const std::filesystem::path& out) {
    if (!options.key) return fail("no signing key");
    if (!is_valid_pack_id(options.manifest.id)) return fail("invalid pack id '" + options.manifest.id + "'");
    if (entries.size() > kMaxEntries) return fail("too many entries (limit " + std::to_string(kMaxEntries) + ")");
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!is_valid_entry_path(entries[i].path)) return fail("invalid entry path '" + entries[i].path + "'");
        if (i > 0 && entries[i].path == entries[i - 1].path) return fail("duplicate entry path '" + entries[i].path + "'");
    }

    std::optional<Bytes> dict = options.dictionary;
    if (!dict && options.train_dictionary) {
        auto trained = train_dictionary(entries);
        if (!trained) return trained.error();
        dict = std::move(*trained);
    }
    if (dict && dict->size() > kMaxDictSize) return fail("dictionary over the size limit");
    Compressor compressor(options, dict);

    // Compress in batches on worker threads; append blobs to a spool file in
    // path order, so the output does not depend on thread timing.
    auto spool_path = out;
    spool_path += ".data";
    auto spool = AtomicFileWriter::create(spool_path);
    if (!spool) return spool.error();
    std::vector<IndexEntry> index(entries.size());
    std::map<crypto::Hash256, std::size_t> blob_by_hash;  // hash -> first index entry holding it
    BuildStats stats;
    stats.entries = entries.size();
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

    std::size_t next = 0;
    while (next < entries.size()) {
        std::size_t end = next;
        std::uint64_t batch_bytes = 0;
        while (end < entries.size() && (end == next || batch_bytes < kBatchBytes)) {
            std::error_code ec;
            batch_bytes += entries[end].file.empty() ? entries[end].data.size()
                                                     : std::filesystem::file_size(entries[end].file, ec);
            ++end;
        }
        std::vector<Blob> blobs(end - next);
        std::vector<std::string> errors(end - next);
        std::atomic<std::size_t> cursor{next};
        auto work = [&] {
            for (std::size_t i; (i = cursor.fetch_add(1)) < end;) {
                auto content = load_content(entries[i]);
                if (!content) {
                    errors[i - next] = content.error().message;
                    continue;
                }
                auto blob = compressor.compress(entries[i], std::move(*content));
                if (blob) blobs[i - next] = std::move(*blob);
                else errors[i - next] = blob.error().message;
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();

        for (std::size_t i = next; i < end; ++i) {
            if (!errors[i - next].empty()) return fail(errors[i - next]);
            Blob* blob = &blobs[i - next];
            IndexEntry& e = index[i];
            e.codec = blob->codec;
            e.media_type = entries[i].media_type;
            e.size = blob->size;
            e.stored_size = blob->stored.size();
            e.hash = blob->hash;
            stats.input_bytes += blob->size;
            if (e.codec == Codec::zstd_dict) ++stats.dict_entries;
            if (e.codec == Codec::raw) ++stats.raw_entries;
            auto [it, inserted] = blob_by_hash.emplace(e.hash, i);
            if (e.stored_size == 0) {
                e.data_offset = 0;  // empty entries occupy no data
            } else if (!inserted) {
                e.data_offset = index[it->second].data_offset;  // identical blob: store once
            } else {
                e.data_offset = spool->written();
                if (auto r = spool->write(blob->stored); !r) return r.error();
            }
            if (options.progress) options.progress(i + 1, entries.size(), entries[i].path);
        }
        next = end;
    }
    stats.unique_blobs = blob_by_hash.size();
    const std::uint64_t data_size = spool->written();
    if (auto r = spool->commit(); !r) return r.error();

    // Index: fixed records, then the path table.
    Bytes index_bytes(entries.size() * kIndexEntrySize);
    std::string paths;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        index[i].path_offset = static_cast<std::uint32_t>(paths.size());
        index[i].path_length = static_cast<std::uint16_t>(entries[i].path.size());
        paths += entries[i].path;
        index[i].encode(index_bytes.data() + i * kIndexEntrySize);
    }
    index_bytes.insert(index_bytes.end(), paths.begin(), paths.end());
    if (index_bytes.size() > kMaxIndexSize) return fail("index over the size limit");

    Manifest m = options.manifest;
    m.entry_count = static_cast<std::uint32_t>(entries.size());
    m.index_size = index_bytes.size();
    m.index_hash = crypto::blake2b_256(index_bytes);
    const Bytes dict_bytes = dict.value_or(Bytes{});
    m.dict_size = static_cast<std::uint32_t>(dict_bytes.size());
    m.dict_hash = crypto::blake2b_256(dict_bytes);
    m.data_size = data_size;
    const std::string manifest_json = m.to_json();
    if (manifest_json.size() > kMaxManifestSize) return fail("manifest over the size limit");
    const std::string signature =
        crypto::sign(*options.key, as_bytes(manifest_json), kEmbeddedSignatureComment, m.trusted_comment())
            .to_file_text();

    Header h;
    h.manifest_offset = kHeaderSize;
    h.manifest_size = static_cast<std::uint32_t>(manifest_json.size());
    h.signature_size = static_cast<std::uint32_t>(signature.size());
    h.dict_offset = h.manifest_offset + h.manifest_size + h.signature_size;
    h.dict_size = m.dict_size;
    h.entry_count = m.entry_count;
    h.index_offset = h.dict_offset + h.dict_size;
    h.index_size = index_bytes.size();
    h.data_offset = h.index_offset + h.index_size;
    h.data_size = data_size;
    h.file_size = h.data_offset + h.data_size;

    auto file = AtomicFileWriter::create(out);
    if (!file) return file.error();
    crypto::Blake2b whole(64);  // minisign's prehash, for the detached signature
    auto put = [&](ByteView b) -> Result<void> {
        whole.update(b);
        return file->write(b);
    };
    auto header_bytes = h.encode();
    for (ByteView part : {ByteView(header_bytes), as_bytes(manifest_json), as_bytes(signature), ByteView(dict_bytes),
                          ByteView(index_bytes)})
        if (auto r = put(part); !r) return r.error();
    {
        auto data = MappedFile::open(spool_path);
        if (!data) return data.error();
        if (auto r = put(data->bytes()); !r) return r.error();
    }
    std::error_code ec;
    std::filesystem::remove(spool_path, ec);
    if (auto r = file->commit(); !r) return r.error();
    stats.file_size = h.file_size;
    stats.dict_size = m.dict_size;

    if (options.write_minisig) {
        crypto::Hash512 digest;
        whole.final(digest.data());
        auto sig = crypto::sign_digest(*options.key, digest, "signature from guichet-pack (minisign-compatible)",
                                       "timestamp:" + std::to_string(m.created) + "\tfile:" +
                                           out.filename().string() + "\tpack:" + m.id + " version:" +
                                           std::to_string(m.version));
        auto text = sig.to_file_text();
        if (auto r = write_file_atomic(minisig_path(out), as_bytes(text)); !r) return r.error();
    }
    return stats;
}

}  // namespace guichet::pack
