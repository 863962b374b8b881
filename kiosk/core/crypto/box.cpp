#include "crypto/box.hpp"

#include "common/file.hpp"
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

BoxKeyPair BoxKeyPair::generate() {
    ensure_sodium();
    BoxKeyPair kp;
    crypto_box_keypair(kp.public_key.key.data(), kp.secret.data());
    return kp;
}

Result<BoxKeyPair> BoxKeyPair::load(const std::filesystem::path& file) {
    ensure_sodium();
    auto text = read_text_file(file, 4096);
    if (!text) return text.error();
    auto raw = base64_decode(key_file_data_line(*text));
    sodium_memzero(text->data(), text->size());
    if (!raw || raw->size() != 32) {
        if (raw) wipe(*raw);
        return fail(file.string() + ": not a recipient secret key (expected base64 of 32 bytes)");
    }
    BoxKeyPair kp;
    std::copy(raw->begin(), raw->end(), kp.secret.data());
    wipe(*raw);
    crypto_scalarmult_base(kp.public_key.key.data(), kp.secret.data());
    return kp;
}

Result<void> BoxKeyPair::save(const std::filesystem::path& file) const {
    std::string text = "untrusted comment: guichet recipient SECRET key; keep it at the recipient service only\n" +
                       base64_encode(ByteView(secret.data(), secret.size())) + "\n";
    auto r = write_file_atomic(file, as_bytes(text), 0600);
    sodium_memzero(text.data(), text.size());
    return r;
}

Result<Bytes> seal(ByteView message, const BoxPublicKey& recipient) {
    ensure_sodium();
    Bytes out(message.size() + crypto_box_SEALBYTES);
    if (crypto_box_seal(out.data(), message.data(), message.size(), recipient.key.data()) != 0)
        return fail("cannot seal for this recipient: its public key is not usable");
    return out;
}

Result<Bytes> open_sealed(ByteView sealed, const BoxKeyPair& keys) {
    ensure_sodium();
    if (sealed.size() < crypto_box_SEALBYTES) return fail("sealed message is too short");
    Bytes out(sealed.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), keys.public_key.key.data(), keys.secret.data()) != 0)
        return fail("cannot open the sealed message: wrong key or corrupted data");
    return out;
}

}  // namespace guichet::crypto
