// Secret material that is zeroed when it goes away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <sodium.h>
#include <vector>

namespace guichet::crypto {

// A fixed-size secret buffer, wiped with sodium_memzero on destruction.
template <std::size_t N>
class SecretArray {
public:
    SecretArray() { sodium_memzero(data_, N); }
    SecretArray(const SecretArray& other) { std::copy(other.data_, other.data_ + N, data_); }
    SecretArray& operator=(const SecretArray& other) {
        std::copy(other.data_, other.data_ + N, data_);
        return *this;
    }
    ~SecretArray() { sodium_memzero(data_, N); }
    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    static constexpr std::size_t size() { return N; }

private:
    std::uint8_t data_[N];
};

// Wipes a vector's contents before it is released: the whole capacity, since
// bytes past size() may hold an older, longer content (as store::wipe does).
inline void wipe(std::vector<std::uint8_t>& v) {
    v.resize(v.capacity());
    if (!v.empty()) sodium_memzero(v.data(), v.size());
    v.clear();
}

}  // namespace guichet::crypto
