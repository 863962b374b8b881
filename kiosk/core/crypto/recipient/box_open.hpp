// The recipient side of sealed démarches: the secret key of a partner service
// and opening what kiosks sealed for it. Linked by the partner CLI, the pack
// tool (recipient-keygen) and tests; never by the kiosk or the hub, which must
// not be able to open a démarche (tests/link checks their binaries).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/box.hpp"
#include "crypto/secure.hpp"

#include <filesystem>

namespace guichet::crypto {

struct BoxKeyPair {
    BoxPublicKey public_key;
    SecretArray<32> secret;

    static BoxKeyPair generate();
    static Result<BoxKeyPair> load(const std::filesystem::path& secret_file);
    Result<void> save(const std::filesystem::path& secret_file) const;  // mode 0600
};

Result<Bytes> open_sealed(ByteView sealed, const BoxKeyPair& keys);

}  // namespace guichet::crypto
