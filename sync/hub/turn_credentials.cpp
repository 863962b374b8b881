#include "hub/turn_credentials.hpp"

#include "crypto/base64.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>

namespace guichet::sync::hub {

TurnCredentials turn_credentials(std::string_view secret, std::int64_t expires_at, std::string_view id) {
    TurnCredentials c;
    c.expires_at = expires_at;
    c.username = std::to_string(expires_at) + ":" + std::string(id);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    // SHA-1 because coturn's REST scheme says so; the secret is the strength.
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(c.username.data()), c.username.size(), mac.data(), &length);
    c.password = crypto::base64_encode(ByteView(mac.data(), length));
    sodium_memzero(mac.data(), mac.size());
    return c;
}

}  // namespace guichet::sync::hub
