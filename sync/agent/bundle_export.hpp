// The USB navette, kiosk to hub (docs/bundle.md §4): guichet-sync
// export-bundle writes the outbox, still sealed, and a heartbeat to
// USB/outbox/, signed with the kiosk's enrolment key. Démarches stay queued:
// they count as delivered only when the hub acknowledges one over the line;
// the hub's idempotency makes the second arrival a no-op.
#pragma once

#include "agent/agent.hpp"
#include "protocol/outbox_bundle.hpp"

#include <filesystem>

namespace guichet::sync::agent {

struct BundleExportReport {
    std::string kiosk_id;
    int demarches = 0;
    int attachments = 0;
    std::uint64_t bytes = 0;
};

// Reads the store without the agent's lock (a running agent may keep trying
// the line). Each file is written atomically; the manifest last, after the
// old one was removed, so a stick pulled mid-write has no manifest and the
// hub refuses it as incomplete.
Result<BundleExportReport> export_outbox_bundle(const AgentOptions& options, const std::filesystem::path& usb);

}  // namespace guichet::sync::agent
