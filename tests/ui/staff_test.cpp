#include "ui/staff_pin.hpp"
#include "ui/status.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

using namespace guichet::ui;

TEST_CASE("staff PIN: three free attempts, then a lockout that doubles") {
    PinLockout l;
    l.failure(0);
    l.failure(1);
    CHECK_FALSE(l.locked(2));
    l.failure(2);  // third failure: 30 s
    CHECK(l.locked(2));
    CHECK(l.seconds_left(12) == doctest::Approx(20));
    CHECK_FALSE(l.locked(32));
    l.failure(40);  // fourth: 60 s
    CHECK(l.locked(99));
    CHECK_FALSE(l.locked(100));
    for (int i = 0; i < 20; ++i) l.failure(1000);
    CHECK(l.seconds_left(1000) == doctest::Approx(PinLockout::kMaxDelay));
    l.success();
    CHECK(l.failures() == 0);
}

TEST_CASE("staff PIN: hashed with Argon2id, checked off the UI thread") {
    CHECK_FALSE(valid_staff_pin("123"));
    CHECK_FALSE(valid_staff_pin("12a4"));
    CHECK(!hash_staff_pin("12"));
    auto hash = hash_staff_pin("2468");
    REQUIRE(hash);
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    PinCheck check;
    check.start(*hash, "2468");
    check.wait();
    CHECK(check.poll() == PinCheck::State::Accepted);
    CHECK(check.poll() == PinCheck::State::Idle);  // answered once
    check.start(*hash, "2469");
    check.wait();
    CHECK(check.poll() == PinCheck::State::Refused);
    check.start("", "2468");  // not configured: never accepted
    check.wait();
    CHECK(check.poll() == PinCheck::State::Refused);
}

TEST_CASE("status bar: online from the last sync's age, dates in French") {
    setenv("TZ", "UTC", 1);
    tzset();
    const std::int64_t now = 1'795'858'400;  // 2026-11-28 09:33:20 UTC
    CHECK(connection_from(false, std::nullopt, now) == Connection::Unknown);
    CHECK(connection_from(true, std::nullopt, now) == Connection::Offline);
    CHECK(connection_from(true, now - 60, now) == Connection::Online);
    CHECK(connection_from(true, now - 16 * 60, now) == Connection::Offline);
    CHECK(connection_changes_in(now - 60, now) == 14 * 60 + 1);
    CHECK(connection_changes_in(now - 16 * 60, now) < 0);
    CHECK(french_datetime(now - 60, now) == "aujourd’hui à 9\u202Fh\u202F32");
    CHECK(french_datetime(1'793'491'200, now) == "1er\u00A0novembre\u00A02026 à 0\u202Fh\u202F00");
    const std::string s = status_bar_text(Connection::Online, now - 60, now, "anor v1");
    CHECK(s.find("En ligne") == 0);
    CHECK(s.find("Dernière synchronisation\u00A0: aujourd’hui") != std::string::npos);
    CHECK(s.find("Contenu\u00A0: anor v1") != std::string::npos);
    CHECK(status_bar_text(Connection::Offline, std::nullopt, now, "").find("jamais") != std::string::npos);
}
