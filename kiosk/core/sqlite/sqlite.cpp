#include "sqlite/sqlite.hpp"

#include "common/file.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace guichet::store {

namespace {

struct CodeName {
    int code;
    const char* name;
};

constexpr CodeName kCodeNames[] = {
    {SQLITE_IOERR_READ, "SQLITE_IOERR_READ"},
    {SQLITE_IOERR_SHORT_READ, "SQLITE_IOERR_SHORT_READ"},
    {SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE"},
    {SQLITE_IOERR_FSYNC, "SQLITE_IOERR_FSYNC"},
    {SQLITE_IOERR_DIR_FSYNC, "SQLITE_IOERR_DIR_FSYNC"},
    {SQLITE_IOERR_TRUNCATE, "SQLITE_IOERR_TRUNCATE"},
    {SQLITE_IOERR_FSTAT, "SQLITE_IOERR_FSTAT"},
    {SQLITE_IOERR_NOMEM, "SQLITE_IOERR_NOMEM"},
    {SQLITE_IOERR_SHMOPEN, "SQLITE_IOERR_SHMOPEN"},
    {SQLITE_IOERR_SHMSIZE, "SQLITE_IOERR_SHMSIZE"},
    {SQLITE_IOERR_SHMMAP, "SQLITE_IOERR_SHMMAP"},
    {SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT"},
    {SQLITE_BUSY_RECOVERY, "SQLITE_BUSY_RECOVERY"},
    {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
    {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"},
    {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"},
    {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"},
    {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"},
    {SQLITE_CANTOPEN_ISDIR, "SQLITE_CANTOPEN_ISDIR"},
    {SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED"},
    {SQLITE_ERROR, "SQLITE_ERROR"},
    {SQLITE_INTERNAL, "SQLITE_INTERNAL"},
    {SQLITE_PERM, "SQLITE_PERM"},
    {SQLITE_ABORT, "SQLITE_ABORT"},
    {SQLITE_BUSY, "SQLITE_BUSY"},
    {SQLITE_LOCKED, "SQLITE_LOCKED"},
    {SQLITE_NOMEM, "SQLITE_NOMEM"},
    {SQLITE_READONLY, "SQLITE_READONLY"},
    {SQLITE_INTERRUPT, "SQLITE_INTERRUPT"},
    {SQLITE_IOERR, "SQLITE_IOERR"},
    {SQLITE_CORRUPT, "SQLITE_CORRUPT"},
    {SQLITE_NOTFOUND, "SQLITE_NOTFOUND"},
    {SQLITE_FULL, "SQLITE_FULL"},
    {SQLITE_CANTOPEN, "SQLITE_CANTOPEN"},
    {SQLITE_PROTOCOL, "SQLITE_PROTOCOL"},
    {SQLITE_SCHEMA, "SQLITE_SCHEMA"},
    {SQLITE_TOOBIG, "SQLITE_TOOBIG"},
    {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"},
    {SQLITE_MISMATCH, "SQLITE_MISMATCH"},
    {SQLITE_MISUSE, "SQLITE_MISUSE"},
    {SQLITE_RANGE, "SQLITE_RANGE"},
    {SQLITE_NOTADB, "SQLITE_NOTADB"},
};

std::string code_name(int rc) {
    for (const auto& c : kCodeNames)
        if (c.code == rc) return c.name;
    for (const auto& c : kCodeNames)
        if (c.code == (rc & 0xff)) return std::string(c.name) + " extended " + std::to_string(rc);
    return "SQLite code " + std::to_string(rc);
}

// The SQL as quoted in error messages: whitespace collapsed, at most ~100 characters.
std::string quote_sql(std::string_view sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (ws) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
        if (out.size() >= 100) {
            out += " …";
            break;
        }
    }
    return "`" + out + "`";
}

std::string db_message(sqlite3* db, int rc) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return msg + " (" + code_name(rc) + ")";
}

}  // namespace

std::string describe_code(int rc) {
    return std::string(sqlite3_errstr(rc)) + " (" + code_name(rc) + ")";
}

// ---------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      bind_error_(other.bind_error_),
      bind_error_index_(other.bind_error_index_),
      last_code_(other.last_code_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
        bind_error_ = other.bind_error_;
        bind_error_index_ = other.bind_error_index_;
        last_code_ = other.last_code_;
    }
    return *this;
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

std::string Statement::sql() const {
    return stmt_ ? sqlite3_sql(stmt_) : "";
}

Statement& Statement::note_bind(int rc, int index) {
    if (rc != SQLITE_OK && bind_error_ == 0) {
        bind_error_ = rc;
        bind_error_index_ = index;
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    return note_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

Statement& Statement::bind(int index, std::string_view text) {
    return note_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
}

Statement& Statement::bind(int index, ByteView blob) {
    // A zero-length blob with a null pointer would bind NULL: use a non-null pointer.
    static const std::uint8_t empty = 0;
    const void* p = blob.empty() ? &empty : blob.data();
    return note_bind(sqlite3_bind_blob64(stmt_, index, p, blob.size(), SQLITE_TRANSIENT), index);
}

Statement& Statement::bind_static(int index, ByteView blob) {
    static const std::uint8_t empty = 0;
    const void* p = blob.empty() ? &empty : blob.data();
    return note_bind(sqlite3_bind_blob64(stmt_, index, p, blob.size(), SQLITE_STATIC), index);
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    return note_bind(sqlite3_bind_null(stmt_, index), index);
}

Error Statement::failure(int rc) const {
    return fail("SQL " + quote_sql(sql()) + " failed: " + db_message(db_, rc));
}

Result<bool> Statement::step() {
    if (bind_error_ != 0) {
        last_code_ = bind_error_;
        return fail("SQL " + quote_sql(sql()) + ": cannot bind parameter " + std::to_string(bind_error_index_) + ": " +
                    describe_code(bind_error_));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    last_code_ = sqlite3_extended_errcode(db_);
    if ((last_code_ & 0xff) != (rc & 0xff)) last_code_ = rc;
    auto err = failure(last_code_);
    sqlite3_reset(stmt_);  // leaves the statement reusable; the error is already captured
    return err;
}

Result<void> Statement::run() {
    auto r = step();
    if (!r) return r.error();
    sqlite3_reset(stmt_);
    return {};
}

void Statement::reset(bool clear_bindings) {
    sqlite3_reset(stmt_);
    if (clear_bindings) {
        sqlite3_clear_bindings(stmt_);
        bind_error_ = 0;
    }
    last_code_ = 0;
}

std::int64_t Statement::column_int64(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

std::optional<std::int64_t> Statement::column_opt_int64(int col) const {
    if (column_is_null(col)) return std::nullopt;
    return column_int64(col);
}

std::string Statement::column_text(int col) const {
    auto p = sqlite3_column_text(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> Statement::column_opt_text(int col) const {
    if (column_is_null(col)) return std::nullopt;
    return column_text(col);
}

Bytes Statement::column_blob(int col) const {
    auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? Bytes(p, p + n) : Bytes();
}

bool Statement::column_is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

// ----------------------------------------------------------------- Database

Result<Database> Database::open(const std::filesystem::path& path, const OpenOptions& options) {
    if (options.create && !options.read_only) {
        // Create the file ourselves so that it gets FILE_MODE (SQLite would use
        // 0644 & ~umask); its -wal and -shm files copy the database's mode.
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.file_mode);
        if (fd >= 0) {
            ::close(fd);
        } else if (errno != EEXIST) {
            return fail(path.string() + ": cannot create the database: " + errno_text());
        }
    }
    int flags =
        options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
    Database db;
    db.db_ = raw;
    db.path_ = path;
    if (rc != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return fail(path.string() + ": cannot open the database: " + msg + " (" + code_name(rc) + ")");
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    return db;
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        (void)close();
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Database::~Database() {
    (void)close();
}

Result<void> Database::close() {
    if (!db_) return {};
    // sqlite3_close_v2 defers the close until the last statement is finalized;
    // every Statement must still be destroyed before this Database.
    int rc = sqlite3_close_v2(db_);
    db_ = nullptr;
    if (rc != SQLITE_OK) return fail(path_.string() + ": cannot close the database: " + describe_code(rc));
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        if (stmt) sqlite3_finalize(stmt);
        return fail("SQL " + quote_sql(sql) + " cannot be prepared: " + db_message(db_, sqlite3_extended_errcode(db_)));
    }
    return Statement(stmt, db_);
}

Result<void> Database::exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        return fail("SQL " + quote_sql(sql) + " failed: " + msg + " (" + code_name(sqlite3_extended_errcode(db_)) +
                    ")");
    }
    return {};
}

Result<std::int64_t> Database::query_int(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("SQL " + quote_sql(sql) + " returned no row");
    return st->column_int64(0);
}

Result<std::string> Database::query_text(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return fail("SQL " + quote_sql(sql) + " returned no row");
    return st->column_text(0);
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}
std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}
bool Database::in_transaction() const {
    return db_ && sqlite3_get_autocommit(db_) == 0;
}

// -------------------------------------------------------------- Transaction

Result<Transaction> Transaction::begin(Database& db) {
    auto r = db.exec("BEGIN IMMEDIATE");
    if (!r) return r.error();
    return Transaction(db);
}

Transaction::~Transaction() {
    rollback();
}

Result<void> Transaction::commit() {
    if (!db_) return fail("internal error: transaction already finished");
    auto r = db_->exec("COMMIT");
    if (!r) {
        // After an I/O error SQLite may have rolled back already; make sure.
        rollback();
        return r;
    }
    db_ = nullptr;
    return {};
}

void Transaction::rollback() {
    if (!db_) return;
    if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
    db_ = nullptr;
}

// --------------------------------------------------------------- BlobReader

Result<BlobReader> BlobReader::open(Database& db, const char* table, const char* column, std::int64_t rowid) {
    BlobReader r;
    int rc = sqlite3_blob_open(db.handle(), "main", table, column, rowid, 0, &r.blob_);
    if (rc != SQLITE_OK)
        return fail(std::string("cannot read ") + table + "." + column + " of row " + std::to_string(rowid) + ": " +
                    db_message(db.handle(), rc));
    r.size_ = static_cast<std::uint64_t>(sqlite3_blob_bytes(r.blob_));
    return r;
}

BlobReader::~BlobReader() {
    if (blob_) sqlite3_blob_close(blob_);
}

Result<Bytes> BlobReader::read(std::uint64_t offset, std::uint64_t length) {
    if (offset > size_) return fail("blob read at offset " + std::to_string(offset) + " past its end");
    std::uint64_t n = std::min(length, size_ - offset);
    Bytes out(n);
    if (n == 0) return out;
    int rc = sqlite3_blob_read(blob_, out.data(), static_cast<int>(n), static_cast<int>(offset));
    if (rc != SQLITE_OK) return fail("blob read failed: " + describe_code(rc));
    return out;
}

}  // namespace guichet::store
