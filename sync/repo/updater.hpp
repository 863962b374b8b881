// The kiosk agent's pack-update step (docs/pack-repository.md §4): fetch and
// verify the signed index (signature, expiry, version only goes up), then for
// each listed pack download a delta from the installed version or the whole
// pack (resumably, checked against the index), rebuild, verify fully, and
// install by atomic rename. A pack that fails verification is never installed.
#pragma once

#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "pack/trust_store.hpp"
#include "repo_state.hpp"
#include "transport.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::repo {

struct UpdaterOptions {
    std::filesystem::path packs_dir;  // the kiosk's installed packs (*.gpk); downloads go to packs_dir/.incoming
    std::filesystem::path state_dir;  // repo-state.json
    std::filesystem::path trust_dir;  // the kiosk's trust-state.json (empty: packs_dir, as the kiosk's default)
    crypto::KeyRing configured_keys;  // the kiosk's configured pack keys (the trust store may have rotated them)
    pack::KioskIdentity kiosk;
    bool decompress_check = true;  // verify_all with decompression before installing
    // A listed file that was missing or failed verification is not downloaded
    // again before min(cap, base·2^(failures−1)) seconds (repo-state.json keeps
    // the count). False: always try again (staff importing a USB stick).
    bool honour_backoff = true;
    std::int64_t retry_base_seconds = 600;
    std::int64_t retry_cap_seconds = 86400;
    // Test hook: called as each step completes ("index-accepted", "downloaded",
    // "rebuilt", "verified", "renamed", "recorded"); crash tests exit there.
    std::function<void(std::string_view step)> after_step;
};

// deferred: the listed pack failed verification before and waits for its backoff.
enum class PackAction { up_to_date, installed_from_delta, installed_whole, refused, failed, deferred };

struct PackUpdate {
    std::string id;
    std::uint64_t installed_version = 0;  // before the update; 0 = none
    std::uint64_t listed_version = 0;
    PackAction action = PackAction::up_to_date;
    std::string message;  // why it was refused or failed; what was done otherwise
};

struct UpdateReport {
    std::uint64_t index_version = 0;
    bool index_changed = false;  // a newer index than the one accepted before
    std::vector<PackUpdate> packs;
    std::uint64_t bytes_fetched = 0;  // index + files, as received from the transport
    // Files in packs_dir/.incoming of pack ids that the accepted index no
    // longer lists and that are not installed (a withdrawn pack), removed.
    int withdrawn_downloads_removed = 0;
    // Listed files that failed (missing, damaged, refused) and their backoff, as recorded in repo-state.json.
    std::vector<FileFailure> failures;
};

// Index-level refusals (unsigned, expired, rolled back, oversized) are errors;
// per-pack outcomes are in the report.
Result<UpdateReport> update_packs(Transport& transport, const UpdaterOptions& options, std::int64_t now);

}  // namespace guichet::repo
