#include "sql/sql.hpp"

#include "sql/backends.hpp"

namespace guichet::sql {

std::string_view to_string(Backend b) { return b == Backend::sqlite ? "sqlite" : "postgres"; }

Statement::Statement() = default;
Statement::Statement(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

Statement& Statement::bind(int index, std::int64_t value) {
    impl_->bind_int(index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    impl_->bind_text(index, text);
    return *this;
}
Statement& Statement::bind(int index, ByteView blob) {
    impl_->bind_blob(index, blob);
    return *this;
}
Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    if (value) return bind(index, *value);
    return bind_null(index);
}
Statement& Statement::bind_null(int index) {
    impl_->bind_null(index);
    return *this;
}
Result<bool> Statement::step() { return impl_->step(); }
Result<void> Statement::run() { return impl_->run(); }

Result<std::int64_t> Statement::run_returning() {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return fail("SQL `" + sql() + "` returned no row");
    const auto value = column_int64(0);
    // SQLite: the write is over only once stepped to its end (a COMMIT would be refused before).
    for (;;) {
        auto more = step();
        if (!more) return more.error();
        if (!*more) return value;
    }
}
void Statement::reset(bool clear_bindings) { impl_->reset(clear_bindings); }
std::int64_t Statement::column_int64(int col) const { return impl_->column_int64(col); }
std::optional<std::int64_t> Statement::column_opt_int64(int col) const {
    if (impl_->column_is_null(col)) return std::nullopt;
    return impl_->column_int64(col);
}
std::string Statement::column_text(int col) const { return impl_->column_text(col); }
std::optional<std::string> Statement::column_opt_text(int col) const {
    if (impl_->column_is_null(col)) return std::nullopt;
    return impl_->column_text(col);
}
Bytes Statement::column_blob(int col) const { return impl_->column_blob(col); }
bool Statement::column_is_null(int col) const { return impl_->column_is_null(col); }
ErrorKind Statement::last_error() const { return impl_->last_error(); }
std::string Statement::sql() const { return impl_->sql(); }

Database::Database() = default;
Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open_sqlite(const std::filesystem::path& path, const store::OpenOptions& options) {
    auto impl = open_sqlite_backend(path, options);
    if (!impl) return impl.error();
    return Database(std::move(*impl));
}

Result<Database> Database::open_postgres(const std::string& conninfo) {
    auto impl = open_postgres_backend(conninfo);
    if (!impl) return impl.error();
    return Database(std::move(*impl));
}

Backend Database::backend() const { return impl_->backend(); }
Result<Statement> Database::prepare(std::string_view sql) {
    auto st = impl_->prepare(sql);
    if (!st) return st.error();
    return Statement(std::move(*st));
}
Result<void> Database::exec(std::string_view sql) { return impl_->exec(sql); }

Result<std::int64_t> Database::query_int(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("SQL `" + std::string(sql) + "` returned no row");
    return st->column_int64(0);
}

Result<std::string> Database::query_text(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("SQL `" + std::string(sql) + "` returned no row");
    return st->column_text(0);
}

std::int64_t Database::changes() const { return impl_->changes(); }
bool Database::in_transaction() const { return impl_->in_transaction(); }
store::Database* Database::sqlite() { return impl_->sqlite(); }

Result<Transaction> Transaction::begin(Database& db) {
    const char* begin =
        db.backend() == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL SERIALIZABLE";
    if (auto r = db.exec(begin); !r) return r.error();
    return Transaction(db);
}

Transaction::~Transaction() { rollback(); }

Result<void> Transaction::commit() {
    if (db_ == nullptr) return fail("the transaction is already over");
    auto r = db_->exec("COMMIT");
    if (!r) {
        rollback();  // SQLite keeps a failed COMMIT's transaction open; PostgreSQL has ended it
        return r.error();
    }
    db_ = nullptr;
    return {};
}

void Transaction::rollback() {
    if (db_ == nullptr) return;
    if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
    db_ = nullptr;
}

}  // namespace guichet::sql
