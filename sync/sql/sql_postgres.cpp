// sql::Database on PostgreSQL (guichet_pg). A statement keeps its SQL with
// "$N" placeholders and its parameters, and runs when first stepped; its rows
// are read from the result libpq hands back whole (the hub's queries are
// paged, so a result stays small).
#include "sql/backends.hpp"

#include "pg/pg.hpp"
#include "sql/placeholders.hpp"

#include <cstdlib>


namespace guichet::sql {

namespace {

constexpr unsigned kBoolean = 16, kBytea = 17, kNumeric = 1700, kFloat8 = 701, kFloat4 = 700;

ErrorKind kind_of(const std::string& sqlstate) {
    if (sqlstate.empty()) return ErrorKind::none;
    if (sqlstate == "23505") return ErrorKind::unique;
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return ErrorKind::busy;
    if (sqlstate == "53100") return ErrorKind::full;
    return ErrorKind::other;
}

// What statements share with their connection: rows changed by the last one.
struct PgState {
    pg::Connection conn;
    std::int64_t changes = 0;
};

class PgStatement final : public Statement::Impl {
public:
    PgStatement(PgState& state, std::string sqlite_sql) : state_(&state), original_(std::move(sqlite_sql)) {
        int count = 0;
        translated_ = postgres_placeholders(original_, &count);
        params_.assign(static_cast<std::size_t>(count), pg::Param::none());
    }
    void bind_int(int index, std::int64_t value) override { set(index, pg::Param::integer(value)); }
    void bind_text(int index, std::string_view text) override { set(index, pg::Param::text(text)); }
    void bind_blob(int index, ByteView blob) override { set(index, pg::Param::bytes(blob)); }
    void bind_null(int index) override { set(index, pg::Param::none()); }

    Result<bool> step() override {
        if (!rows_) {
            if (auto r = execute(); !r) return r.error();
            row_ = -1;
        }
        ++row_;
        return row_ < rows_->count();
    }
    Result<void> run() override {
        if (auto r = execute(); !r) return r.error();
        return {};
    }
    void reset(bool clear_bindings) override {
        rows_.reset();
        row_ = -1;
        if (clear_bindings) {
            for (auto& p : params_) p = pg::Param::none();
            bind_error_ = 0;
        }
    }
    // As SQLite reads them: a boolean is 0 or 1, a numeric (sum() of bigints) or a float is truncated.
    std::int64_t column_int64(int col) const override {
        if (!on_row() || rows_->is_null(row_, col)) return 0;
        const auto type = rows_->type(col);
        if (type == kBoolean) return rows_->text(row_, col) == "t" ? 1 : 0;
        if (type == kNumeric || type == kFloat8 || type == kFloat4)
            return static_cast<std::int64_t>(std::strtod(std::string(rows_->text(row_, col)).c_str(), nullptr));
        return rows_->integer(row_, col).value_or(0);
    }
    std::string column_text(int col) const override {
        if (!on_row() || rows_->is_null(row_, col)) return {};
        if (rows_->type(col) == kBytea) {
            auto b = rows_->bytes(row_, col);
            return b ? std::string(b->begin(), b->end()) : std::string();
        }
        return std::string(rows_->text(row_, col));
    }
    Bytes column_blob(int col) const override {
        if (!on_row() || rows_->is_null(row_, col)) return {};
        if (rows_->type(col) == kBytea) {
            auto b = rows_->bytes(row_, col);
            return b ? std::move(*b) : Bytes{};
        }
        const auto t = rows_->text(row_, col);
        return Bytes(t.begin(), t.end());
    }
    bool column_is_null(int col) const override { return !on_row() || rows_->is_null(row_, col); }
    ErrorKind last_error() const override { return last_error_; }
    std::string sql() const override { return original_; }

private:
    void set(int index, pg::Param p) {
        if (index < 1 || index > static_cast<int>(params_.size())) {
            if (bind_error_ == 0) bind_error_ = index;
            return;
        }
        params_[static_cast<std::size_t>(index - 1)] = std::move(p);
    }
    bool on_row() const { return rows_ && row_ >= 0 && row_ < rows_->count(); }

    Result<void> execute() {
        rows_.reset();
        last_error_ = ErrorKind::none;
        if (bind_error_ != 0) {
            last_error_ = ErrorKind::other;
            return fail("SQL `" + original_ + "`: no parameter " + std::to_string(bind_error_));
        }
        auto r = state_->conn.exec(translated_, params_);
        if (!r) {
            last_error_ = kind_of(state_->conn.last_sqlstate());
            return fail("SQL `" + original_ + "` failed: " + r.error().message);
        }
        state_->changes = static_cast<std::int64_t>(r->affected());
        rows_ = std::move(*r);
        return {};
    }

    PgState* state_;
    std::string original_, translated_;
    std::vector<pg::Param> params_;
    std::optional<pg::Rows> rows_;
    int row_ = -1;
    int bind_error_ = 0;
    ErrorKind last_error_ = ErrorKind::none;
};

class PgDatabase final : public Database::Impl {
public:
    explicit PgDatabase(pg::Connection conn) : state_(std::make_unique<PgState>(PgState{std::move(conn), 0})) {}
    Backend backend() const override { return Backend::postgres; }
    Result<std::unique_ptr<Statement::Impl>> prepare(std::string_view sql) override {
        return std::unique_ptr<Statement::Impl>(std::make_unique<PgStatement>(*state_, std::string(sql)));
    }
    Result<void> exec(std::string_view sql) override { return state_->conn.exec_script(sql); }
    std::int64_t changes() const override { return state_->changes; }
    bool in_transaction() const override { return state_->conn.in_transaction(); }

private:
    std::unique_ptr<PgState> state_;  // statements point here: it never moves
};

}  // namespace

Result<std::unique_ptr<Database::Impl>> open_postgres_backend(const std::string& conninfo) {
    auto conn = pg::Connection::open(conninfo);
    if (!conn) return conn.error();
    // Quiet notices ("relation already exists, skipping") stay out of the hub's log.
    if (auto r = conn->exec_script("SET client_min_messages = warning"); !r) return r.error();
    return std::unique_ptr<Database::Impl>(std::make_unique<PgDatabase>(std::move(*conn)));
}

}  // namespace guichet::sql
