#include "delta_writer.hpp"

#include "common/file.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"

#include <algorithm>
#include <map>

namespace guichet::pack {

namespace {

struct Op {
    DeltaOp kind;
    std::uint64_t length;
    std::uint64_t source;  // base file offset for copies, target file offset for literals
};

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
    for (std::size_t i = 0; i < old_pack->entry_count(); ++i) {
        const auto& e = old_pack->entry(i).index;
        old_blobs.emplace(e.hash, old_pack->header().data_offset + e.data_offset);
    }

    // Distinct blobs of NEW in data-region order.
    std::vector<IndexEntry> blobs;
    for (std::size_t i = 0; i < new_pack->entry_count(); ++i)
        if (new_pack->entry(i).index.stored_size > 0) blobs.push_back(new_pack->entry(i).index);
    std::sort(blobs.begin(), blobs.end(), [](const auto& a, const auto& b) { return a.data_offset < b.data_offset; });
    blobs.erase(std::unique(blobs.begin(), blobs.end(),
                            [](const auto& a, const auto& b) { return a.data_offset == b.data_offset; }),
                blobs.end());

    const auto& nh = new_pack->header();
    const auto& oh = old_pack->header();
    std::vector<Op> ops;
    DeltaStats stats;
    auto add = [&](Op op) {
        if (op.length == 0) return;
        (op.kind == DeltaOp::copy ? stats.copied_bytes : stats.literal_bytes) += op.length;
        // Merge with the previous operation when both sides are contiguous.
        if (!ops.empty() && ops.back().kind == op.kind && ops.back().source + ops.back().length == op.source)
            ops.back().length += op.length;
        else
            ops.push_back(op);
    };
    // Header, manifest and signature always change; the dictionary often does not.
    add({DeltaOp::literal, nh.dict_offset, 0});
    if (nh.dict_size > 0 && old_pack->manifest().dict_hash == new_pack->manifest().dict_hash)
        add({DeltaOp::copy, nh.dict_size, oh.dict_offset});
    else
        add({DeltaOp::literal, nh.dict_size, nh.dict_offset});
    add({DeltaOp::literal, nh.index_size, nh.index_offset});
    for (const auto& b : blobs) {
        auto it = old_blobs.find(b.hash);
        add(it != old_blobs.end() ? Op{DeltaOp::copy, b.stored_size, it->second}
                                  : Op{DeltaOp::literal, b.stored_size, nh.data_offset + b.data_offset});
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
        std::uint8_t rec[kDeltaOpHeaderSize];
        rec[0] = static_cast<std::uint8_t>(op.kind);
        store_le64(rec + 1, op.length);
        store_le64(rec + 9, op.kind == DeltaOp::copy ? op.source : 0);
        if (auto r = out->write(ByteView(rec, sizeof rec)); !r) return r.error();
        if (op.kind == DeltaOp::literal)
            if (auto r = out->write(target.subspan(op.source, op.length)); !r) return r.error();
    }
    stats.delta_size = out->written();
    stats.target_size = h.target_size;
    stats.ops = ops.size();
    if (auto r = out->commit(); !r) return r.error();
    return stats;
}

}  // namespace guichet::pack
