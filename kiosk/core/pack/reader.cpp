#include "pack/reader.hpp"

#include "common/file.hpp"
#include "pack/zstd_handles.hpp"

#include <algorithm>
#include <numeric>
#include <sodium.h>

namespace guichet::pack {

struct PackReader::Impl {
    MappedFile file;  // empty when opened over caller memory
    ByteView bytes;
    Header header;
    Manifest manifest;
    crypto::Signature signature;
    ReadLimits limits;
    ZstdDDict ddict;
    const std::uint8_t* index_records = nullptr;
    const char* path_table = nullptr;
    std::uint64_t path_table_size = 0;

    std::string_view path_of(const IndexEntry& e) const { return {path_table + e.path_offset, e.path_length}; }
    IndexEntry index_entry(std::size_t i) const { return IndexEntry::decode(index_records + i * kIndexEntrySize); }
    ByteView stored(const IndexEntry& e) const { return bytes.subspan(header.data_offset + e.data_offset, e.stored_size); }
};

namespace {

Result<void> check_index(PackReader::Impl& p) {
    const auto& h = p.header;
    p.index_records = p.bytes.data() + h.index_offset;
    p.path_table = reinterpret_cast<const char*>(p.index_records) + std::uint64_t{h.entry_count} * kIndexEntrySize;
    p.path_table_size = h.index_size - std::uint64_t{h.entry_count} * kIndexEntrySize;
    std::string_view previous;
    for (std::uint32_t i = 0; i < h.entry_count; ++i) {
        IndexEntry e = p.index_entry(i);
        // Messages are built only on failure: this loop runs over every entry at each open.
        auto where = [&, i] { return "index entry " + std::to_string(i); };
        if (!fits(e.path_offset, e.path_length, p.path_table_size)) return fail(where() + ": path outside the path table");
        std::string_view path = p.path_of(e);
        if (!is_valid_entry_path(path)) return fail(where() + ": invalid path");
        auto where_path = [&] { return where() + " ('" + std::string(path) + "')"; };
        if (i > 0 && !(previous < path)) return fail(where_path() + ": entries not sorted by path or duplicated");
        previous = path;
        if (e.codec != Codec::raw && e.codec != Codec::zstd && e.codec != Codec::zstd_dict)
            return fail(where_path() + ": unknown codec " + std::to_string(static_cast<int>(e.codec)));
        if (static_cast<std::uint8_t>(e.media_type) > static_cast<std::uint8_t>(MediaType::key))
            return fail(where_path() + ": unknown media type");
        if (e.codec == Codec::zstd_dict && h.dict_size == 0) return fail(where_path() + ": uses a dictionary the pack lacks");
        if (!fits(e.data_offset, e.stored_size, h.data_size)) return fail(where_path() + ": data outside the data region");
        if (e.size > p.limits.max_entry_size)
            return fail(where_path() + ": declared size " + std::to_string(e.size) + " over the limit of " +
                        std::to_string(p.limits.max_entry_size));
        if (e.codec == Codec::raw && e.stored_size != e.size) return fail(where_path() + ": raw entry with mismatched sizes");
    }
    return {};
}

// KEYS null: structure only (open_unverified).
Result<void> open_impl(PackReader::Impl& p, const crypto::KeyRing* keys) {
    auto header = Header::decode(p.bytes, p.bytes.size());
    if (!header) return header.error();
    p.header = *header;
    const auto& h = p.header;
    ByteView manifest_bytes = p.bytes.subspan(h.manifest_offset, h.manifest_size);
    ByteView signature_bytes = p.bytes.subspan(h.manifest_offset + h.manifest_size, h.signature_size);

    // Trust nothing in the manifest before its signature checks: key id, signature, trusted comment.
    auto sig = crypto::Signature::parse(as_chars(signature_bytes));
    if (!sig) return fail("embedded signature: " + sig.error().message);
    // Unlike a detached .minisig, every byte of the embedded one is fixed: its
    // untrusted comment too, so no byte of a pack's metadata goes unchecked.
    if (sig->untrusted_comment != kEmbeddedSignatureComment || sig->to_file_text() != as_chars(signature_bytes))
        return fail("embedded signature: not in the canonical form written by guichet-pack");
    if (keys)
        if (auto r = crypto::verify(*sig, *keys, manifest_bytes); !r) return fail("manifest: " + r.error().message);
    p.signature = std::move(*sig);
    auto manifest = Manifest::parse(as_chars(manifest_bytes));
    if (!manifest) return manifest.error();
    p.manifest = std::move(*manifest);
    const auto& m = p.manifest;
    if (p.signature.trusted_comment != m.trusted_comment())
        return fail("manifest: trusted comment does not match the manifest");
    if (m.entry_count != h.entry_count || m.index_size != h.index_size || m.dict_size != h.dict_size ||
        m.data_size != h.data_size)
        return fail("bad header: sizes disagree with the signed manifest");

    auto index_hash = crypto::blake2b_256(p.bytes.subspan(h.index_offset, h.index_size));
    if (sodium_memcmp(index_hash.data(), m.index_hash.data(), 32) != 0)
        return fail("index hash mismatch: the entry table is corrupted or was tampered with");
    ByteView dict = p.bytes.subspan(h.dict_offset, h.dict_size);
    auto dict_hash = crypto::blake2b_256(dict);
    if (sodium_memcmp(dict_hash.data(), m.dict_hash.data(), 32) != 0)
        return fail("dictionary hash mismatch: the compression dictionary is corrupted");
    if (auto r = check_index(p); !r) return r;
    if (!dict.empty()) {
        p.ddict = ZstdDDict(dict);
        if (!p.ddict.get()) return fail("dictionary: zstd cannot load it");
    }
    return {};
}

Result<Bytes> decompress(const PackReader::Impl& p, const IndexEntry& e, ByteView stored, std::string_view path) {
    auto where = [&] { return "entry '" + std::string(path) + "'"; };
    unsigned long long declared = ZSTD_getFrameContentSize(stored.data(), stored.size());
    if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN || declared != e.size)
        return fail(where() + ": compressed frame does not declare the indexed size");
    // One context per thread: creating one per read costs as much as the decompression.
    thread_local ZstdDCtx dctx;
    Bytes out(static_cast<std::size_t>(e.size));
    std::size_t n = e.codec == Codec::zstd_dict
                        ? ZSTD_decompress_usingDDict(dctx.get(), out.data(), out.size(), stored.data(), stored.size(),
                                                     p.ddict.get())
                        : ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), stored.data(), stored.size());
    if (ZSTD_isError(n)) return fail(where() + ": cannot decompress (" + ZSTD_getErrorName(n) + ")");
    if (n != e.size) return fail(where() + ": decompressed to the wrong size");
    return out;
}

