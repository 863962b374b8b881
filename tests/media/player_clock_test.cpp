// The guide player's pure logic (kiosk/core/media/playback_clock.hpp): the
// host clock that stops while paused, which decoded frame to show at a clock
// (late ones dropped and counted), the time read-out, and cue selection.
#include "media/playback_clock.hpp"
#include "media/subtitles.hpp"

#include <doctest/doctest.h>

#include <deque>

using namespace guichet::media;

TEST_CASE("player clock: runs while playing, stops while paused, jumps on seek") {
    MediaClock c;
    CHECK(c.at(5.0) == 0.0);  // paused at the start
    c.play(10.0);
    CHECK(c.at(10.5) == doctest::Approx(0.5));
    c.pause(11.0);
    CHECK(c.at(20.0) == doctest::Approx(1.0));  // no time passes while paused
    c.play(30.0);
    CHECK(c.at(31.0) == doctest::Approx(2.0));
    c.seek(7.5, 31.0);
    CHECK(c.at(31.25) == doctest::Approx(7.75));
    c.pause(32.0);
    c.seek(3.0, 40.0);  // seek while paused: stays there
    CHECK(c.at(50.0) == doctest::Approx(3.0));
    c.play(50.0);  // play() twice does not restart the clock
    c.play(51.0);
    CHECK(c.at(51.0) == doctest::Approx(4.0));
}

TEST_CASE("player frames: the due frame is shown, early ones wait, late ones are dropped") {
    const double d = 0.04;  // 25 fps
    std::deque<double> times = {0.00, 0.04, 0.08, 0.12};
    SUBCASE("on time: one frame shown, the rest wait") {
        const FramePick p = pick_frame(times, 0.0, d);
        CHECK(p.consumed == 1);
        CHECK(p.show);
        CHECK(p.dropped == 0);
        CHECK_FALSE(p.need_more);
    }
    SUBCASE("the clock jumped 3 frames: the newest due is shown, the two before it dropped") {
        const FramePick p = pick_frame(times, 0.085, d);
        CHECK(p.consumed == 3);
        CHECK(p.show);
        CHECK(p.dropped == 2);
        CHECK_FALSE(p.need_more);
    }
    SUBCASE("every frame is late (decoder behind): the newest is shown, the others dropped") {
        const FramePick p = pick_frame(times, 1.0, d);
        CHECK(p.consumed == 4);
        CHECK(p.show);
        CHECK(p.dropped == 3);
        CHECK(p.need_more);
    }
    SUBCASE("everything early: nothing consumed (paused before the first frame)") {
        const FramePick p = pick_frame({0.5, 0.54}, 0.0, d);
        CHECK(p.consumed == 0);
        CHECK_FALSE(p.show);
        CHECK_FALSE(p.need_more);
    }
    SUBCASE("an empty queue asks for more") {
        const FramePick p = pick_frame({}, 0.3, d);
        CHECK(p.consumed == 0);
        CHECK(p.need_more);
    }
    SUBCASE("half a frame early is already due") {
        const FramePick p = pick_frame({0.10}, 0.081, d);
        CHECK(p.show);
    }
}

TEST_CASE("player time read-out") {
    CHECK(format_media_time(0) == "0:00");
    CHECK(format_media_time(7.99) == "0:07");
    CHECK(format_media_time(20) == "0:20");
    CHECK(format_media_time(65.2) == "1:05");
    CHECK(format_media_time(3725) == "1:02:05");
    CHECK(format_media_time(-3) == "0:00");
}

TEST_CASE("player subtitles: the cue shown at a time, none between cues") {
    auto cues = parse_webvtt("WEBVTT\n\n00:00.000 --> 00:04.000\nTouchez « Démarches ».\n\n"
                             "00:04.000 --> 00:08.000\nChoisissez votre démarche.\n\n"
                             "00:09.000 --> 00:10.000\nFin.\n",
                             "guide.vtt");
    REQUIRE(cues);
    auto text_at = [&](std::int64_t ms) {
        auto shown = cues_at(*cues, ms);
        return shown.empty() ? std::string() : shown.front()->text;
    };
    CHECK(text_at(0) == "Touchez « Démarches ».");
    CHECK(text_at(3999) == "Touchez « Démarches ».");
    CHECK(text_at(4000) == "Choisissez votre démarche.");  // start inclusive, end exclusive
    CHECK(text_at(8500).empty());
    CHECK(text_at(9500) == "Fin.");
    CHECK(text_at(10000).empty());
}
