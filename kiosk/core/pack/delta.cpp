#include "pack/delta.hpp"

#include "common/file.hpp"
#include "pack/format.hpp"
#include "pack/zstd_handles.hpp"

#include <algorithm>
#include <sodium.h>

namespace guichet::pack {

std::array<std::uint8_t, kDeltaHeaderSize> DeltaHeader::encode() const {
    std::array<std::uint8_t, kDeltaHeaderSize> b{};
    std::copy(kDeltaMagic.begin(), kDeltaMagic.end(), b.begin());
    store_le16(&b[8], kDeltaVersion);
    store_le16(&b[10], static_cast<std::uint16_t>(kDeltaHeaderSize));
    // 12..15 flags, zero
    std::copy(base_identity.begin(), base_identity.end(), b.begin() + 16);
    std::copy(target_hash.begin(), target_hash.end(), b.begin() + 48);
    store_le64(&b[80], target_size);
    store_le64(&b[88], op_count);
    // 96..111 reserved, zero
    return b;
}

Result<DeltaHeader> DeltaHeader::decode(ByteView bytes) {
    if (bytes.size() < kDeltaHeaderSize) return fail("truncated delta: smaller than its header");
    const std::uint8_t* b = bytes.data();
    if (!std::equal(kDeltaMagic.begin(), kDeltaMagic.end(), b)) return fail("not a Guichet pack delta (bad magic)");
    if (load_le16(b + 8) != kDeltaVersion)
        return fail("unsupported delta format version " + std::to_string(load_le16(b + 8)));
    if (load_le16(b + 10) != kDeltaHeaderSize || load_le32(b + 12) != 0 || load_le64(b + 96) != 0 ||
        load_le64(b + 104) != 0)
        return fail("bad delta header");
    DeltaHeader h;
    std::copy(b + 16, b + 48, h.base_identity.begin());
    std::copy(b + 48, b + 80, h.target_hash.begin());
    h.target_size = load_le64(b + 80);
    h.op_count = load_le64(b + 88);
    if (h.target_size > kMaxDeltaTarget) return fail("delta target size over the limit");
    return h;
}

Result<crypto::Hash256> pack_identity(ByteView pack_bytes) {
    auto header = Header::decode(pack_bytes, pack_bytes.size());
    if (!header) return header.error();
    return crypto::blake2b_256(
        pack_bytes.subspan(header->manifest_offset, std::uint64_t{header->manifest_size} + header->signature_size));
}

namespace {

// Decompresses a patch operation's payload at POS (advanced past it) with the
// base range [PREFIX_OFFSET, +prefix length) as zstd's reference prefix.
Result<Bytes> apply_patch(ByteView base, ByteView delta, std::uint64_t& pos, std::uint64_t length,
                          std::uint64_t prefix_offset, std::uint64_t room) {
    if (!fits(pos, kDeltaPatchExtraSize, delta.size())) return fail("truncated (patch header)");
    std::uint64_t prefix_length = load_le64(delta.data() + pos);
    std::uint64_t compressed = load_le64(delta.data() + pos + 8);
    pos += kDeltaPatchExtraSize;
    if (!fits(pos, compressed, delta.size())) return fail("truncated (patch data)");
    if (!fits(prefix_offset, prefix_length, base.size())) return fail("patch reference outside the base pack");
    if (length > room) return fail("patch exceeds the declared target size");
    if (length > kDefaultMaxEntrySize) return fail("patch larger than the 1 GiB limit");
    ZstdDCtx dctx;
    ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, kDeltaMaxWindowLog);
    std::size_t ref = ZSTD_DCtx_refPrefix(dctx.get(), base.data() + prefix_offset, prefix_length);
    if (ZSTD_isError(ref)) return fail(std::string("cannot use the patch reference: ") + ZSTD_getErrorName(ref));
    Bytes out(length);
    ZSTD_inBuffer in{delta.data() + pos, compressed, 0};
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    std::size_t ret = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(ret)) return fail(std::string("cannot decompress the patch: ") + ZSTD_getErrorName(ret));
    if (ret != 0 || o.pos != length || in.pos != compressed) return fail("patch does not decompress to its declared length");
    pos += compressed;
    return out;
}

}  // namespace

Result<void> apply_delta(const std::filesystem::path& base_path, const std::filesystem::path& delta_path,
                         const std::filesystem::path& out_path) {
    auto base = MappedFile::open(base_path);
    if (!base) return base.error();
    auto delta_file = MappedFile::open(delta_path);
    if (!delta_file) return delta_file.error();
    ByteView delta = delta_file->bytes();
    auto h = DeltaHeader::decode(delta);
    if (!h) return fail(delta_path.string() + ": " + h.error().message);
    auto identity = pack_identity(base->bytes());
    if (!identity) return fail(base_path.string() + ": " + identity.error().message);
    if (sodium_memcmp(identity->data(), h->base_identity.data(), 32) != 0)
        return fail(delta_path.string() + ": this delta was made for another base pack, not " + base_path.string());

    std::uint64_t pos = kDeltaHeaderSize;
    auto out = AtomicFileWriter::create(out_path);
    if (!out) return out.error();
    crypto::Blake2b hasher(32);
    auto emit = [&](ByteView bytes) -> Result<void> {
        if (!fits(out->written(), bytes.size(), h->target_size))
            return fail(delta_path.string() + ": operations exceed the declared target size");
        hasher.update(bytes);
        return out->write(bytes);
    };
    for (std::uint64_t i = 0; i < h->op_count; ++i) {
        if (!fits(pos, kDeltaOpHeaderSize, delta.size())) return fail(delta_path.string() + ": truncated (operations)");
        auto kind = static_cast<DeltaOp>(delta[pos]);
        std::uint64_t length = load_le64(delta.data() + pos + 1);
        std::uint64_t base_offset = load_le64(delta.data() + pos + 9);
        pos += kDeltaOpHeaderSize;
        Result<void> r;
        if (kind == DeltaOp::copy) {
            if (!fits(base_offset, length, base->size()))
                return fail(delta_path.string() + ": operation " + std::to_string(i) + " copies outside the base pack");
            r = emit(base->bytes().subspan(base_offset, length));
        } else if (kind == DeltaOp::literal) {
            if (!fits(pos, length, delta.size())) return fail(delta_path.string() + ": truncated (literal data)");
            r = emit(delta.subspan(pos, length));
            pos += length;
        } else if (kind == DeltaOp::patch) {
            auto bytes = apply_patch(base->bytes(), delta, pos, length, base_offset, h->target_size - out->written());
            if (!bytes) return fail(delta_path.string() + ": operation " + std::to_string(i) + ": " + bytes.error().message);
            r = emit(*bytes);
        } else {
            return fail(delta_path.string() + ": unknown operation " + std::to_string(static_cast<int>(kind)));
        }
        if (!r) return r;
    }
    if (pos != delta.size()) return fail(delta_path.string() + ": trailing bytes after the last operation");
    if (out->written() != h->target_size) return fail(delta_path.string() + ": rebuilt pack is shorter than declared");
    crypto::Hash256 got;
    hasher.final(got.data());
    if (sodium_memcmp(got.data(), h->target_hash.data(), 32) != 0)
        return fail(delta_path.string() + ": rebuilt pack does not match the target hash");
    return out->commit();
}

}  // namespace guichet::pack
