// SQLite's placeholders ("?1", "?NNN", "?") as PostgreSQL's ("$1", "$NNN"):
// a bare "?" takes the number after the largest seen so far, as SQLite
// numbers it. Quoted strings ('…', "…") and comments (--, /* */) are copied
// untouched, so a '?' inside a literal stays a '?'.
#pragma once

#include <string>
#include <string_view>

namespace guichet::sql {

// The translated SQL; the number of parameters it uses in *COUNT when given.
std::string postgres_placeholders(std::string_view sqlite_sql, int* count = nullptr);

}  // namespace guichet::sql
