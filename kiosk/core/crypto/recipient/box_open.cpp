#include "crypto/recipient/box_open.hpp"

#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>

namespace guichet::crypto {

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

Result<Bytes> open_sealed(ByteView sealed, const BoxKeyPair& keys) {
    ensure_sodium();
    if (sealed.size() < crypto_box_SEALBYTES) return fail("sealed message is too short");
    Bytes out(sealed.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), keys.public_key.key.data(), keys.secret.data()) != 0)
        return fail("cannot open the sealed message: wrong key or corrupted data");
    return out;
}

}  // namespace guichet::crypto
