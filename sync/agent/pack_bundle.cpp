#include "agent/pack_bundle.hpp"

#include "common/staff_language.hpp"
#include "repo/index.hpp"

#include <cstdio>
#include <ctime>

namespace guichet::repo {

namespace fs = std::filesystem;

fs::path bundle_repository(const fs::path& bundle_dir) {
    std::error_code ec;
    if (fs::exists(bundle_dir / "repo" / std::string(kIndexName), ec)) return bundle_dir / "repo";
    return bundle_dir;
}

Result<UpdateReport> import_pack_bundle(const fs::path& bundle_dir, const PackStepOptions& packs,
                                        const fs::path& state_dir, std::int64_t now) {
    const fs::path root = bundle_repository(bundle_dir);
    std::error_code ec;
    if (!fs::exists(root / std::string(kIndexName), ec))
        return fail(bundle_dir.string() + ": no pack repository here (expected " + std::string(kIndexName) +
                    " or repo/" + std::string(kIndexName) + ", a copy of the hub's DATA/repo)");
    UpdaterOptions u;
    u.packs_dir = packs.packs_dir;
    u.state_dir = state_dir;
    u.configured_keys = load_pack_keys(packs.keys_dir.empty() ? packs.packs_dir : packs.keys_dir);
    u.kiosk.kiosk_id = packs.kiosk_id;
    u.honour_backoff = false;  // staff brought this stick on purpose: try it now, whatever failed before
    DirectoryTransport transport(root);
    return update_packs(transport, u, now);
}

int run_import_bundle(const fs::path& bundle_dir, const PackStepOptions& packs, const fs::path& state_dir) {
    auto report = import_pack_bundle(bundle_dir, packs, state_dir, static_cast<std::int64_t>(std::time(nullptr)));
    if (!report) {
        std::fprintf(stderr, "%s", staff::msg("guichet-sync: {1}\n", {"import-bundle: " + report.error().message}).c_str());
        return 1;
    }
    int status = 0;
    for (const auto& p : report->packs) {
        const bool ok = p.action != PackAction::refused && p.action != PackAction::failed;
        std::fprintf(ok ? stdout : stderr, "%s", staff::msg("pack '{1}': {2}\n", {p.id, p.message}).c_str());
        if (!ok) status = 1;
    }
    std::printf("%s", staff::msg("index version {1} from {2}\n", {std::to_string(report->index_version), bundle_repository(bundle_dir).string()}).c_str());
    return status;
}

}  // namespace guichet::repo