Result<void> check_hash(const IndexEntry& e, ByteView stored, std::string_view path) {
    auto h = crypto::blake2b_256(stored);
    if (sodium_memcmp(h.data(), e.hash.data(), 32) != 0)
        return fail("entry '" + std::string(path) + "' is corrupted (hash mismatch)");
    return {};
}

}  // namespace

namespace {
Result<std::shared_ptr<PackReader::Impl>> open_file(const std::filesystem::path& path, const crypto::KeyRing* keys,
                                                    ReadLimits limits) {
    auto file = MappedFile::open(path);
    if (!file) return file.error();
    auto impl = std::make_shared<PackReader::Impl>();
    impl->file = std::move(*file);
    impl->bytes = impl->file.bytes();
    impl->limits = limits;
    if (auto r = open_impl(*impl, keys); !r) return fail(path.string() + ": " + r.error().message);
    return impl;
}
}  // namespace

Result<PackReader> PackReader::open(const std::filesystem::path& path, const crypto::KeyRing& keys, ReadLimits limits) {
    auto impl = open_file(path, &keys, limits);
    if (!impl) return impl.error();
    return PackReader(std::move(*impl));
}

Result<PackReader> PackReader::open_unverified(const std::filesystem::path& path, ReadLimits limits) {
    auto impl = open_file(path, nullptr, limits);
    if (!impl) return impl.error();
    return PackReader(std::move(*impl));
}

namespace {
Result<std::shared_ptr<PackReader::Impl>> open_bytes(ByteView bytes, const crypto::KeyRing* keys, ReadLimits limits) {
    auto impl = std::make_shared<PackReader::Impl>();
    impl->bytes = bytes;
    impl->limits = limits;
    if (auto r = open_impl(*impl, keys); !r) return r.error();
    return impl;
}
}  // namespace

