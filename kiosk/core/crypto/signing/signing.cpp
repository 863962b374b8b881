#include "crypto/signing/signing.hpp"

#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <algorithm>
#include <sodium.h>

namespace guichet::crypto {

namespace {

// minisign's SeckeyStruct: sig_alg[2] kdf_alg[2] chk_alg[2] kdf_salt[32]
// kdf_opslimit[8] kdf_memlimit[8] then keynum_sk = keynum[8] sk[64] chk[32].
constexpr std::size_t kSaltOffset = 6, kOpsOffset = 38, kMemOffset = 46, kKeynumOffset = 54;
constexpr std::size_t kKeynumSize = 8 + 64 + 32;
constexpr std::size_t kSecretFileSize = kKeynumOffset + kKeynumSize;

std::array<std::uint8_t, 32> key_checksum(const KeyId& id, const std::uint8_t* sk) {
    std::array<std::uint8_t, 32> chk;
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, chk.size());
    const std::uint8_t alg[2] = {'E', 'd'};
    crypto_generichash_update(&st, alg, 2);
    crypto_generichash_update(&st, id.data(), id.size());
    crypto_generichash_update(&st, sk, 64);
    crypto_generichash_final(&st, chk.data(), chk.size());
    return chk;
}

Signature sign_bytes(const SecretKey& key, ByteView signed_bytes, bool prehashed, std::string untrusted,
                     std::string trusted) {
    Signature sig;
    sig.prehashed = prehashed;
    sig.key_id = key.id;
    sig.untrusted_comment = std::move(untrusted);
    sig.trusted_comment = std::move(trusted);
    crypto_sign_detached(sig.signature.data(), nullptr, signed_bytes.data(), signed_bytes.size(), key.secret.data());
    Bytes global(sig.signature.begin(), sig.signature.end());
    global.insert(global.end(), sig.trusted_comment.begin(), sig.trusted_comment.end());
    crypto_sign_detached(sig.global_signature.data(), nullptr, global.data(), global.size(), key.secret.data());
    return sig;
}

}  // namespace

SecretKey SecretKey::generate() {
    ensure_sodium();
    SecretKey key;
    std::array<std::uint8_t, 32> pk;
    crypto_sign_keypair(pk.data(), key.secret.data());
    randombytes_buf(key.id.data(), key.id.size());
    return key;
}

PublicKey SecretKey::public_key() const {
    PublicKey pk;
    pk.id = id;
    crypto_sign_ed25519_sk_to_pk(pk.key.data(), secret.data());
    return pk;
}

Result<SecretKey> SecretKey::load(const std::filesystem::path& path, const std::optional<std::string>& password) {
    ensure_sodium();
    auto text = read_text_file(path, 4096);
    if (!text) return text.error();
    std::string_view rest = *text;
    std::string_view b64;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        auto line = rest.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && !line.starts_with("untrusted comment:")) {
            b64 = line;
            break;
        }
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
    }
    auto raw = base64_decode(b64);
    sodium_memzero(text->data(), text->size());
    if (!raw || raw->size() != kSecretFileSize)
        return fail(path.string() + ": not a minisign secret key (bad base64 or size)");
    Bytes& s = *raw;
    if (s[0] != 'E' || s[1] != 'd') return fail(path.string() + ": secret key algorithm is not Ed25519");
    if (s[4] != 'B' || s[5] != '2') return fail(path.string() + ": unsupported secret key checksum algorithm");
    if (s[2] == 'S' && s[3] == 'c') {
        if (!password) {
            wipe(s);
            return fail(path.string() + ": the secret key is password-protected; set GUICHET_KEY_PASSWORD");
        }
        // minisign's "sensitive" settings are 2^25 operations and 1 GiB; refuse absurd costs.
        if (load_le64(s.data() + kOpsOffset) > (1ull << 32) || load_le64(s.data() + kMemOffset) > (4ull << 30)) {
            wipe(s);
            return fail(path.string() + ": the key's password-hashing cost is out of range");
        }
        SecretArray<kKeynumSize> stream;
        if (crypto_pwhash_scryptsalsa208sha256(stream.data(), kKeynumSize, password->data(), password->size(),
                                               s.data() + kSaltOffset, load_le64(s.data() + kOpsOffset),
                                               static_cast<std::size_t>(load_le64(s.data() + kMemOffset))) != 0) {
            wipe(s);
            return fail(path.string() + ": cannot derive the key from the password (out of memory?)");
        }
        for (std::size_t i = 0; i < kKeynumSize; ++i) s[kKeynumOffset + i] ^= stream.data()[i];
    } else if (s[2] != 0 || s[3] != 0) {
        wipe(s);
        return fail(path.string() + ": unsupported key derivation algorithm");
    }
    SecretKey key;
    std::copy_n(s.begin() + kKeynumOffset, 8, key.id.begin());
    std::copy_n(s.begin() + kKeynumOffset + 8, 64, key.secret.data());
    // minisign -W leaves the checksum of an unencrypted key zeroed; such a key is
    // still checked below through its embedded public key.
    const bool unencrypted = s[2] == 0 && s[3] == 0;
    const std::uint8_t* stored_chk = s.data() + kKeynumOffset + 72;
    const bool zero_chk = sodium_is_zero(stored_chk, 32) == 1;
    auto chk = key_checksum(key.id, key.secret.data());
    bool good = (unencrypted && zero_chk) || sodium_memcmp(chk.data(), stored_chk, 32) == 0;
    wipe(s);
    if (!good) return fail(path.string() + ": wrong password or corrupted secret key (checksum mismatch)");
    // An Ed25519 secret key is seed || public key: both halves must agree.
    std::array<std::uint8_t, 32> pk;
    SecretArray<64> rebuilt;
    crypto_sign_seed_keypair(pk.data(), rebuilt.data(), key.secret.data());
    if (sodium_memcmp(rebuilt.data(), key.secret.data(), 64) != 0)
        return fail(path.string() + ": corrupted secret key (its two halves do not match)");
    return key;
}

Result<void> SecretKey::save_unencrypted(const std::filesystem::path& path) const {
    Bytes s(kSecretFileSize, 0);
    s[0] = 'E';
    s[1] = 'd';
    s[4] = 'B';
    s[5] = '2';
    std::copy(id.begin(), id.end(), s.begin() + kKeynumOffset);
    std::copy_n(secret.data(), 64, s.begin() + kKeynumOffset + 8);
    auto chk = key_checksum(id, secret.data());
    std::copy(chk.begin(), chk.end(), s.begin() + kKeynumOffset + 72);
    std::string text = "untrusted comment: minisign secret key (unencrypted; keep it off kiosks)\n" + base64_encode(s) + "\n";
    wipe(s);
    auto r = write_file_atomic(path, as_bytes(text), 0600);
    sodium_memzero(text.data(), text.size());
    return r;
}

Signature sign(const SecretKey& key, ByteView message, std::string untrusted, std::string trusted) {
    auto digest = blake2b_512(message);
    return sign_bytes(key, digest, true, std::move(untrusted), std::move(trusted));
}

std::string sign_document(const SecretKey& key, std::string_view body, std::string untrusted, std::string trusted) {
    return sign(key, as_bytes(body), std::move(untrusted), std::move(trusted)).to_file_text() + std::string(body);
}

Signature sign_digest(const SecretKey& key, const Hash512& digest, std::string untrusted, std::string trusted) {
    return sign_bytes(key, digest, true, std::move(untrusted), std::move(trusted));
}

}  // namespace guichet::crypto
