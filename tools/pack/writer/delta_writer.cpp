#include "delta_writer.hpp"

#include "common/file.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"
#include "pack/zstd_handles.hpp"

#include <algorithm>
#include <bit>
#include <map>

namespace guichet::pack {

namespace {

struct Op {
    DeltaOp kind;
    std::uint64_t length;
    std::uint64_t source;  // base file offset for copies and patches, target file offset for literals
    std::uint64_t prefix_length = 0;  // patches: length of the base range they reference
    Bytes patch;                      // patches: the compressed bytes

    Op(DeltaOp k, std::uint64_t len, std::uint64_t src, std::uint64_t prefix = 0, Bytes bytes = {})
        : kind(k), length(len), source(src), prefix_length(prefix), patch(std::move(bytes)) {}
};

// Compresses TARGET against REFERENCE (zstd --patch-from); nothing when that
// does not save at least 1/16 or the window would exceed the reader's limit.
std::optional<Bytes> make_patch(ByteView reference, ByteView target) {
    const std::uint64_t span = reference.size() + target.size();
    if (target.empty() || span > (1ull << kDeltaMaxWindowLog)) return std::nullopt;
    const int window_log = std::max(10, static_cast<int>(std::bit_width(span)));
    ZstdCCtx cctx;
    const bool big = target.size() > (1u << 20);
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, big ? 12 : 19);
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, std::min(window_log, kDeltaMaxWindowLog));
    if (big) ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_enableLongDistanceMatching, 1);
    if (ZSTD_isError(ZSTD_CCtx_refPrefix(cctx.get(), reference.data(), reference.size()))) return std::nullopt;
    Bytes out(ZSTD_compressBound(target.size()));
    std::size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), target.data(), target.size());
    if (ZSTD_isError(n) || n + kDeltaPatchExtraSize >= target.size() - target.size() / 16) return std::nullopt;
    out.resize(n);
    return out;
}

}  // namespace

