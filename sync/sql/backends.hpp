// The two back ends behind sql::Database and sql::Statement (sql.hpp);
// only sql*.cpp see these.
#pragma once

#include "sql/sql.hpp"

namespace guichet::sql {

class Statement::Impl {
public:
    virtual ~Impl() = default;
    virtual void bind_int(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_blob(int index, ByteView blob) = 0;
    virtual void bind_null(int index) = 0;
    virtual Result<bool> step() = 0;
    virtual Result<void> run() = 0;
    virtual void reset(bool clear_bindings) = 0;
    virtual std::int64_t column_int64(int col) const = 0;
    virtual std::string column_text(int col) const = 0;
    virtual Bytes column_blob(int col) const = 0;
    virtual bool column_is_null(int col) const = 0;
    virtual ErrorKind last_error() const = 0;
    virtual std::string sql() const = 0;
};

class Database::Impl {
public:
    virtual ~Impl() = default;
    virtual Backend backend() const = 0;
    virtual Result<std::unique_ptr<Statement::Impl>> prepare(std::string_view sql) = 0;
    virtual Result<void> exec(std::string_view sql) = 0;
    virtual std::int64_t changes() const = 0;
    virtual bool in_transaction() const = 0;
    virtual store::Database* sqlite() { return nullptr; }
};

Result<std::unique_ptr<Database::Impl>> open_sqlite_backend(const std::filesystem::path& path,
                                                            const store::OpenOptions& options);
Result<std::unique_ptr<Database::Impl>> open_postgres_backend(const std::string& conninfo);

}  // namespace guichet::sql
