// PostgreSQL through libpq (sync/pg, issue #20) on a throw-away cluster:
// parameters never spliced into SQL, bytea both ways, transactions rolled
// back unless committed, SQLSTATE on a unique violation, and a server gone
// away reported as an Error, never a crash.
#include "pg/pg.hpp"
#include "pg_cluster.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::test::sync;

TEST_CASE("pg: parameters, bytea, transactions, unique violations and a server that goes away") {
    std::string why;
    auto cluster = PgCluster::start(&why);
    REQUIRE_MESSAGE(cluster, why);
    auto conn = pg::Connection::open(cluster->conninfo());
    REQUIRE_MESSAGE(conn.ok(), (conn.ok() ? "" : conn.error().message));
    CHECK(conn->server_version() >= 150000);
    REQUIRE(conn->exec_script("CREATE TABLE demarche (uuid TEXT PRIMARY KEY, sealed BYTEA NOT NULL, "
                              "received_at BIGINT NOT NULL, note TEXT)")
                .ok());

    // A value that would break SQL spliced into it goes through as data.
    const std::string hostile = "x'); DROP TABLE demarche; --";
    const Bytes sealed = {0x00, 0xFF, 0x5C, 0x27, 0x00, 0x80};
    auto put = conn->exec("INSERT INTO demarche (uuid, sealed, received_at, note) VALUES ($1, $2, $3, $4)",
                          {pg::Param::text(hostile), pg::Param::bytes(sealed), pg::Param::integer(1'800'000'000),
                           pg::Param::none()});
    REQUIRE_MESSAGE(put.ok(), (put.ok() ? "" : put.error().message));
    CHECK(put->affected() == 1);
    auto got = conn->exec("SELECT uuid, sealed, received_at, note FROM demarche WHERE uuid = $1", {pg::Param::text(hostile)});
    REQUIRE(got.ok());
    REQUIRE(got->count() == 1);
    CHECK(got->text(0, 0) == hostile);
    CHECK(got->bytes(0, 1).value() == sealed);
    CHECK(got->integer(0, 2) == 1'800'000'000);
    CHECK(got->is_null(0, 3));

    // The same key again: refused with SQLSTATE 23505, and the row is still there once.
    auto again = conn->exec("INSERT INTO demarche (uuid, sealed, received_at) VALUES ($1, $2, 1)",
                            {pg::Param::text(hostile), pg::Param::bytes(sealed)});
    CHECK_FALSE(again.ok());
    CHECK(conn->last_sqlstate() == "23505");

    {
        auto tx = pg::Transaction::begin(*conn);
        REQUIRE(tx.ok());
        REQUIRE(conn->exec("INSERT INTO demarche (uuid, sealed, received_at) VALUES ('b', '\\x00', 2)").ok());
    }  // not committed: rolled back
    {
        auto tx = pg::Transaction::begin(*conn);
        REQUIRE(tx.ok());
        REQUIRE(conn->exec("INSERT INTO demarche (uuid, sealed, received_at) VALUES ('c', '\\x00', 3)").ok());
        REQUIRE(tx->commit().ok());
    }
    auto count = conn->exec("SELECT count(*) FROM demarche");
    REQUIRE(count.ok());
    CHECK(count->integer(0, 0) == 2);

    // The server dies and comes back: the old connection fails cleanly, a new one sees the data.
    REQUIRE(cluster->restart());
    auto lost = conn->exec("SELECT 1");
    CHECK_FALSE(lost.ok());
    CHECK(lost.error().message.starts_with("PostgreSQL: "));
    CHECK_FALSE(conn->exec("SELECT 1").ok());  // and stays failed: the hub opens a new one
    auto fresh = pg::Connection::open(cluster->conninfo());
    REQUIRE(fresh.ok());
    auto after = fresh->exec("SELECT count(*) FROM demarche");
    REQUIRE(after.ok());
    CHECK(after->integer(0, 0) == 2);
}

TEST_CASE("pg: a cluster that is not there is a clear error") {
    auto conn = pg::Connection::open("host=/nonexistent-guichet port=5432 dbname=postgres user=postgres connect_timeout=2");
    REQUIRE_FALSE(conn.ok());
    CHECK(conn.error().message.find("PostgreSQL: cannot connect") != std::string::npos);
}
