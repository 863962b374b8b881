// Recipient keys for sealed démarches (libsodium sealed boxes, X25519).
// A recipient service holds the secret key; its public key travels in the signed pack.
// This header is the sealing side only: opening lives in crypto/recipient/ (guichet_crypto_recipient),
// which the kiosk and the hub never link.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <array>
#include <string>
#include <string_view>

namespace guichet::crypto {

struct BoxPublicKey {
    std::array<std::uint8_t, 32> key{};

    // Text form: optional comment lines ("untrusted comment: …" or "# …"), then base64 of 32 bytes.
    static Result<BoxPublicKey> parse(std::string_view text);
    std::string to_base64() const;
    std::string to_file_text(std::string_view recipient_id) const;
};


// Seals MESSAGE so that only the holder of the recipient's secret key can open it.
// Fails for a public key libsodium refuses (e.g. a low-order point).
Result<Bytes> seal(ByteView message, const BoxPublicKey& recipient);

}  // namespace guichet::crypto