Result<PackReader> PackReader::open_memory(ByteView bytes, const crypto::KeyRing& keys, ReadLimits limits) {
    auto impl = open_bytes(bytes, &keys, limits);
    if (!impl) return impl.error();
    return PackReader(std::move(*impl));
}

Result<PackReader> PackReader::open_memory_unverified(ByteView bytes, ReadLimits limits) {
    auto impl = open_bytes(bytes, nullptr, limits);
    if (!impl) return impl.error();
    return PackReader(std::move(*impl));
}

const Manifest& PackReader::manifest() const { return impl_->manifest; }
const crypto::Signature& PackReader::signature() const { return impl_->signature; }
const Header& PackReader::header() const { return impl_->header; }
std::size_t PackReader::entry_count() const { return impl_->header.entry_count; }
ByteView PackReader::file_bytes() const { return impl_->bytes; }
ByteView PackReader::dictionary() const { return impl_->bytes.subspan(impl_->header.dict_offset, impl_->header.dict_size); }

EntryInfo PackReader::entry(std::size_t i) const {
    IndexEntry e = impl_->index_entry(i);
    return {impl_->path_of(e), e};
}

std::optional<std::size_t> PackReader::find(std::string_view path) const {
    std::size_t lo = 0, hi = entry_count();
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        auto p = impl_->path_of(impl_->index_entry(mid));
        if (p < path) lo = mid + 1;
        else hi = mid;
    }
    if (lo < entry_count() && impl_->path_of(impl_->index_entry(lo)) == path) return lo;
    return std::nullopt;
}

ByteView PackReader::stored_bytes(std::size_t i) const { return impl_->stored(impl_->index_entry(i)); }

Result<Bytes> PackReader::read(std::size_t i) const {
    IndexEntry e = impl_->index_entry(i);
    auto path = impl_->path_of(e);
    ByteView stored = impl_->stored(e);
    if (auto r = check_hash(e, stored, path); !r) return r.error();
    if (e.codec == Codec::raw) return Bytes(stored.begin(), stored.end());
    return decompress(*impl_, e, stored, path);
}

Result<Bytes> PackReader::read(std::string_view path) const {
    auto i = find(path);
    if (!i) return fail("no entry '" + std::string(path) + "' in pack " + impl_->manifest.id);
    return read(*i);
}

Result<ByteView> PackReader::read_raw(std::size_t i) const {
    IndexEntry e = impl_->index_entry(i);
    auto path = impl_->path_of(e);
    if (e.codec != Codec::raw) return fail("entry '" + std::string(path) + "' is compressed, not raw");
    ByteView stored = impl_->stored(e);
    if (auto r = check_hash(e, stored, path); !r) return r.error();
    return stored;
}

Result<void> PackReader::verify_all(bool deep, const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
    const auto n = entry_count();
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::vector<IndexEntry> entries(n);
    for (std::size_t i = 0; i < n; ++i) entries[i] = impl_->index_entry(i);
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return entries[a].data_offset < entries[b].data_offset; });
    std::uint64_t covered = 0, done = 0;
    const std::uint64_t total = impl_->header.data_size;
    std::optional<std::uint32_t> last;
    for (auto i : order) {
        const auto& e = entries[i];
        auto path = impl_->path_of(e);
        if (e.stored_size == 0) {  // empty entries occupy no data
            if (auto r = check_hash(e, {}, path); !r) return r;
            continue;
        }
        // Identical content is stored once: entries may share a blob.
        if (last && entries[*last].data_offset == e.data_offset) {
            const auto& prev = entries[*last];
            if (prev.stored_size != e.stored_size || prev.hash != e.hash || prev.codec != e.codec || prev.size != e.size)
                return fail("entry '" + std::string(path) + "' overlaps another entry's data");
            continue;
        }
        if (e.data_offset != covered)
            return fail("data region has " + std::string(e.data_offset > covered ? "a gap" : "overlapping entries") +
                        " before entry '" + std::string(path) + "'");
        ByteView stored = impl_->stored(e);
        if (auto r = check_hash(e, stored, path); !r) return r;
        if (deep && e.codec != Codec::raw) {
            auto out = decompress(*impl_, e, stored, path);
            if (!out) return out.error();
        }
        covered += e.stored_size;
        done += e.stored_size;
        last = i;
        if (progress) progress(done, total);
    }
    if (covered != total) return fail("data region has unreferenced bytes at its end");
    return {};
}

}  // namespace guichet::pack
