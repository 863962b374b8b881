// Helpers shared by the store tests.
#pragma once

#include "demarche_fixture.hpp"
#include "sqlite/sqlite.hpp"
#include "store/store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace guichet::test {

// A controllable clock for StoreOptions::clock.
struct FakeClock {
    std::shared_ptr<store::Timestamp> t = std::make_shared<store::Timestamp>(1'800'000'000);
    std::function<store::Timestamp()> fn() const {
        auto p = t;
        return [p] { return *p; };
    }
    void set(store::Timestamp v) { *t = v; }
    void advance(store::Timestamp d) { *t += d; }
    store::Timestamp now() const { return *t; }
};

inline store::StoreOptions test_options(const FakeClock* clock = nullptr) {
    store::StoreOptions o;
    o.tracking_prefix = "ANR";
    if (clock) o.clock = clock->fn();
    return o;
}

inline store::Store open_store(const std::filesystem::path& db, store::StoreOptions options = test_options()) {
    auto st = store::Store::open(db, std::move(options));
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    return std::move(st.value());
}

inline std::int64_t query_int(store::Database& db, const std::string& sql) {
    auto v = db.query_int(sql);
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
    return *v;
}

// A fresh store in a temporary directory, on a fake clock, with the hub's
// key pair that submissions are sealed to.
struct StoreFixture {
    TempDir dir;
    FakeClock clock;
    crypto::BoxKeyPair keys = crypto::BoxKeyPair::generate();
    std::filesystem::path db = dir / store::kDatabaseFile;
    store::Store st = open_store(db, test_options(&clock));

    std::int64_t count(const std::string& sql) { return query_int(st.database(), sql); }
};

inline std::string query_text(store::Database& db, const std::string& sql) {
    auto v = db.query_text(sql);
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
    return *v;
}

inline std::string integrity(store::Database& db) {
    return query_text(db, "PRAGMA integrity_check");
}

inline std::vector<std::string> column_texts(store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    std::vector<std::string> out;
    for (;;) {
        auto row = st->step();
        REQUIRE_MESSAGE(row.ok(), (row.ok() ? "" : row.error().message));
        if (!*row) break;
        out.push_back(st->column_text(0));
    }
    return out;
}

inline bool contains(ByteView hay, ByteView needle) {
    if (needle.empty() || needle.size() > hay.size()) return false;
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

#define REQUIRE_OK(expr)                                                          \
    do {                                                                          \
        auto&& _r = (expr);                                                       \
        REQUIRE_MESSAGE(_r.ok(), (_r.ok() ? std::string() : _r.error().message)); \
    } while (0)

}  // namespace guichet::test
