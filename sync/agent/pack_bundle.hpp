// The USB "navette", hub to kiosk (docs/bundle.md): a copy of the hub's pack
// repository carried on removable media, applied by `guichet-sync
// import-bundle` with exactly the checks of a network update (signed index,
// expiry, rollback, hashes, full pack verification).
#pragma once

#include "agent/pack_step.hpp"
#include "repo/updater.hpp"

#include <filesystem>

namespace guichet::repo {

// The repository inside a bundle directory: DIR/repo when present (a copy of
// the hub's DATA/repo), else DIR itself.
std::filesystem::path bundle_repository(const std::filesystem::path& bundle_dir);

Result<UpdateReport> import_pack_bundle(const std::filesystem::path& bundle_dir, const PackStepOptions& packs,
                                        const std::filesystem::path& state_dir, std::int64_t now);

// `guichet-sync import-bundle`: runs the import now and prints one line per
// pack; exit status 0 when every listed pack is installed or current, else 1.
int run_import_bundle(const std::filesystem::path& bundle_dir, const PackStepOptions& packs,
                      const std::filesystem::path& state_dir);

}  // namespace guichet::repo
