// The USB navette, kiosk to hub (docs/bundle.md §4): the signed manifest of
// an outbox bundle. The manifest lists every file of the bundle with its size
// and BLAKE2b-256 and is signed with the kiosk's enrolment key (the key of
// its requests), so the hub trusts a stick exactly as much as a request.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "protocol/auth.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync {

inline constexpr int kOutboxBundleVersion = 2;  // 2: bodies carry signed envelopes (protocol 1.2)
inline constexpr const char* kOutboxBundleDir = "outbox";           // USB/outbox/
inline constexpr const char* kOutboxManifestFile = "manifest.json";  // written last
inline constexpr std::uint64_t kMaxOutboxManifestBytes = 16 << 20;

struct BundleFile {
    std::string path;  // relative to USB/outbox/, e.g. "demarches/<uuid>.json"
    std::uint64_t size = 0;
    std::string blake2b;  // hex BLAKE2b-256
};

struct BundleDemarche {
    std::string uuid;  // the Idempotency-Key
    BundleFile body;   // the PUT /v1/demarches/{uuid} body, byte for byte
    std::vector<BundleFile> attachments;  // sealed data, by index
};

struct OutboxManifest {
    int version = kOutboxBundleVersion;
    std::string kiosk_id;
    std::int64_t created_at = 0;
    std::string heartbeat;  // Heartbeat JSON (messages.hpp)
    std::vector<BundleDemarche> demarches;
};

// The manifest file: {"manifest": {...}, "signature": base64 Ed25519 over
// "guichet-outbox-bundle-v1\n" + the manifest object serialised compactly
// with sorted keys}.
std::string sign_outbox_manifest(const OutboxManifest& m, const RequestKey& key);

// Parses the manifest file without checking the signature; the kiosk id is
// needed to find the key. Errors name the field.
Result<OutboxManifest> parse_outbox_manifest(std::string_view text);
// Checks the file's signature with KEY.
Result<void> verify_outbox_manifest(std::string_view text, const crypto::Ed25519PublicKey& key);

BundleFile describe_bundle_file(std::string path, ByteView data);

}  // namespace guichet::sync
