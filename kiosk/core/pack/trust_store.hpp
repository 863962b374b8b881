// A kiosk's trust decisions about packs: which signing keys it trusts, the
// highest version it has installed per pack id (no rollback), and the policy
// checks (expiry, minimum kiosk version, audience). State is kept in one JSON
// file written atomically.
#pragma once

#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "pack/manifest.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace guichet::pack {

struct KioskIdentity {
    std::string kiosk_id = "kiosk";
    std::uint32_t kiosk_version = GUICHET_KIOSK_VERSION;  // this software's (CMakeLists.txt)
};

// The trusted comment a key list's signature must carry: binds the signature
// to its purpose, so no other signed document can pass for a key list.
std::string key_list_comment(std::uint64_t version);

class TrustStore {
public:
    // Loads DIR/trust-state.json if present. INITIAL_KEYS are the keys from the
    // kiosk's configuration, used until a signed key list replaces them.
    static Result<TrustStore> load(const std::filesystem::path& dir, const crypto::KeyRing& initial_keys);

    const crypto::KeyRing& keys() const { return keys_; }
    std::optional<std::uint64_t> highest_version(const std::string& pack_id) const;
    std::uint64_t key_list_version() const { return key_list_version_; }

    // Policy checks on a manifest whose signature has already been verified.
    Result<void> admit(const Manifest& manifest, std::int64_t now, const KioskIdentity& kiosk) const;
    // Records an installed pack's version; later, lower versions are refused.
    Result<void> record_installed(const Manifest& manifest);

    // Key rotation: LIST_JSON = {"format":1,"version":N,"keys":["<minisign public key base64>", ...]}
    // signed (minisign, SIG_TEXT) by a currently trusted key, with the trusted
    // comment key_list_comment(N) and a version above the current one. The list
    // becomes the whole trusted set.
    Result<void> apply_key_list(std::string_view list_json, std::string_view sig_text);

private:
    Result<void> save() const;
    std::filesystem::path state_path_;
    crypto::KeyRing keys_;
    std::uint64_t key_list_version_ = 0;
    struct Installed {
        std::uint64_t version = 0;
        std::string manifest_hash;  // hex BLAKE2b-256 of the canonical manifest
    };
    std::map<std::string, Installed> highest_;
};

}  // namespace guichet::pack
