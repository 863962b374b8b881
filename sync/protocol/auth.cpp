#include "protocol/auth.hpp"

#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>
#include <algorithm>
#include <charconv>

namespace guichet::sync {

namespace {

bool is_nonce(std::string_view s) {
    return s.size() == 32 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_client_id(std::string_view s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

AuthError auth_error(AuthFailure kind, std::string message) {
    return AuthError{kind, std::move(message)};
}

}  // namespace

std::string canonical_target(std::string_view path, const Query& query) {
    std::string out(path);
    std::vector<std::pair<std::string, std::string>> sorted(query.begin(), query.end());
    std::sort(sorted.begin(), sorted.end());
    char sep = '?';
    for (const auto& [name, value] : sorted) {
        out += sep;
        out += name;
        out += '=';
        out += value;
        sep = '&';
    }
    return out;
}

std::string canonical_request(const RequestHead& head, const crypto::Hash256& body_hash) {
    std::string s = "guichet-request-v1\n";
    s += head.method + "\n";
    s += head.target + "\n";
    s += head.client_id + "\n";
    s += std::to_string(head.timestamp) + "\n";
    s += head.nonce + "\n";
    s += to_hex(body_hash) + "\n";
    return s;
}

RequestKey RequestKey::generate() {
    crypto::ensure_sodium();
    RequestKey k;
    crypto::Ed25519PublicKey pk;
    crypto_sign_keypair(pk.data(), k.secret_.data());
    return k;
}

Result<RequestKey> RequestKey::load(const std::filesystem::path& file) {
    crypto::ensure_sodium();
    auto text = read_text_file(file, 4096);
    if (!text) return text.error();
    auto raw = crypto::base64_decode(crypto::key_file_data_line(*text));
    sodium_memzero(text->data(), text->size());
    if (!raw || raw->size() != 64) {
        if (raw) crypto::wipe(*raw);
        return fail(file.string() + ": not a request-signing secret key (expected base64 of 64 bytes)");
    }
    RequestKey k;
    std::copy(raw->begin(), raw->end(), k.secret_.data());
    crypto::wipe(*raw);
    return k;
}

Result<void> RequestKey::save(const std::filesystem::path& file, std::string_view owner) const {
    std::string text = "untrusted comment: guichet request-signing SECRET key of " + std::string(owner) +
                       "; never leaves this machine\n" +
                       crypto::base64_encode(ByteView(secret_.data(), secret_.size())) + "\n";
    auto r = write_file_atomic(file, as_bytes(text), 0600);
    sodium_memzero(text.data(), text.size());
    return r;
}

crypto::Ed25519PublicKey RequestKey::public_key() const {
    crypto::Ed25519PublicKey pk;
    crypto_sign_ed25519_sk_to_pk(pk.data(), secret_.data());
    return pk;
}

crypto::Ed25519Signature RequestKey::sign(ByteView message) const {
    crypto::Ed25519Signature sig;
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
    return sig;
}

std::string public_key_base64(const crypto::Ed25519PublicKey& key) {
    return crypto::base64_encode(key);
}

std::string public_key_text(const crypto::Ed25519PublicKey& key, std::string_view owner) {
    return "untrusted comment: guichet request-signing public key of " + std::string(owner) + "\n" +
           public_key_base64(key) + "\n";
}

Result<crypto::Ed25519PublicKey> parse_public_key(std::string_view text) {
    auto raw = crypto::base64_decode(crypto::key_file_data_line(text));
    if (!raw || raw->size() != 32) return fail("not a request-signing public key (expected base64 of 32 bytes)");
    crypto::Ed25519PublicKey k;
    std::copy(raw->begin(), raw->end(), k.begin());
    return k;
}

std::vector<Header> sign_request(const RequestKey& key, std::string_view client_id, std::string_view method,
                                 std::string_view target, ByteView body, std::int64_t now,
                                 std::span<const std::uint8_t, 16> nonce_bytes) {
    RequestHead head{std::string(method), std::string(target), std::string(client_id), now, to_hex(nonce_bytes)};
    auto message = canonical_request(head, crypto::blake2b_256(body));
    auto sig = key.sign(as_bytes(message));
    return {{kHeaderProtocol, std::to_string(kProtocolVersion)},
            {kHeaderClient, head.client_id},
            {kHeaderTimestamp, std::to_string(now)},
            {kHeaderNonce, head.nonce},
            {kHeaderSignature, crypto::base64_encode(sig)}};
}

std::vector<Header> sign_request(const RequestKey& key, std::string_view client_id, std::string_view method,
                                 std::string_view target, ByteView body, std::int64_t now) {
    crypto::ensure_sodium();
    std::array<std::uint8_t, 16> nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    return sign_request(key, client_id, method, target, body, now, nonce);
}

std::string_view to_string(AuthFailure f) {
    switch (f) {
        case AuthFailure::missing_header:
            return "missing-header";
        case AuthFailure::unsupported_version:
            return "unsupported-version";
        case AuthFailure::malformed:
            return "malformed";
        case AuthFailure::stale_timestamp:
            return "stale-timestamp";
        case AuthFailure::unknown_client:
            return "unknown-client";
        case AuthFailure::revoked_client:
            return "revoked-client";
        case AuthFailure::bad_signature:
            return "bad-signature";
        case AuthFailure::replayed_nonce:
            return "replayed-nonce";
        case AuthFailure::internal:
            return "internal";
    }
    return "unknown";
}

int http_status(AuthFailure f) {
    switch (f) {
        case AuthFailure::unsupported_version:
            return 400;
        case AuthFailure::revoked_client:
            return 403;
        case AuthFailure::internal:
            return 500;
        default:
            return 401;
    }
}

Result<RequestHead, AuthError> parse_auth_headers(const std::function<std::string(const char*)>& get_header,
                                                  std::string_view method, std::string target) {
    for (const char* name : {kHeaderProtocol, kHeaderClient, kHeaderTimestamp, kHeaderNonce, kHeaderSignature})
        if (get_header(name).empty())
            return auth_error(AuthFailure::missing_header, std::string("missing header ") + name);
    if (get_header(kHeaderProtocol) != std::to_string(kProtocolVersion))
        return auth_error(AuthFailure::unsupported_version,
                          "unsupported protocol version " + get_header(kHeaderProtocol) + " (this hub speaks 1)");
    RequestHead head;
    head.method = std::string(method);
    head.target = std::move(target);
    head.client_id = get_header(kHeaderClient);
    if (!is_client_id(head.client_id)) return auth_error(AuthFailure::malformed, "malformed client id");
    auto ts = get_header(kHeaderTimestamp);
    auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), head.timestamp);
    if (ec != std::errc() || end != ts.data() + ts.size())
        return auth_error(AuthFailure::malformed, "malformed timestamp");
    head.nonce = get_header(kHeaderNonce);
    if (!is_nonce(head.nonce)) return auth_error(AuthFailure::malformed, "malformed nonce (32 lower-case hex digits)");
    auto sig = crypto::base64_decode(get_header(kHeaderSignature));
    if (!sig || sig->size() != head.signature.size())
        return auth_error(AuthFailure::malformed, "malformed signature (base64 of 64 bytes)");
    std::copy(sig->begin(), sig->end(), head.signature.begin());
    return head;
}

Result<std::string, AuthError> authenticate(const Verifier& verifier, const RequestHead& head, ByteView body,
                                            std::int64_t now) {
    if (head.timestamp < now - verifier.window_seconds || head.timestamp > now + verifier.window_seconds)
        return auth_error(AuthFailure::stale_timestamp, "timestamp " + std::to_string(head.timestamp) +
                                                            " is more than " + std::to_string(verifier.window_seconds) +
                                                            " s from the hub's clock (" + std::to_string(now) + ")");
    auto client = verifier.find_client(head.client_id);
    if (!client) return auth_error(AuthFailure::unknown_client, "unknown client " + head.client_id);
    if (client->revoked) return auth_error(AuthFailure::revoked_client, "client " + head.client_id + " is revoked");
    auto message = canonical_request(head, crypto::blake2b_256(body));
    if (crypto_sign_verify_detached(head.signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(), client->key.data()) != 0)
        return auth_error(AuthFailure::bad_signature, "the request signature does not verify for " + head.client_id);
    // Kept until the timestamp leaves the window: afterwards the timestamp check refuses a replay.
    auto fresh = verifier.remember_nonce(head.client_id, head.nonce, head.timestamp + verifier.window_seconds);
    if (!fresh) return auth_error(AuthFailure::internal, "cannot record the nonce: " + fresh.error().message);
    if (!*fresh) return auth_error(AuthFailure::replayed_nonce, "replayed request (nonce already used)");
    return head.client_id;
}

}  // namespace guichet::sync
