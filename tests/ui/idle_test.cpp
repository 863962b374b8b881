#include "ui/idle.hpp"

#include <doctest/doctest.h>

using namespace guichet::ui;
using Phase = IdleTimer::Phase;

TEST_CASE("idle: a screen without a limit never warns") {
    IdleTimer t;
    t.set_limit(0, 0);
    CHECK(t.update(1e6) == Phase::Off);
    CHECK(t.next_change(1e6) < 0);
}

TEST_CASE("idle: warns after the limit, counts down, then expires") {
    IdleLimits l;
    l.warning = 30;
    IdleTimer t(l);
    t.set_limit(120, 0);
    CHECK(t.update(119.9) == Phase::Counting);
    CHECK(t.next_change(100) == doctest::Approx(20));
    CHECK(t.update(120) == Phase::Warning);
    CHECK(t.take_warning_started());
    CHECK_FALSE(t.take_warning_started());  // the sound plays once
    CHECK(t.seconds_left(120) == 30);
    CHECK(t.seconds_left(120.5) == 30);
    CHECK(t.seconds_left(121) == 29);
    // Redraws once a second: the next change is the next whole second of the countdown.
    CHECK(t.next_change(120.25) == doctest::Approx(0.75));  // 30 shown until 121
    CHECK(t.next_change(121) == doctest::Approx(1));
    CHECK(t.update(149.9) == Phase::Warning);
    CHECK(t.update(150) == Phase::Expired);
    CHECK(t.next_change(150) < 0);
}

TEST_CASE("idle: input restarts the count, but not while the warning shows") {
    IdleTimer t;
    t.set_limit(120, 0);
    t.activity(100);
    CHECK(t.update(200) == Phase::Counting);
    CHECK(t.update(220) == Phase::Warning);
    t.activity(221);  // a touch outside « Continuer » does not dismiss the warning
    CHECK(t.update(250) == Phase::Expired);
}

TEST_CASE("idle: « Continuer » extends at least ten times, then no more") {
    IdleTimer t;
    t.set_limit(60, 0);
    double now = 0;
    for (int i = 0; i < 10; ++i) {
        now += 60;
        REQUIRE(t.update(now) == Phase::Warning);
        CHECK(t.extend(now + 5));
        now += 5;
        CHECK(t.update(now + 59) == Phase::Counting);
    }
    now += 60;
    CHECK(t.update(now) == Phase::Warning);
    CHECK(t.extensions_left() == 0);
    CHECK_FALSE(t.extend(now + 1));
    CHECK(t.update(now + 30) == Phase::Expired);
    t.reset(now + 30);  // the next session gets its extensions back
    CHECK(t.extensions_left() == 10);
    CHECK(t.phase() == Phase::Counting);
}

TEST_CASE("idle: changing screen restarts the count with the new limit") {
    IdleTimer t;
    t.set_limit(120, 0);
    t.set_limit(180, 100);
    CHECK(t.update(250) == Phase::Counting);
    CHECK(t.update(280) == Phase::Warning);
    t.set_limit(0, 300);  // home: nothing to wipe
    t.reset(300);
    CHECK(t.update(1e5) == Phase::Off);
}

TEST_CASE("idle: limits from the command line") {
    auto l = parse_idle_limits("page=90,form=200,warning=25");
    REQUIRE(l);
    CHECK(l->page == 90);
    CHECK(l->form == 200);
    CHECK(l->warning == 25);
    CHECK(l->home == 0);
    CHECK(!parse_idle_limits("warning=10"));    // under 20 s
    CHECK(!parse_idle_limits("extensions=3"));  // under 10
    CHECK(!parse_idle_limits("page"));
    CHECK(!parse_idle_limits("page=-1"));
    CHECK(!parse_idle_limits("pages=10"));
    CHECK(parse_idle_limits(""));
}
