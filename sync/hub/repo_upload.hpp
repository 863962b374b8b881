// A publication prepared on the staff PC, taken in by the hub (docs/staff-pages.md
// §5): `guichet-pack publish --repo DIR` signs a new index there, with the key
// the hub never holds; staff upload that index with the pack and delta files
// it lists. Nothing is written before everything verifies: the index's
// signature by the pack key and its version above the served one, then each
// listed file already served or uploaded with the exact size and BLAKE2b-256
// the index names, each new pack's own signature. Files are written first,
// the index last (pack-repository.md §1), so a kiosk never reads an index
// whose files are missing.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/minisign.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct RepoUpload {
    std::string index;                    // the index.gpi file
    std::map<std::string, Bytes> files;  // by base name: anor-3.gpk, anor-2-to-3.gpd
};

struct RepoPublished {
    std::uint64_t index_version = 0;
    std::vector<std::string> written;  // repository paths, the index last
    std::vector<std::string> kept;     // listed files the hub already served
};

// Verifies UPLOAD against the repository in REPO_DIR and the trusted KEYS at
// NOW, then installs it. Errors are French sentences for staff.
Result<RepoPublished> publish_repo_upload(const std::filesystem::path& repo_dir, const RepoUpload& upload,
                                          const crypto::KeyRing& keys, std::int64_t now);

}  // namespace guichet::sync::hub
