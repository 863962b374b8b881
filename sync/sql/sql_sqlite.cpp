// sql::Database on SQLite: guichet_sqlite's classes, unchanged.
#include "sql/backends.hpp"

#include <sqlite3.h>

namespace guichet::sql {

namespace {

ErrorKind kind_of(int rc) {
    if (rc == 0) return ErrorKind::none;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return ErrorKind::unique;
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return ErrorKind::busy;
        case SQLITE_FULL: return ErrorKind::full;
        default: return ErrorKind::other;
    }
}

class SqliteStatement final : public Statement::Impl {
public:
    explicit SqliteStatement(store::Statement st) : st_(std::move(st)) {}
    void bind_int(int index, std::int64_t value) override { st_.bind(index, value); }
    void bind_text(int index, std::string_view text) override { st_.bind(index, text); }
    void bind_blob(int index, ByteView blob) override { st_.bind(index, blob); }
    void bind_null(int index) override { st_.bind_null(index); }
    Result<bool> step() override { return st_.step(); }
    Result<void> run() override { return st_.run(); }
    void reset(bool clear_bindings) override { st_.reset(clear_bindings); }
    std::int64_t column_int64(int col) const override { return st_.column_int64(col); }
    std::string column_text(int col) const override { return st_.column_text(col); }
    Bytes column_blob(int col) const override { return st_.column_blob(col); }
    bool column_is_null(int col) const override { return st_.column_is_null(col); }
    ErrorKind last_error() const override { return kind_of(st_.last_error_code()); }
    std::string sql() const override { return st_.sql(); }

private:
    store::Statement st_;
};

class SqliteDatabase final : public Database::Impl {
public:
    explicit SqliteDatabase(store::Database db) : db_(std::move(db)) {}
    Backend backend() const override { return Backend::sqlite; }
    Result<std::unique_ptr<Statement::Impl>> prepare(std::string_view sql) override {
        auto st = db_.prepare(sql);
        if (!st) return st.error();
        return std::unique_ptr<Statement::Impl>(std::make_unique<SqliteStatement>(std::move(*st)));
    }
    Result<void> exec(std::string_view sql) override { return db_.exec(sql); }
    std::int64_t changes() const override { return db_.changes(); }
    bool in_transaction() const override { return db_.in_transaction(); }
    store::Database* sqlite() override { return &db_; }

private:
    store::Database db_;
};

}  // namespace

Result<std::unique_ptr<Database::Impl>> open_sqlite_backend(const std::filesystem::path& path,
                                                            const store::OpenOptions& options) {
    auto db = store::Database::open(path, options);
    if (!db) return db.error();
    return std::unique_ptr<Database::Impl>(std::make_unique<SqliteDatabase>(std::move(*db)));
}

}  // namespace guichet::sql
