#pragma once

namespace guichet::crypto {

// Initialises libsodium once (thread-safe); aborts if the CPU/OS cannot support it.
void ensure_sodium();

}  // namespace guichet::crypto
