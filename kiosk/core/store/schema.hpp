// Versioned schema of the kiosk store (PRAGMA user_version), docs/store.md §2.
// Migration k turns a version k−1 database into version k, in one transaction.
#pragma once

#include "common/result.hpp"
#include "sqlite/sqlite.hpp"

#include <span>
#include <string_view>

namespace guichet::store {

struct Migration {
    int version;            // the user_version it produces
    std::string_view name;  // for error messages and docs
    std::string_view sql;
};

// Every migration, in order; the last one's version is the current schema.
std::span<const Migration> migrations();
int current_schema_version();

Result<int> schema_version(Database& db);

// Applies the migrations from the database's version up to TARGET (default:
// current), each in its own BEGIN IMMEDIATE transaction that re-reads the
// version first, so that two processes opening an old database at the same
// time migrate it once. A database newer than this program is refused;
// a failed migration leaves the database at the version before it.
Result<void> migrate(Database& db, int target = -1);

}  // namespace guichet::store
