#include "index.hpp"

#include "crypto/signed_document.hpp"
#include "pack/manifest.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

namespace guichet::repo {

using nlohmann::json;

namespace {

// No silent conversions: -1 is not a version, "3" is not a size.
template <class T>
Result<T> member(const json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) return fail("index: " + where + "missing member '" + key + "'");
    bool right_type = true;
    if constexpr (std::is_same_v<T, std::string>) right_type = it->is_string();
    else if constexpr (std::is_unsigned_v<T>) right_type = it->is_number_unsigned();
    else if constexpr (std::is_integral_v<T>) right_type = it->is_number_integer();
    else if constexpr (std::is_same_v<T, json>) right_type = it->is_array();
    if (!right_type) return fail("index: " + where + "member '" + key + "' has the wrong type");
    if constexpr (std::is_same_v<T, json>) return *it;
    else return it->get<T>();
}

Result<crypto::Hash256> hash_member(const json& j, const char* key, const std::string& where) {
    auto hex = member<std::string>(j, key, where);
    if (!hex) return hex.error();
    Bytes raw;
    if (!from_hex(*hex, raw) || raw.size() != 32)
        return fail("index: " + where + "member '" + key + "' is not a 32-byte hex hash");
    crypto::Hash256 h;
    std::copy(raw.begin(), raw.end(), h.begin());
    return h;
}

Result<std::uint64_t> size_member(const json& j, const std::string& where) {
    auto size = member<std::uint64_t>(j, "size", where);
    if (!size) return size.error();
    if (*size == 0 || *size > kMaxRepoFileSize) return fail("index: " + where + "size out of range");
    return size;
}

Result<DeltaRecord> parse_delta(const json& j, const std::string& where) {
    if (!j.is_object()) return fail("index: " + where + "not an object");
    DeltaRecord d;
    auto from = member<std::uint64_t>(j, "from", where);
    if (!from) return from.error();
    d.from = *from;
    auto base = hash_member(j, "base_hash", where);
    if (!base) return base.error();
    d.base_hash = *base;
    auto size = size_member(j, where);
    if (!size) return size.error();
    d.size = *size;
    auto hash = hash_member(j, "hash", where);
    if (!hash) return hash.error();
    d.hash = *hash;
    return d;
}

Result<PackRecord> parse_pack(const json& j, const std::string& where) {
    if (!j.is_object()) return fail("index: " + where + "not an object");
    PackRecord p;
    auto id = member<std::string>(j, "id", where);
    if (!id) return id.error();
    if (!pack::is_valid_pack_id(*id)) return fail("index: " + where + "invalid pack id");
    p.id = *id;
    const std::string here = where + "pack '" + p.id + "': ";
    auto version = member<std::uint64_t>(j, "version", here);
    if (!version) return version.error();
    p.version = *version;
    auto size = size_member(j, here);
    if (!size) return size.error();
    p.size = *size;
    auto hash = hash_member(j, "hash", here);
    if (!hash) return hash.error();
    p.hash = *hash;
    auto deltas = member<json>(j, "deltas", here);
    if (!deltas) return deltas.error();
    if (deltas->size() > kMaxDeltasPerPack) return fail("index: " + here + "more than 16 deltas");
    std::set<std::uint64_t> froms;
    for (const json& dj : *deltas) {
        auto d = parse_delta(dj, here + "delta: ");
        if (!d) return d.error();
        if (d->from >= p.version) return fail("index: " + here + "delta from a version that is not older");
        if (!froms.insert(d->from).second) return fail("index: " + here + "two deltas from the same version");
        p.deltas.push_back(*d);
    }
    return p;
}

}  // namespace

const DeltaRecord* PackRecord::delta_from(std::uint64_t from) const {
    for (const auto& d : deltas)
        if (d.from == from) return &d;
    return nullptr;
}

const PackRecord* Index::find(std::string_view id) const {
    for (const auto& p : packs)
        if (p.id == id) return &p;
    return nullptr;
}

std::string hash_hex(const crypto::Hash256& h) { return to_hex(ByteView(h.data(), h.size())); }

std::string Index::to_json() const {
    json j;
    j["format"] = kIndexFormat;
    j["version"] = version;
    j["created"] = created;
    j["expires"] = expires;
    j["packs"] = json::array();
    for (const auto& p : packs) {
        json pj;
        pj["id"] = p.id;
        pj["version"] = p.version;
        pj["size"] = p.size;
        pj["hash"] = hash_hex(p.hash);
        pj["deltas"] = json::array();
        for (const auto& d : p.deltas)
            pj["deltas"].push_back(
                {{"from", d.from}, {"base_hash", hash_hex(d.base_hash)}, {"size", d.size}, {"hash", hash_hex(d.hash)}});
        j["packs"].push_back(std::move(pj));
    }
    return j.dump();  // object keys sorted: canonical by construction
}

Result<Index> Index::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("index: not a JSON object");
    auto format = member<std::int64_t>(j, "format", "");
    if (!format) return format.error();
    if (*format != kIndexFormat) return fail("index: unsupported index format " + std::to_string(*format));
    Index index;
    auto version = member<std::uint64_t>(j, "version", "");
    if (!version) return version.error();
    if (*version == 0) return fail("index: version must be at least 1");
    index.version = *version;
    auto created = member<std::int64_t>(j, "created", "");
    if (!created) return created.error();
    auto expires = member<std::int64_t>(j, "expires", "");
    if (!expires) return expires.error();
    if (*expires <= *created) return fail("index: expiry is not after creation");
    index.created = *created;
    index.expires = *expires;
    auto packs = member<json>(j, "packs", "");
    if (!packs) return packs.error();
    if (packs->size() > kMaxPacksPerIndex) return fail("index: more than 256 packs");
    std::set<std::string> ids;
    for (const json& pj : *packs) {
        auto p = parse_pack(pj, "");
        if (!p) return p.error();
        if (!ids.insert(p->id).second) return fail("index: pack '" + p->id + "' is listed twice");
        index.packs.push_back(std::move(*p));
    }
    return index;
}

std::string index_comment(std::uint64_t version) { return "guichet pack index version=" + std::to_string(version); }

Result<Index> verify_index_file(std::string_view file, const crypto::KeyRing& keys) {
    if (file.size() > kMaxIndexSize) return fail("index: larger than 1 MiB");
    auto split = crypto::verify_signed_document(file, kIndexUntrustedComment, keys, "index", "guichet-pack publish");
    if (!split) return split.error();
    auto index = Index::parse(split->body);
    if (!index) return index.error();
    if (split->signature.trusted_comment != index_comment(index->version))
        return fail("index: trusted comment does not match the index version (not an index signature)");
    return index;
}

std::string pack_file_name(std::string_view id, std::uint64_t version) {
    return std::string(id) + "-" + std::to_string(version) + ".gpk";
}

std::string pack_path(std::string_view id, std::uint64_t version) {
    return "packs/" + std::string(id) + "/" + pack_file_name(id, version);
}

std::string delta_path(std::string_view id, std::uint64_t from, std::uint64_t to) {
    return "deltas/" + std::string(id) + "/" + std::string(id) + "-" + std::to_string(from) + "-to-" +
           std::to_string(to) + ".gpd";
}

}  // namespace guichet::repo
