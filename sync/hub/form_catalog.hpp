// The forms of the packs the hub publishes (DATA/repo/packs/<id>/<id>-<v>.gpk),
// parsed with the kiosk's own content library, for the back office: the
// agent's browser lays a démarche out with its form's sections, labels, help,
// choice labels, note and pièces à joindre (docs/protocol.md §5.2). The hub
// reads packs, never démarches. Each pack version is parsed once and kept
// (packs are replaced by rename, never rewritten); versions that left the
// repository are dropped at the next look.
#pragma once

#include "content/pack_content.hpp"
#include "crypto/minisign.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace guichet::sync::hub {

// The newest versions of each pack kept parsed: a démarche sealed with an
// older form version usually waits days, not several publications.
inline constexpr std::size_t kFormPackVersions = 3;

// One form as the back office reads it (docs/protocol.md §5.2).
nlohmann::json form_definition_json(const content::FormSummary& form, const std::string& pack_id,
                                    std::uint64_t pack_version);

class FormCatalog {
public:
    // KEYS: the pack signing key(s) the hub was given (--pack-key): a pack is
    // read only when its signature verifies. Empty: the hub's own repository is
    // read as it is (kiosks verify what they install; this is layout only).
    explicit FormCatalog(std::filesystem::path repo_dir, crypto::KeyRing keys = {})
        : repo_(std::move(repo_dir)), keys_(std::move(keys)) {}

    // The definitions of the forms whose recipient is RECIPIENT, in the newest
    // kFormPackVersions versions of each pack: by form id, then newest pack
    // version first. A pack that cannot be read is skipped (and said once on stderr).
    nlohmann::json forms_for(const std::string& recipient);

    // Pack versions parsed since the catalog was made (tests: the cache works).
    std::size_t parses() const;

private:
    struct Parsed {
        std::vector<std::pair<std::string, nlohmann::json>> forms;  // (recipient, definition)
    };
    // (pack id, version) → file, for the versions to read now.
    std::map<std::pair<std::string, std::uint64_t>, std::filesystem::path> scan() const;

    std::filesystem::path repo_;
    crypto::KeyRing keys_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::uint64_t>, Parsed> cache_;
    std::map<std::filesystem::path, bool> reported_;  // unreadable packs already said on stderr
    std::size_t parses_ = 0;
};

}  // namespace guichet::sync::hub
