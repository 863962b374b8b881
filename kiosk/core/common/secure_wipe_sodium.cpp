#include "common/secure_wipe.hpp"

#include <sodium.h>

namespace guichet {

void secure_wipe(void* data, std::size_t size) { sodium_memzero(data, size); }

}  // namespace guichet
