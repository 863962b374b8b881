// Zeroing memory that held a resident's answers or a secret, in a way the
// compiler may not drop. Natively it is libsodium's sodium_memzero
// (secure_wipe_sodium.cpp); the WebAssembly form engine, which has no
// libsodium, uses musl's explicit_bzero (secure_wipe_portable.cpp).
#pragma once

#include <cstddef>

namespace guichet {

void secure_wipe(void* data, std::size_t size);

}  // namespace guichet
