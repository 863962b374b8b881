#include "crypto/hash.hpp"
#include "crypto/sodium_init.hpp"

#include <cstdlib>
#include <mutex>

namespace guichet::crypto {

void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) std::abort();
    });
}

Hash256 blake2b_256(ByteView data) {
    ensure_sodium();
    Hash256 out;
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
    return out;
}

Hash512 blake2b_512(ByteView data) {
    ensure_sodium();
    Hash512 out;
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
    return out;
}

Blake2b::Blake2b(std::size_t out_len) : out_len_(out_len) {
    ensure_sodium();
    crypto_generichash_init(&state_, nullptr, 0, out_len_);
}

Blake2b::~Blake2b() { sodium_memzero(&state_, sizeof state_); }

void Blake2b::update(ByteView data) { crypto_generichash_update(&state_, data.data(), data.size()); }

void Blake2b::final(std::uint8_t* out) { crypto_generichash_final(&state_, out, out_len_); }

}  // namespace guichet::crypto
