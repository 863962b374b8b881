// The USB navette, kiosk to hub (docs/bundle.md §4): guichet-hub
// import-bundle. The manifest's signature is checked against the enrolled,
// unrevoked key of the kiosk it names; then each démarche goes through
// accept_submission(), the HTTP upload's own acceptance, and its attachments
// are stored whole, in one transaction per démarche. Each démarche is its
// envelope's author's, whichever kiosk made the stick (docs/bundle.md §4).
#pragma once

#include "common/result.hpp"
#include "hub/hub_db.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct ImportedDemarche {
    enum class Outcome { added, already_present, refused };
    std::string uuid;
    Outcome outcome = Outcome::refused;
    std::string reason;  // refused: why
    std::string author;  // the kiosk that signed its envelope (may differ from the bundle's maker)
};

struct BundleImportReport {
    std::string kiosk_id;
    std::vector<ImportedDemarche> demarches;
    int count(ImportedDemarche::Outcome o) const;
};

// Refuses the whole bundle (an Error naming the file) when the manifest is
// missing, malformed, unsigned by the kiosk's enrolled key, or the kiosk is
// unknown or revoked. USB is the stick's root (holding outbox/) or outbox/ itself.
Result<BundleImportReport> import_outbox_bundle(HubDb& db, const std::filesystem::path& usb, std::int64_t now);

}  // namespace guichet::sync::hub
