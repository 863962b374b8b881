// PostgreSQL through libpq, for the hub of a département (issue #20; the
// storage interface that puts the hub's tables on it is the next step, see
// docs/status.md). RAII for the connection and each result; parameters sent
// apart from the SQL (never spliced into it), text or binary (bytea);
// results read as text, bytea unescaped; every failure an Error, never an
// exception. libpq stays inside pg.cpp.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace guichet::pg {

// One parameter of a statement ($1, $2, …).
// Integers and bytea say their type (int8, bytea), so "$1 + 60" or a bytea
// compared with a column type-check; text and NULL leave it to the server.
struct Param {
    std::string value;
    bool binary = false;  // bytea sent as raw bytes
    bool null = false;
    unsigned type = 0;    // the type's OID; 0: inferred by the server
    static Param text(std::string_view v) { return {std::string(v), false, false, 0}; }
    static Param integer(std::int64_t v) { return {std::to_string(v), false, false, 20}; }
    static Param bytes(ByteView v) { return {std::string(v.begin(), v.end()), true, false, 17}; }
    static Param none() { return {{}, false, true, 0}; }
};

// The rows of one statement (or none, with the count of rows it changed).
class Rows {
public:
    int count() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string_view text(int row, int column) const;
    // A bigint/integer column; nullopt when NULL or not a number.
    std::optional<std::int64_t> integer(int row, int column) const;
    // A bytea column (hex text form, unescaped).
    Result<Bytes> bytes(int row, int column) const;
    // The column's type OID (16 boolean, 17 bytea, 20 bigint, 1700 numeric…).
    unsigned type(int column) const;
    // INSERT/UPDATE/DELETE: how many rows it touched.
    std::uint64_t affected() const;

private:
    friend class Connection;
    struct Free {
        void operator()(pg_result* r) const;
    };
    std::unique_ptr<pg_result, Free> result_;
};

class Connection {
public:
    // CONNINFO: "host=/tmp/dir port=5432 dbname=guichet user=guichet", or a postgresql:// URI.
    static Result<Connection> open(const std::string& conninfo);

    // One statement, with PARAMS as $1, $2, …; an Error carries the server's message and SQLSTATE.
    Result<Rows> exec(std::string_view sql, const std::vector<Param>& params = {});
    // Several statements without parameters (a schema).
    Result<void> exec_script(std::string_view sql);
    // The server's SQLSTATE of the last failed statement ("23505": unique violation), or "".
    const std::string& last_sqlstate() const { return last_sqlstate_; }
    int server_version() const;
    // Inside BEGIN … COMMIT (or a failed transaction waiting for ROLLBACK).
    bool in_transaction() const;

private:
    struct Free {
        void operator()(pg_conn* c) const;
    };
    std::unique_ptr<pg_conn, Free> conn_;
    std::string last_sqlstate_;
};

// BEGIN at construction; ROLLBACK unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(Connection& conn);
    Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Connection& conn) : conn_(&conn) {}
    Connection* conn_ = nullptr;
};

}  // namespace guichet::pg
