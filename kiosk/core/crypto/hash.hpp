// BLAKE2b through libsodium: one-shot and incremental.
#pragma once

#include "common/bytes.hpp"

#include <array>
#include <cstdint>
#include <sodium.h>

namespace guichet::crypto {

using Hash256 = std::array<std::uint8_t, 32>;
using Hash512 = std::array<std::uint8_t, 64>;

Hash256 blake2b_256(ByteView data);
Hash512 blake2b_512(ByteView data);

// Incremental BLAKE2b of a chosen output length (32 or 64 here).
class Blake2b {
public:
    explicit Blake2b(std::size_t out_len);
    Blake2b(const Blake2b&) = delete;
    Blake2b& operator=(const Blake2b&) = delete;
    ~Blake2b();
    void update(ByteView data);
    void final(std::uint8_t* out);  // out has out_len bytes

private:
    crypto_generichash_state state_;
    std::size_t out_len_;
};

}  // namespace guichet::crypto
