// Envelope signatures (docs/protocol.md §4.4).
#include "protocol/envelope.hpp"

#include "crypto/sodium_init.hpp"

#include <sodium.h>

#include <algorithm>

namespace guichet::sync {

namespace {

Result<void> append_text(std::string& out, std::string_view field, std::string_view value) {
    if (value.empty()) return fail("envelope: " + std::string(field) + " is empty");
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return fail("envelope: " + std::string(field) + " holds a control character");
    out.append(value);
    out += '\n';
    return {};
}

}  // namespace

Result<std::string> canonical_envelope(const SubmissionUpload& up, std::string_view kiosk_id) {
    std::string s(kEnvelopeDomain);
    for (auto [field, value] : {std::pair<std::string_view, std::string_view>{"kiosk_id", kiosk_id},
                                {"uuid", up.uuid},
                                {"tracking_code", up.tracking_code},
                                {"form_id", up.form_id}})
        if (auto r = append_text(s, field, value); !r) return r.error();
    s += std::to_string(up.form_version) + "\n";
    if (auto r = append_text(s, "recipient_id", up.recipient_id); !r) return r.error();
    s += std::to_string(up.created_at) + "\n";
    s += to_hex(crypto::blake2b_256(up.sealed_payload)) + "\n";
    s += std::to_string(up.attachments.size()) + "\n";
    for (const auto& a : up.attachments) {
        if (a.sealed_blake2b.empty() ||
            std::any_of(a.sealed_blake2b.begin(), a.sealed_blake2b.end(),
                        [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
            return fail("envelope: an attachment's sealed_blake2b is empty or holds a space or control character");
        s += std::to_string(a.index) + " " + std::to_string(a.size) + " " + std::to_string(a.sealed_length) + " " +
             a.sealed_blake2b + " " + to_hex(crypto::blake2b_256(a.sealed_meta)) + "\n";
    }
    return s;
}

Result<void> sign_envelope(SubmissionUpload& up, std::string_view kiosk_id, const RequestKey& key) {
    auto bytes = canonical_envelope(up, kiosk_id);
    if (!bytes) return bytes.error();
    const auto sig = key.sign(as_bytes(*bytes));
    up.kiosk_id = std::string(kiosk_id);
    up.envelope_signature.assign(sig.begin(), sig.end());
    return {};
}

Result<void> verify_envelope(const SubmissionUpload& up, const crypto::Ed25519PublicKey& key) {
    crypto::ensure_sodium();
    if (up.envelope_signature.empty()) return fail("the envelope is not signed");
    if (up.envelope_signature.size() != crypto_sign_BYTES) return fail("envelope_signature: not 64 bytes");
    auto bytes = canonical_envelope(up, up.kiosk_id);
    if (!bytes) return bytes.error();
    if (crypto_sign_verify_detached(up.envelope_signature.data(), reinterpret_cast<const unsigned char*>(bytes->data()),
                                    bytes->size(), key.data()) != 0)
        return fail("the envelope's signature does not match kiosk " + up.kiosk_id +
                    "'s key (altered after signing, or signed by another kiosk)");
    return {};
}

Result<crypto::Hash256> envelope_hash(const SubmissionUpload& up) {
    auto bytes = canonical_envelope(up, up.kiosk_id);
    if (!bytes) return bytes.error();
    return crypto::blake2b_256(as_bytes(*bytes));
}

}  // namespace guichet::sync
