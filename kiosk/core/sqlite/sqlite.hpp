// Thin RAII over SQLite: a connection, prepared statements, write transactions
// and incremental blob reads. Every error names the SQL (or the file) and
// SQLite's own message, e.g.
//   "SQL `INSERT INTO demarche …` failed: database or disk is full (SQLITE_FULL)".
// Its own library (guichet_sqlite): the store and the hub use it; screens never see SQLite.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace guichet::store {

// A prepared statement. Binding never fails on the spot: the first binding
// error is kept and returned by the next step()/run(), so bindings chain:
//   st.bind(1, uuid).bind(2, now); auto r = st.run();
// Indexes are 1-based for bind() (as in SQL) and 0-based for column_*() (as in
// SQLite's C API).
class Statement {
public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);  // copied by SQLite
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, ByteView blob);         // copied by SQLite
    Statement& bind_static(int index, ByteView blob);  // NOT copied: BLOB must outlive step()/reset()
    Statement& bind(int index, std::optional<std::int64_t> value);
    Statement& bind_null(int index);

    // Advances: true when a row is available, false when the statement is done.
    Result<bool> step();
    // Runs a statement that returns no row (INSERT/UPDATE/DELETE/DDL) to completion.
    Result<void> run();
    // Ready for another execution; keeps the bindings unless asked.
    void reset(bool clear_bindings = false);

    std::int64_t column_int64(int col) const;
    std::optional<std::int64_t> column_opt_int64(int col) const;
    std::string column_text(int col) const;
    std::optional<std::string> column_opt_text(int col) const;
    Bytes column_blob(int col) const;
    bool column_is_null(int col) const;

    // Extended result code of the last failed step()/run() (0 when none), so
    // that callers can tell a UNIQUE violation (SQLITE_CONSTRAINT_UNIQUE) apart.
    int last_error_code() const { return last_code_; }
    std::string sql() const;

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    Statement& note_bind(int rc, int index);
    Error failure(int rc) const;

    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    int bind_error_ = 0;
    int bind_error_index_ = 0;
    int last_code_ = 0;
};

struct OpenOptions {
    bool create = true;  // create the file when missing
    bool read_only = false;
    std::string vfs;             // registered VFS name; empty: SQLite's default
    int busy_timeout_ms = 5000;  // waits this long for another process's lock
    unsigned file_mode = 0600;   // for a file this call creates (WAL/SHM files copy it)
};

class Database {
public:
    static Result<Database> open(const std::filesystem::path& path, const OpenOptions& options = {});

    Database() = default;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Result<Statement> prepare(std::string_view sql);
    // Runs one or more statements that return no rows.
    Result<void> exec(std::string_view sql);
    // Runs a statement returning one integer (e.g. "PRAGMA user_version").
    Result<std::int64_t> query_int(std::string_view sql);
    Result<std::string> query_text(std::string_view sql);

    std::int64_t changes() const;
    std::int64_t last_insert_rowid() const;
    bool in_transaction() const;
    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() { return db_; }
    explicit operator bool() const { return db_ != nullptr; }

    // Closes now (also done by the destructor); reports SQLite's error if any.
    Result<void> close();

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

// BEGIN IMMEDIATE … COMMIT. Taking the write lock up front means the busy
// timeout applies, instead of a read transaction failing when it upgrades.
// Destroyed without a successful commit(), it rolls back.
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

// Incremental read of one BLOB cell (sqlite3_blob_*), for chunked uploads.
class BlobReader {
public:
    static Result<BlobReader> open(Database& db, const char* table, const char* column, std::int64_t rowid);
    BlobReader(BlobReader&& other) noexcept : blob_(other.blob_), size_(other.size_) { other.blob_ = nullptr; }
    BlobReader& operator=(BlobReader&&) = delete;
    BlobReader(const BlobReader&) = delete;
    ~BlobReader();

    std::uint64_t size() const { return size_; }
    Result<Bytes> read(std::uint64_t offset, std::uint64_t length);

private:
    BlobReader() = default;
    sqlite3_blob* blob_ = nullptr;
    std::uint64_t size_ = 0;
};

// "database is locked (SQLITE_BUSY)" for an extended result code.
std::string describe_code(int rc);

}  // namespace guichet::store
