// Shared by the pack reader fuzz target and its seed generator.
//
// Input = one mode byte, then:
//   mode 0 (raw):       a whole pack file, as found on disk;
//   mode 1 (assembled): u32 entry_count, u32 dict_size, u32 index_size, then the
//                       dictionary, index and data bytes. The harness wraps them
//                       in a valid header, manifest and signature (fixed key), so
//                       the fuzzer reaches the index checks, the per-entry hash
//                       check and decompression instead of stopping at the signature.
#pragma once

#include "common/bytes.hpp"
#include "crypto/minisign.hpp"

namespace guichet::fuzz {

crypto::KeyRing fuzz_keyring();
Bytes assemble_pack(ByteView body);  // mode 1 body -> pack bytes
// The inverse, for seeds: a real pack -> mode 1 body.
Bytes disassemble_pack(ByteView pack);

}  // namespace guichet::fuzz
