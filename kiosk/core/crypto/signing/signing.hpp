// Key generation and signing in minisign's formats. Linked by staff tools and
// the hub only: a kiosk holds no signing secret.
#pragma once

#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "crypto/secure.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace guichet::crypto {

struct SecretKey {
    KeyId id{};
    SecretArray<64> secret;  // libsodium Ed25519 secret key (seed || public key)

    static SecretKey generate();
    // Reads a minisign secret key file, unencrypted or scrypt-encrypted.
    static Result<SecretKey> load(const std::filesystem::path& path, const std::optional<std::string>& password);
    // Writes an unencrypted minisign secret key file (as `minisign -G -W`), mode 0600.
    Result<void> save_unencrypted(const std::filesystem::path& path) const;

    PublicKey public_key() const;
};

// Signs MESSAGE in minisign's prehashed mode ("ED").
Signature sign(const SecretKey& key, ByteView message, std::string untrusted_comment, std::string trusted_comment);
// Same, for a message already hashed with BLAKE2b-512 in a stream.
Signature sign_digest(const SecretKey& key, const Hash512& digest, std::string untrusted_comment,
                      std::string trusted_comment);

// A signed document (crypto/signed_document.hpp): the canonical signature
// block of BODY, then BODY.
std::string sign_document(const SecretKey& key, std::string_view body, std::string untrusted_comment,
                          std::string trusted_comment);

}  // namespace guichet::crypto
