#include "pack/trust_store.hpp"

#include "common/file.hpp"

#include <nlohmann/json.hpp>

namespace guichet::pack {

using nlohmann::json;

namespace {
constexpr std::uint64_t kMaxStateSize = 1024 * 1024;
constexpr std::size_t kMaxKeysInList = 64;

std::string manifest_hash(const Manifest& m) { return to_hex(crypto::blake2b_256(as_bytes(m.to_json()))); }
}  // namespace

std::string key_list_comment(std::uint64_t version) { return "guichet key list version=" + std::to_string(version); }

Result<TrustStore> TrustStore::load(const std::filesystem::path& dir, const crypto::KeyRing& initial_keys) {
    TrustStore store;
    store.state_path_ = dir / "trust-state.json";
    store.keys_ = initial_keys;
    std::error_code ec;
    if (!std::filesystem::exists(store.state_path_, ec)) return store;
    auto text = read_text_file(store.state_path_, kMaxStateSize);
    if (!text) return text.error();
    json j = json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail(store.state_path_.string() + ": not a JSON object");
    try {
        for (auto& [id, v] : j.at("installed").items())
            store.highest_[id] = {v.at("version").get<std::uint64_t>(), v.at("manifest_hash").get<std::string>()};
        store.key_list_version_ = j.at("key_list_version").get<std::uint64_t>();
        if (store.key_list_version_ > 0) {
            crypto::KeyRing ring;
            for (auto& k : j.at("keys")) {
                auto key = crypto::PublicKey::parse(k.get<std::string>());
                if (!key) return fail(store.state_path_.string() + ": " + key.error().message);
                ring.add(*key);
            }
            store.keys_ = std::move(ring);
        }
    } catch (const json::exception& e) {
        return fail(store.state_path_.string() + ": malformed trust state (" + e.what() + ")");
    }
    return store;
}

std::optional<std::uint64_t> TrustStore::highest_version(const std::string& pack_id) const {
    auto it = highest_.find(pack_id);
    if (it == highest_.end()) return std::nullopt;
    return it->second.version;
}

Result<void> TrustStore::admit(const Manifest& m, std::int64_t now, const KioskIdentity& kiosk) const {
    const std::string name = "pack '" + m.id + "' version " + std::to_string(m.version);
    if (now >= m.expires)
        return fail(name + " expired on " + format_utc(m.expires) +
                    "; an expired pack is refused: install a newer version from the town hall");
    if (m.min_kiosk_version > kiosk.kiosk_version)
        return fail(name + " needs kiosk software version " + std::to_string(m.min_kiosk_version) +
                    " or later (this kiosk is version " + std::to_string(kiosk.kiosk_version) + ")");
    if (!m.audience_includes(kiosk.kiosk_id)) return fail(name + " is not meant for kiosk '" + kiosk.kiosk_id + "'");
    if (auto it = highest_.find(m.id); it != highest_.end()) {
        if (m.version < it->second.version)
            return fail(name + " is older than the installed version " + std::to_string(it->second.version) +
                        " (rollback refused)");
        if (m.version == it->second.version && manifest_hash(m) != it->second.manifest_hash)
            return fail(name + " differs from the installed pack with the same version (a new pack needs a new version)");
    }
    return {};
}

Result<void> TrustStore::record_installed(const Manifest& m) {
    auto& installed = highest_[m.id];
    if (m.version >= installed.version) installed = {m.version, manifest_hash(m)};
    return save();
}

Result<void> TrustStore::apply_key_list(std::string_view list_json, std::string_view sig_text) {
    auto sig = crypto::Signature::parse(sig_text);
    if (!sig) return fail("key list signature: " + sig.error().message);
    if (auto r = crypto::verify(*sig, keys_, as_bytes(list_json)); !r) return fail("key list: " + r.error().message);
    json j = json::parse(list_json.begin(), list_json.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("key list: not a JSON object");
    crypto::KeyRing ring;
    std::uint64_t version = 0;
    try {
        if (j.at("format").get<int>() != 1) return fail("key list: unsupported format");
        version = j.at("version").get<std::uint64_t>();
        const auto& keys = j.at("keys");
        if (!keys.is_array() || keys.empty() || keys.size() > kMaxKeysInList)
            return fail("key list: 'keys' must list 1 to 64 keys");
        for (auto& k : keys) {
            auto key = crypto::PublicKey::parse(k.get<std::string>());
            if (!key) return fail("key list: " + key.error().message);
            ring.add(*key);
        }
    } catch (const json::exception& e) {
        return fail(std::string("key list: malformed (") + e.what() + ")");
    }
    if (sig->trusted_comment != key_list_comment(version))
        return fail("key list: the signature's trusted comment is not '" + key_list_comment(version) + "'");
    if (version <= key_list_version_)
        return fail("key list version " + std::to_string(version) + " is not newer than the current version " +
                    std::to_string(key_list_version_) + " (rollback refused)");
    keys_ = std::move(ring);
    key_list_version_ = version;
    return save();
}

Result<void> TrustStore::save() const {
    json j;
    j["installed"] = json::object();
    for (auto& [id, v] : highest_) j["installed"][id] = {{"version", v.version}, {"manifest_hash", v.manifest_hash}};
    j["key_list_version"] = key_list_version_;
    j["keys"] = json::array();
    for (auto& k : keys_.keys()) j["keys"].push_back(k.to_base64());
    std::error_code ec;
    std::filesystem::create_directories(state_path_.parent_path(), ec);
    auto text = j.dump(2) + "\n";
    return write_file_atomic(state_path_, as_bytes(text));
}

}  // namespace guichet::pack
