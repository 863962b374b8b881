// Ed25519 signatures in minisign's file formats (https://jedisct1.github.io/minisign/).
// Verification only: signing lives in the separate signing library, which the
// kiosk does not link.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::crypto {

using KeyId = std::array<std::uint8_t, 8>;
using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

// The key id as minisign prints it: the 8 bytes read as a little-endian
// integer, upper-case hex.
std::string key_id_hex(const KeyId& id);

struct PublicKey {
    KeyId id{};
    Ed25519PublicKey key{};

    // Accepts a minisign public key file (comment line + base64) or the bare base64 line.
    static Result<PublicKey> parse(std::string_view text);
    std::string to_base64() const;
    std::string to_file_text() const;
};

// A parsed .minisig file.
struct Signature {
    std::string untrusted_comment;
    bool prehashed = true;  // "ED": the signature is over BLAKE2b-512(message)
    KeyId key_id{};
    Ed25519Signature signature{};
    std::string trusted_comment;
    Ed25519Signature global_signature{};  // over signature || trusted_comment

    static Result<Signature> parse(std::string_view text);
    std::string to_file_text() const;
};

// A set of trusted public keys, looked up by key id.
class KeyRing {
public:
    void add(const PublicKey& key);
    bool remove(const KeyId& id);
    const PublicKey* find(const KeyId& id) const;
    const std::vector<PublicKey>& keys() const { return keys_; }

private:
    std::vector<PublicKey> keys_;
};

// Verifies in minisign's order: key id, signature, then the trusted comment.
// Nothing in the message or the comment should be believed before this succeeds.
Result<void> verify(const Signature& sig, const PublicKey& key, ByteView message);
Result<void> verify(const Signature& sig, const KeyRing& ring, ByteView message);
// For a prehashed signature whose message was hashed in a stream.
Result<void> verify_digest(const Signature& sig, const KeyRing& ring, const Hash512& digest);

}  // namespace guichet::crypto
