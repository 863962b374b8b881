#include "pg/pg.hpp"

#include <libpq-fe.h>

#include <charconv>

namespace guichet::pg {

void Rows::Free::operator()(pg_result* r) const { PQclear(r); }
void Connection::Free::operator()(pg_conn* c) const { PQfinish(c); }

int Rows::count() const { return PQntuples(result_.get()); }
int Rows::columns() const { return PQnfields(result_.get()); }
bool Rows::is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }

std::string_view Rows::text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::optional<std::int64_t> Rows::integer(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    const auto t = text(row, column);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    return v;
}

Result<Bytes> Rows::bytes(int row, int column) const {
    if (is_null(row, column)) return Bytes{};
    std::size_t n = 0;
    unsigned char* raw =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column)), &n);
    if (raw == nullptr) return fail("cannot read a bytea column (out of memory)");
    Bytes out(raw, raw + n);
    PQfreemem(raw);
    return out;
}

unsigned Rows::type(int column) const { return PQftype(result_.get(), column); }

std::uint64_t Rows::affected() const {
    const char* n = PQcmdTuples(result_.get());
    std::uint64_t v = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), v);
    return v;
}

Result<Connection> Connection::open(const std::string& conninfo) {
    Connection c;
    c.conn_.reset(PQconnectdb(conninfo.c_str()));
    if (!c.conn_) return fail("PostgreSQL: cannot allocate a connection");
    if (PQstatus(c.conn_.get()) != CONNECTION_OK) {
        std::string why = PQerrorMessage(c.conn_.get());
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return fail("PostgreSQL: cannot connect: " + why);
    }
    // Results read as UTF-8 text whatever the server's default.
    if (PQsetClientEncoding(c.conn_.get(), "UTF8") != 0) return fail("PostgreSQL: the client encoding UTF8 is refused");
    return c;
}

Result<Rows> Connection::exec(std::string_view sql, const std::vector<Param>& params) {
    last_sqlstate_.clear();
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;
    for (const auto& p : params) {
        types.push_back(p.type);
        values.push_back(p.null ? nullptr : p.value.data());
        lengths.push_back(static_cast<int>(p.value.size()));
        formats.push_back(p.binary ? 1 : 0);
    }
    const std::string statement(sql);
    Rows rows;
    rows.result_.reset(PQexecParams(conn_.get(), statement.c_str(), static_cast<int>(params.size()), types.data(),
                                    values.data(), lengths.data(), formats.data(), 0));
    if (!rows.result_) return fail("PostgreSQL: " + std::string(PQerrorMessage(conn_.get())));
    const auto status = PQresultStatus(rows.result_.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (const char* state = PQresultErrorField(rows.result_.get(), PG_DIAG_SQLSTATE)) last_sqlstate_ = state;
        std::string why = PQresultErrorMessage(rows.result_.get());
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return fail("PostgreSQL: " + why + (last_sqlstate_.empty() ? "" : " (SQLSTATE " + last_sqlstate_ + ")"));
    }
    return rows;
}

Result<void> Connection::exec_script(std::string_view sql) {
    last_sqlstate_.clear();
    const std::string script(sql);
    std::unique_ptr<pg_result, Rows::Free> r(PQexec(conn_.get(), script.c_str()));
    if (!r) return fail("PostgreSQL: " + std::string(PQerrorMessage(conn_.get())));
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE)) last_sqlstate_ = state;
        return fail("PostgreSQL: " + std::string(PQresultErrorMessage(r.get())));
    }
    return {};
}

int Connection::server_version() const { return PQserverVersion(conn_.get()); }

bool Connection::in_transaction() const {
    const auto s = PQtransactionStatus(conn_.get());
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

Result<Transaction> Transaction::begin(Connection& conn) {
    if (auto r = conn.exec("BEGIN"); !r) return r.error();
    return Transaction(conn);
}

Transaction::~Transaction() {
    if (conn_ != nullptr) (void)conn_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
    if (conn_ == nullptr) return fail("PostgreSQL: the transaction is already over");
    auto r = conn_->exec("COMMIT");
    conn_ = nullptr;  // COMMIT ends it either way (a failed one rolls back)
    if (!r) return r.error();
    return {};
}

}  // namespace guichet::pg
