// One SQL interface for the hub's store over two back ends (issue #20,
// docs/hub-storage.md): SQLite for one town hall (the default, a file), and
// PostgreSQL for a département (several hubs sharing one server). The calls
// mirror guichet_sqlite's (prepare, bind, step, column_*), so the hub's code
// reads the same on both; what differs lives here:
// - placeholders: the hub writes SQLite's "?1", "?2" (or "?"); PostgreSQL
//   gets "$1", "$2" (sql/placeholders.hpp);
// - transactions: BEGIN IMMEDIATE on SQLite (the write lock up front), BEGIN
//   ISOLATION LEVEL SERIALIZABLE on PostgreSQL (several processes write; a
//   conflict is ErrorKind::busy and the request is answered "try again");
// - errors: a unique violation, a busy/serialization failure and a full disk
//   have one ErrorKind whatever the back end said.
// The SQL itself must be the common dialect: ON CONFLICT … DO, RETURNING
// (SQLite ≥ 3.35), substr(), coalesce(); schema and migrations are per back end.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "sqlite/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sql {

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend b);

// What went wrong, as callers must tell it apart.
enum class ErrorKind { none, unique, busy, full, other };

class Statement {
public:
    class Impl;
    Statement();
    explicit Statement(std::unique_ptr<Impl> impl);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    ~Statement();

    // 1-based, as in SQL. A binding error is kept and returned by the next step()/run().
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, ByteView blob);
    Statement& bind(int index, std::optional<std::int64_t> value);
    Statement& bind(int index, const std::optional<std::string>& text) {
        return text ? bind(index, std::string_view(*text)) : bind_null(index);
    }
    Statement& bind_null(int index);

    // True when a row is available, false when the statement is done.
    Result<bool> step();
    // A statement that returns no row, run to completion.
    Result<void> run();
    // An INSERT … RETURNING <one integer> (a new row's id: both back ends'
    // way instead of SQLite's last_insert_rowid()), run to completion.
    Result<std::int64_t> run_returning();
    // Ready for another execution; keeps the bindings unless asked.
    void reset(bool clear_bindings = false);

    // 0-based, as in SQLite's C API; the current row of step().
    std::int64_t column_int64(int col) const;
    std::optional<std::int64_t> column_opt_int64(int col) const;
    std::string column_text(int col) const;
    std::optional<std::string> column_opt_text(int col) const;
    Bytes column_blob(int col) const;
    bool column_is_null(int col) const;

    ErrorKind last_error() const;
    std::string sql() const;

private:
    std::unique_ptr<Impl> impl_;
};

class Database {
public:
    class Impl;
    // A SQLite file (created when missing unless OPTIONS say otherwise).
    static Result<Database> open_sqlite(const std::filesystem::path& path, const store::OpenOptions& options = {});
    // A PostgreSQL server: libpq's "host=… dbname=…" or a postgresql:// URI.
    static Result<Database> open_postgres(const std::string& conninfo);

    Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    Backend backend() const;
    Result<Statement> prepare(std::string_view sql);
    // One or more statements without parameters (schemas).
    Result<void> exec(std::string_view sql);
    Result<std::int64_t> query_int(std::string_view sql);
    Result<std::string> query_text(std::string_view sql);
    // Rows changed by the last INSERT/UPDATE/DELETE run on this connection.
    std::int64_t changes() const;
    bool in_transaction() const;
    // The SQLite connection (backup, PRAGMAs), or null on PostgreSQL.
    store::Database* sqlite();
    explicit operator bool() const { return impl_ != nullptr; }

private:
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// One write transaction; rolled back when destroyed without a successful commit().
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    Result<void> commit();
    void rollback();

private:
    explicit Transaction(Database& db) : db_(&db) {}
    Database* db_ = nullptr;
};

}  // namespace guichet::sql
