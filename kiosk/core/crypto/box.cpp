#include "crypto/box.hpp"

#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>

namespace guichet::crypto {

Result<BoxPublicKey> BoxPublicKey::parse(std::string_view text) {
    auto raw = base64_decode(key_file_data_line(text));
    if (!raw || raw->size() != 32) return fail("not a recipient public key (expected base64 of 32 bytes)");
    BoxPublicKey k;
    std::copy(raw->begin(), raw->end(), k.key.begin());
    return k;
}

std::string BoxPublicKey::to_base64() const { return base64_encode(key); }

std::string BoxPublicKey::to_file_text(std::string_view recipient_id) const {
    return "untrusted comment: guichet recipient public key " + std::string(recipient_id) + "\n" + to_base64() + "\n";
}

Result<Bytes> seal(ByteView message, const BoxPublicKey& recipient) {
    ensure_sodium();
    Bytes out(message.size() + crypto_box_SEALBYTES);
    if (crypto_box_seal(out.data(), message.data(), message.size(), recipient.key.data()) != 0)
        return fail("cannot seal for this recipient: its public key is not usable");
    return out;
}

}  // namespace guichet::crypto