Result<DeltaStats> make_delta(const std::filesystem::path& old_path, const std::filesystem::path& new_path,
                              const std::filesystem::path& out_path) {
    auto old_pack = PackReader::open_unverified(old_path);
    if (!old_pack) return old_pack.error();
    auto new_pack = PackReader::open_unverified(new_path);
    if (!new_pack) return new_pack.error();
    if (old_pack->manifest().id != new_pack->manifest().id)
        return fail("packs have different ids: '" + old_pack->manifest().id + "' and '" + new_pack->manifest().id + "'");

    std::map<crypto::Hash256, std::uint64_t> old_blobs;  // hash -> absolute offset in OLD
    std::map<std::string_view, IndexEntry> old_by_path;
    for (std::size_t i = 0; i < old_pack->entry_count(); ++i) {
        auto [path, e] = old_pack->entry(i);
        old_blobs.emplace(e.hash, old_pack->header().data_offset + e.data_offset);
        old_by_path.emplace(path, e);
    }

    // Distinct blobs of NEW in data-region order.
    std::vector<EntryInfo> blobs;
    for (std::size_t i = 0; i < new_pack->entry_count(); ++i)
        if (new_pack->entry(i).index.stored_size > 0) blobs.push_back(new_pack->entry(i));
    std::sort(blobs.begin(), blobs.end(),
              [](const auto& a, const auto& b) { return a.index.data_offset < b.index.data_offset; });
    blobs.erase(std::unique(blobs.begin(), blobs.end(),
                            [](const auto& a, const auto& b) { return a.index.data_offset == b.index.data_offset; }),
                blobs.end());

    const auto& nh = new_pack->header();
    const auto& oh = old_pack->header();
    std::vector<Op> ops;
    DeltaStats stats;
    ByteView old_bytes = old_pack->file_bytes(), new_bytes = new_pack->file_bytes();
    auto add = [&](Op op) {
        if (op.length == 0) return;
        if (op.kind == DeltaOp::patch) {
            stats.patched_bytes += op.length;
            stats.patch_bytes += op.patch.size();
            ops.push_back(std::move(op));
            return;
        }
        (op.kind == DeltaOp::copy ? stats.copied_bytes : stats.literal_bytes) += op.length;
        // Merge with the previous operation when both sides are contiguous.
        if (!ops.empty() && ops.back().kind == op.kind && ops.back().source + ops.back().length == op.source)
            ops.back().length += op.length;
        else
            ops.push_back(std::move(op));
    };
    // New bytes at TARGET_OFFSET: a patch against the base range when that pays, else literal.
    auto add_changed = [&](std::uint64_t target_offset, std::uint64_t length, std::uint64_t ref_offset,
                           std::uint64_t ref_length) {
        if (ref_length > 0)
            if (auto patch = make_patch(old_bytes.subspan(ref_offset, ref_length), new_bytes.subspan(target_offset, length))) {
                add(Op{DeltaOp::patch, length, ref_offset, ref_length, std::move(*patch)});
                return;
            }
        add(Op{DeltaOp::literal, length, target_offset});
    };
    // Header, manifest and signature always change; the dictionary often does not.
    add(Op{DeltaOp::literal, nh.dict_offset, 0});
    if (nh.dict_size > 0 && old_pack->manifest().dict_hash == new_pack->manifest().dict_hash)
        add(Op{DeltaOp::copy, nh.dict_size, oh.dict_offset});
    else
        add(Op{DeltaOp::literal, nh.dict_size, nh.dict_offset});
    // Most index records survive a new version with only their offsets changed.
    add_changed(nh.index_offset, nh.index_size, oh.index_offset, oh.index_size);
    for (const auto& [path, b] : blobs) {
        if (auto it = old_blobs.find(b.hash); it != old_blobs.end()) {
            add(Op{DeltaOp::copy, b.stored_size, it->second});
            continue;
        }
        auto old = old_by_path.find(path);  // an entry's previous version is its best reference
        if (old != old_by_path.end() && old->second.stored_size > 0)
            add_changed(nh.data_offset + b.data_offset, b.stored_size, oh.data_offset + old->second.data_offset,
                        old->second.stored_size);
        else
            add(Op{DeltaOp::literal, b.stored_size, nh.data_offset + b.data_offset});
    }

    DeltaHeader h;
    auto identity = pack_identity(old_pack->file_bytes());
    if (!identity) return identity.error();
    h.base_identity = *identity;
    h.target_hash = crypto::blake2b_256(new_pack->file_bytes());
    h.target_size = nh.file_size;
    h.op_count = ops.size();

    auto out = AtomicFileWriter::create(out_path);
    if (!out) return out.error();
    auto header = h.encode();
    if (auto r = out->write(header); !r) return r.error();
    ByteView target = new_pack->file_bytes();
    for (const auto& op : ops) {
        std::uint8_t rec[kDeltaOpHeaderSize + kDeltaPatchExtraSize];
        std::size_t rec_size = kDeltaOpHeaderSize;
        rec[0] = static_cast<std::uint8_t>(op.kind);
        store_le64(rec + 1, op.length);
        store_le64(rec + 9, op.kind == DeltaOp::literal ? 0 : op.source);
        if (op.kind == DeltaOp::patch) {
            store_le64(rec + 17, op.prefix_length);
            store_le64(rec + 25, op.patch.size());
            rec_size += kDeltaPatchExtraSize;
        }
        if (auto r = out->write(ByteView(rec, rec_size)); !r) return r.error();
        if (op.kind == DeltaOp::literal)
            if (auto r = out->write(target.subspan(op.source, op.length)); !r) return r.error();
        if (op.kind == DeltaOp::patch)
            if (auto r = out->write(op.patch); !r) return r.error();
    }
    stats.delta_size = out->written();
    stats.target_size = h.target_size;
    stats.ops = ops.size();
    if (auto r = out->commit(); !r) return r.error();
    return stats;
}

}  // namespace guichet::pack
