// For builds without libsodium (the WebAssembly form engine, tools/forms-wasm):
// explicit_bzero is a function the optimiser treats as having an effect.
#include "common/secure_wipe.hpp"

#include <string.h>

namespace guichet {

void secure_wipe(void* data, std::size_t size) { explicit_bzero(data, size); }

}  // namespace guichet
