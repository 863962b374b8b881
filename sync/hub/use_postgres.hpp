// `guichet-hub use-postgres` (docs/hub-storage.md §3): puts a hub's tables on
// a PostgreSQL server — checks the connection, creates the schema (or checks
// the one there), then writes DATA_DIR/postgres.conf (0600) so that every
// guichet-hub command on DATA_DIR uses it. Refuses a data directory that
// already holds a SQLite hub.db: moving démarches between back ends is not built.
#pragma once

#include "common/result.hpp"

#include <filesystem>
#include <string>

namespace guichet::sync::hub {

Result<void> use_postgres(const std::filesystem::path& data_dir, const std::string& conninfo);

}  // namespace guichet::sync::hub
