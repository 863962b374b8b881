// The hub's tables on each back end (docs/protocol.md §8, docs/hub-storage.md):
// SQLite's schema grows by numbered migrations kept in PRAGMA user_version;
// PostgreSQL's is created whole at version 6, then brought up by steps, its
// number kept in the table hub_schema, under an advisory lock so that several hubs starting
// at once create it once.
#pragma once

#include "common/result.hpp"
#include "sql/sql.hpp"

#include <filesystem>

namespace guichet::sync::hub {

// WAL, synchronous = FULL, foreign keys; then every migration up to kHubSchemaVersion.
Result<void> migrate_sqlite_hub(sql::Database& db, const std::filesystem::path& file);
// The schema at kHubSchemaVersion when missing or older; refuses a newer one.
Result<void> create_postgres_hub(sql::Database& db);

}  // namespace guichet::sync::hub
