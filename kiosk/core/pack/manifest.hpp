// The signed manifest of a pack: what it is, who may install it, and the hash
// of its entry table. Believed only after its signature checks.
#pragma once

#include "common/result.hpp"
#include "common/time_format.hpp"
#include "crypto/hash.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::pack {

struct Manifest {
    std::string id;        // [a-z0-9-], 1..64 characters
    std::uint64_t version = 0;  // only goes up
    std::string title;
    std::int64_t created = 0;  // Unix seconds
    std::int64_t expires = 0;  // Unix seconds; an expired pack is refused
    std::uint32_t min_kiosk_version = 0;
    std::vector<std::string> audience;   // kiosk ids, or "*" for every kiosk
    std::vector<std::string> languages;  // e.g. "fr"
    std::uint32_t entry_count = 0;
    std::uint64_t index_size = 0;
    crypto::Hash256 index_hash{};
    std::uint32_t dict_size = 0;
    crypto::Hash256 dict_hash{};
    std::uint64_t data_size = 0;

    // Canonical JSON (sorted keys, no spaces): the exact signed bytes.
    std::string to_json() const;
    static Result<Manifest> parse(std::string_view json);
    // The trusted comment of the embedded signature; checked against the manifest.
    std::string trusted_comment() const;
    bool audience_includes(std::string_view kiosk_id) const;
};

bool is_valid_pack_id(std::string_view id);
using guichet::format_utc;

}  // namespace guichet::pack
