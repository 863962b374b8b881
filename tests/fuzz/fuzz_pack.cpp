#include "fuzz_pack.hpp"

#include "crypto/hash.hpp"
#include "crypto/signing/signing.hpp"
#include "crypto/sodium_init.hpp"
#include "pack/format.hpp"
#include "pack/manifest.hpp"

#include <algorithm>
#include <sodium.h>

namespace guichet::fuzz {

namespace {

const crypto::SecretKey& fuzz_key() {
    static const crypto::SecretKey key = [] {
        crypto::ensure_sodium();
        crypto::SecretKey k;
        std::uint8_t seed[32] = {42};
        std::array<std::uint8_t, 32> pk;
        crypto_sign_seed_keypair(pk.data(), k.secret.data(), seed);
        k.id = {1, 2, 3, 4, 5, 6, 7, 8};
        return k;
    }();
    return key;
}

}  // namespace

crypto::KeyRing fuzz_keyring() {
    crypto::KeyRing ring;
    ring.add(fuzz_key().public_key());
    return ring;
}

Bytes assemble_pack(ByteView body) {
    if (body.size() < 12) return {};
    std::uint32_t count = load_le32(body.data()) % 4096;
    std::uint64_t dict_size = std::min<std::uint64_t>(load_le32(body.data() + 4), body.size() - 12);
    std::uint64_t index_size = std::min<std::uint64_t>(load_le32(body.data() + 8), body.size() - 12 - dict_size);
    ByteView dict = body.subspan(12, dict_size);
    ByteView index = body.subspan(12 + dict_size, index_size);
    ByteView data = body.subspan(12 + dict_size + index_size);

    pack::Manifest m;
    m.id = "fuzz";
    m.version = 1;
    m.title = "fuzz";
    m.created = 1;
    m.expires = 2;
    m.audience = {"*"};
    m.languages = {"fr"};
    m.entry_count = count;
    m.index_size = index.size();
    m.index_hash = crypto::blake2b_256(index);
    m.dict_size = static_cast<std::uint32_t>(dict.size());
    m.dict_hash = crypto::blake2b_256(dict);
    m.data_size = data.size();
    auto json = m.to_json();
    auto sig = crypto::sign(fuzz_key(), as_bytes(json), pack::kEmbeddedSignatureComment, m.trusted_comment()).to_file_text();

    pack::Header h;
    h.manifest_offset = pack::kHeaderSize;
    h.manifest_size = static_cast<std::uint32_t>(json.size());
    h.signature_size = static_cast<std::uint32_t>(sig.size());
    h.dict_offset = h.manifest_offset + h.manifest_size + h.signature_size;
    h.dict_size = m.dict_size;
    h.entry_count = count;
    h.index_offset = h.dict_offset + h.dict_size;
    h.index_size = index.size();
    h.data_offset = h.index_offset + h.index_size;
    h.data_size = data.size();
    h.file_size = h.data_offset + h.data_size;
    Bytes out;
    ByteWriter w(out);
    auto header = h.encode();
    w.bytes(header);
    w.bytes(json);
    w.bytes(sig);
    w.bytes(dict);
    w.bytes(index);
    w.bytes(data);
    return out;
}

Bytes disassemble_pack(ByteView pack_bytes) {
    auto h = pack::Header::decode(pack_bytes, pack_bytes.size());
    if (!h) return {};
    Bytes out;
    ByteWriter w(out);
    w.u32(h->entry_count);
    w.u32(h->dict_size);
    w.u32(static_cast<std::uint32_t>(h->index_size));
    w.bytes(pack_bytes.subspan(h->dict_offset, h->dict_size));
    w.bytes(pack_bytes.subspan(h->index_offset, h->index_size));
    w.bytes(pack_bytes.subspan(h->data_offset, h->data_size));
    return out;
}

}  // namespace guichet::fuzz
