#include "pack/manifest.hpp"

#include "common/bytes.hpp"

#include <algorithm>
#include <type_traits>
#include <ctime>
#include <nlohmann/json.hpp>

namespace guichet::pack {

using nlohmann::json;

bool is_valid_pack_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string Manifest::to_json() const {
    json j;
    j["format"] = 1;
    j["id"] = id;
    j["version"] = version;
    j["title"] = title;
    j["created"] = created;
    j["expires"] = expires;
    j["min_kiosk_version"] = min_kiosk_version;
    j["audience"] = audience;
    j["languages"] = languages;
    j["entry_count"] = entry_count;
    j["index_size"] = index_size;
    j["index_hash"] = to_hex(index_hash);
    j["dict_size"] = dict_size;
    j["dict_hash"] = to_hex(dict_hash);
    j["data_size"] = data_size;
    return j.dump();  // nlohmann's object keys are sorted: canonical by construction
}

std::string Manifest::trusted_comment() const {
    return "guichet-pack manifest id=" + id + " version=" + std::to_string(version);
}

bool Manifest::audience_includes(std::string_view kiosk_id) const {
    return std::any_of(audience.begin(), audience.end(),
                       [&](const std::string& a) { return a == "*" || a == kiosk_id; });
}

namespace {

template <class T>
Result<T> field(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return fail(std::string("manifest: missing field '") + key + "'");
    // No silent conversions: -1 is not a version, 1.5 is not a size.
    bool right_type = true;
    if constexpr (std::is_same_v<T, std::string>) right_type = it->is_string();
    else if constexpr (std::is_unsigned_v<T>) right_type = it->is_number_unsigned();
    else if constexpr (std::is_integral_v<T>) right_type = it->is_number_integer();
    if (!right_type) return fail(std::string("manifest: field '") + key + "' has the wrong type");
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        return fail(std::string("manifest: field '") + key + "' has the wrong type");
    }
}

Result<crypto::Hash256> hash_field(const json& j, const char* key) {
    auto hex = field<std::string>(j, key);
    if (!hex) return hex.error();
    Bytes raw;
    if (!from_hex(*hex, raw) || raw.size() != 32) return fail(std::string("manifest: field '") + key + "' is not a 32-byte hex hash");
    crypto::Hash256 h;
    std::copy(raw.begin(), raw.end(), h.begin());
    return h;
}

}  // namespace

Result<Manifest> Manifest::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("manifest: not a JSON object");
    auto format = field<int>(j, "format");
    if (!format) return format.error();
    if (*format != 1) return fail("manifest: unsupported manifest format " + std::to_string(*format));
    Manifest m;
#define GUICHET_FIELD(name, type)                        \
    {                                                    \
        auto v = field<type>(j, #name);                  \
        if (!v) return v.error();                        \
        m.name = std::move(*v);                          \
    }
    GUICHET_FIELD(id, std::string)
    GUICHET_FIELD(version, std::uint64_t)
    GUICHET_FIELD(title, std::string)
    GUICHET_FIELD(created, std::int64_t)
    GUICHET_FIELD(expires, std::int64_t)
    GUICHET_FIELD(min_kiosk_version, std::uint32_t)
    GUICHET_FIELD(audience, std::vector<std::string>)
    GUICHET_FIELD(languages, std::vector<std::string>)
    GUICHET_FIELD(entry_count, std::uint32_t)
    GUICHET_FIELD(index_size, std::uint64_t)
    GUICHET_FIELD(dict_size, std::uint32_t)
    GUICHET_FIELD(data_size, std::uint64_t)
#undef GUICHET_FIELD
    auto ih = hash_field(j, "index_hash");
    if (!ih) return ih.error();
    m.index_hash = *ih;
    auto dh = hash_field(j, "dict_hash");
    if (!dh) return dh.error();
    m.dict_hash = *dh;
    if (!is_valid_pack_id(m.id)) return fail("manifest: invalid pack id '" + m.id + "'");
    if (m.expires <= m.created) return fail("manifest: expiry is not after creation");
    if (m.version < 1) return fail("manifest: version must be 1 or more");
    if (m.audience.empty()) return fail("manifest: empty audience");
    return m;
}

}  // namespace guichet::pack
