// Backups of the hub's database (docs/install.md § Sauvegardes): SQLite's
// online backup API, so that a backup is taken while the hub serves.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <filesystem>

namespace guichet::sync::hub {

struct BackupSummary {
    std::int64_t schema_version = 0;
    std::int64_t demarches = 0;
    std::int64_t clients = 0;
    std::int64_t bytes = 0;
};

// Copies DATA_DIR/hub.db into FILE: one consistent snapshot (a single read
// transaction: the hub's writes go on meanwhile, WAL) written to FILE.tmp,
// synced, then renamed over FILE. FILE is a plain SQLite database (mode 0600).
// The pack repository and feeds (DATA_DIR/repo, DATA_DIR/feeds) are files:
// copied with tar, not by this.
Result<BackupSummary> backup_hub(const std::filesystem::path& data_dir, const std::filesystem::path& file);

// Checks FILE (a hub database: integrity, schema version this hub knows), then
// copies it into DATA_DIR/hub.db, created when missing, and migrates it to this
// hub's schema. Refuses a DATA_DIR whose database holds démarches or clients
// unless REPLACE. The hub should be stopped: it would go on with what it had
// cached (sessions, rates).
Result<BackupSummary> restore_hub(const std::filesystem::path& file, const std::filesystem::path& data_dir,
                                  bool replace);

}  // namespace guichet::sync::hub
