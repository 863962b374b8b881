// Helpers to tamper with built packs in tests.
#pragma once

#include "common/bytes.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/format.hpp"

#include <functional>

namespace guichet::test {

// Applies EDIT to the index bytes of PACK, then makes the pack self-consistent
// again (index hash in the manifest, manifest signature by KEY, header
// checksum), so that only the index checks themselves can refuse it.
void edit_index_and_resign(Bytes& pack, const crypto::SecretKey& key, const std::function<void(std::uint8_t* index, std::uint32_t count)>& edit);

// Rewrites the header with EDIT applied and a valid checksum.
void edit_header(Bytes& pack, const std::function<void(pack::Header&)>& edit);

}  // namespace guichet::test
