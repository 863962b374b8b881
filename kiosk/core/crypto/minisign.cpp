#include "crypto/minisign.hpp"

#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <algorithm>
#include <cstdio>
#include <sodium.h>

namespace guichet::crypto {

namespace {

constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::size_t kMaxCommentLength = 8192;  // minisign's own limit

// Splits into lines, accepting \n or \r\n endings.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

}  // namespace

std::string key_id_hex(const KeyId& id) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(load_le64(id.data())));
    return buf;
}

Result<PublicKey> PublicKey::parse(std::string_view text) {
    auto lines = split_lines(text);
    std::string_view b64;
    for (auto line : lines) {
        if (line.empty() || line.starts_with(kUntrustedPrefix)) continue;
        b64 = line;
        break;
    }
    if (b64.empty()) return fail("no public key found (expected a minisign public key)");
    auto raw = base64_decode(b64);
    if (!raw || raw->size() != 2 + 8 + 32) return fail("public key is not valid base64 of 42 bytes");
    if ((*raw)[0] != 'E' || (*raw)[1] != 'd') return fail("public key algorithm is not Ed25519");
    PublicKey key;
    std::copy_n(raw->begin() + 2, 8, key.id.begin());
    std::copy_n(raw->begin() + 10, 32, key.key.begin());
    return key;
}

std::string PublicKey::to_base64() const {
    Bytes raw{'E', 'd'};
    raw.insert(raw.end(), id.begin(), id.end());
    raw.insert(raw.end(), key.begin(), key.end());
    return base64_encode(raw);
}

std::string PublicKey::to_file_text() const {
    return std::string(kUntrustedPrefix) + "minisign public key " + key_id_hex(id) + "\n" + to_base64() + "\n";
}

Result<Signature> Signature::parse(std::string_view text) {
    auto lines = split_lines(text);
    if (lines.size() < 4) return fail("signature is incomplete: expected 4 lines, found " + std::to_string(lines.size()));
    if (!lines[0].starts_with(kUntrustedPrefix)) return fail("signature's first line is not an untrusted comment");
    if (!lines[2].starts_with(kTrustedPrefix)) return fail("signature's third line is not a trusted comment");
    Signature sig;
    sig.untrusted_comment = std::string(lines[0].substr(kUntrustedPrefix.size()));
    sig.trusted_comment = std::string(lines[2].substr(kTrustedPrefix.size()));
    if (sig.untrusted_comment.size() > kMaxCommentLength || sig.trusted_comment.size() > kMaxCommentLength)
        return fail("signature comment is too long");
    auto body = base64_decode(lines[1]);
    if (!body || body->size() != 2 + 8 + 64) return fail("signature line is not valid base64 of 74 bytes");
    if ((*body)[0] == 'E' && (*body)[1] == 'D')
        sig.prehashed = true;
    else if ((*body)[0] == 'E' && (*body)[1] == 'd')
        sig.prehashed = false;
    else
        return fail("unsupported signature algorithm");
    std::copy_n(body->begin() + 2, 8, sig.key_id.begin());
    std::copy_n(body->begin() + 10, 64, sig.signature.begin());
    auto global = base64_decode(lines[3]);
    if (!global || global->size() != 64) return fail("trusted comment signature is not valid base64 of 64 bytes");
    std::copy_n(global->begin(), 64, sig.global_signature.begin());
    return sig;
}

std::string Signature::to_file_text() const {
    Bytes body{'E', static_cast<std::uint8_t>(prehashed ? 'D' : 'd')};
    body.insert(body.end(), key_id.begin(), key_id.end());
    body.insert(body.end(), signature.begin(), signature.end());
    return std::string(kUntrustedPrefix) + untrusted_comment + "\n" + base64_encode(body) + "\n" +
           std::string(kTrustedPrefix) + trusted_comment + "\n" + base64_encode(global_signature) + "\n";
}

void KeyRing::add(const PublicKey& key) {
    remove(key.id);
    keys_.push_back(key);
}

bool KeyRing::remove(const KeyId& id) {
    auto it = std::remove_if(keys_.begin(), keys_.end(), [&](const PublicKey& k) { return k.id == id; });
    bool found = it != keys_.end();
    keys_.erase(it, keys_.end());
    return found;
}

const PublicKey* KeyRing::find(const KeyId& id) const {
    for (const auto& k : keys_)
        if (k.id == id) return &k;
    return nullptr;
}

namespace {

Result<void> verify_signed_bytes(const Signature& sig, const PublicKey& key, ByteView signed_bytes) {
    ensure_sodium();
    if (sig.key_id != key.id)
        return fail("signature key id " + key_id_hex(sig.key_id) + " is not the key id " + key_id_hex(key.id));
    if (crypto_sign_verify_detached(sig.signature.data(), signed_bytes.data(), signed_bytes.size(), key.key.data()) !=
        0)
        return fail("signature verification failed (key id " + key_id_hex(key.id) + ")");
    Bytes global(sig.signature.begin(), sig.signature.end());
    global.insert(global.end(), sig.trusted_comment.begin(), sig.trusted_comment.end());
    if (crypto_sign_verify_detached(sig.global_signature.data(), global.data(), global.size(), key.key.data()) != 0)
        return fail("trusted comment signature verification failed");
    return {};
}

Result<const PublicKey*> find_key(const Signature& sig, const KeyRing& ring) {
    const PublicKey* key = ring.find(sig.key_id);
    if (!key) return fail("signed with key id " + key_id_hex(sig.key_id) + ", which is not a trusted key");
    return key;
}

}  // namespace

Result<void> verify(const Signature& sig, const PublicKey& key, ByteView message) {
    if (!sig.prehashed) return verify_signed_bytes(sig, key, message);
    auto digest = blake2b_512(message);
    return verify_signed_bytes(sig, key, digest);
}

Result<void> verify(const Signature& sig, const KeyRing& ring, ByteView message) {
    auto key = find_key(sig, ring);
    if (!key) return key.error();
    return verify(sig, **key, message);
}

Result<void> verify_digest(const Signature& sig, const KeyRing& ring, const Hash512& digest) {
    auto key = find_key(sig, ring);
    if (!key) return key.error();
    if (!sig.prehashed) return fail("legacy (non-prehashed) signature cannot be checked against a digest");
    return verify_signed_bytes(sig, **key, digest);
}

}  // namespace guichet::crypto
