#include "pack_test_util.hpp"

#include "crypto/hash.hpp"
#include "pack/manifest.hpp"

#include <doctest/doctest.h>

namespace guichet::test {

void edit_header(Bytes& bytes, const std::function<void(pack::Header&)>& edit) {
    auto h = pack::Header::decode(bytes, bytes.size());
    REQUIRE(h.ok());
    edit(*h);
    auto encoded = h->encode();
    std::copy(encoded.begin(), encoded.end(), bytes.begin());
}

void edit_index_and_resign(Bytes& bytes, const crypto::SecretKey& key,
                           const std::function<void(std::uint8_t*, std::uint32_t)>& edit) {
    auto h = pack::Header::decode(bytes, bytes.size());
    REQUIRE(h.ok());
    edit(bytes.data() + h->index_offset, h->entry_count);
    auto manifest_text = std::string(bytes.begin() + static_cast<long>(h->manifest_offset),
                                     bytes.begin() + static_cast<long>(h->manifest_offset + h->manifest_size));
    auto m = pack::Manifest::parse(manifest_text);
    REQUIRE(m.ok());
    m->index_hash = crypto::blake2b_256(ByteView(bytes.data() + h->index_offset, h->index_size));
    auto json = m->to_json();
    REQUIRE(json.size() == h->manifest_size);
    std::copy(json.begin(), json.end(), bytes.begin() + static_cast<long>(h->manifest_offset));
    auto sig = crypto::sign(key, as_bytes(json), "guichet pack manifest signature", m->trusted_comment()).to_file_text();
    REQUIRE(sig.size() == h->signature_size);
    std::copy(sig.begin(), sig.end(), bytes.begin() + static_cast<long>(h->manifest_offset + h->manifest_size));
}

}  // namespace guichet::test
