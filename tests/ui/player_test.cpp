// The video guide player (kiosk/ui/player/) in deterministic mode, as replays
// run it: frames follow an injected clock exactly, seeks land on the frame,
// late frames are dropped and counted, the end is reached, and the guides
// object stops the player when its page is no longer drawn. No GL context
// here: the texture upload fails quietly and the logic runs the same.
#include "common/file.hpp"
#include "ui/content.hpp"
#include "ui/player/video_block.hpp"
#include "ui/player/video_guide.hpp"
#include "ui/player/video_player.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace guichet;
using namespace guichet::ui;

namespace {

// tests/media/data/testsrc-160x120-2s.mp4: 20 frames at 10 fps, no sound.
std::shared_ptr<VideoGuide> test_guide() {
    auto bytes = read_file(std::filesystem::path(GUICHET_SOURCE_DIR) / "tests/media/data/testsrc-160x120-2s.mp4", 1 << 20);
    REQUIRE(bytes);
    auto owned = std::make_shared<const Bytes>(std::move(*bytes));
    auto g = std::make_shared<VideoGuide>();
    g->path = "media/test.mp4";
    g->bytes = ByteView(owned->data(), owned->size());
    g->keep = owned;
    g->size = {160, 120};
    g->duration = 2.0;
    g->frame_rate = 10;
    return g;
}

PlayerOptions deterministic() {
    PlayerOptions o;
    o.deterministic = true;
    o.decoder_threads = 1;
    return o;
}

}  // namespace

TEST_CASE("player: paused at the start shows the first frame and asks for no redraw") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(100.0);
    CHECK(p.has_frame());
    CHECK(p.position() == doctest::Approx(0.0));
    CHECK_FALSE(p.playing());
    CHECK(p.wake_in() < 0);  // paused: no frames drawn
    CHECK(p.stats().shown == 1);
    CHECK(p.error().empty());
    CHECK_FALSE(p.stats().audio);  // no sound in deterministic mode
}

TEST_CASE("player: frames follow the clock one by one at the frame rate") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(0.0);
    p.play(0.0);
    for (int i = 1; i <= 10; ++i) {
        const double host = i * 0.1;
        p.update(host);
        CHECK(p.position() == doctest::Approx(host));
        CHECK(p.wake_in() > 0);
        CHECK(p.wake_in() <= doctest::Approx(0.1));
    }
    CHECK(p.stats().shown == 11);
    CHECK(p.stats().dropped == 0);
}

TEST_CASE("player: a late clock drops the frames it skipped, and counts them") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(0.0);
    p.play(0.0);
    p.update(0.55);  // frames 0.1 … 0.4 are late, 0.5 is due
    CHECK(p.stats().shown == 2);
    CHECK(p.stats().dropped == 4);
}

TEST_CASE("player: pause stops the clock, play resumes from there") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(0.0);
    p.play(0.0);
    p.update(0.3);
    p.pause(0.3);
    p.update(5.0);
    CHECK(p.position() == doctest::Approx(0.3));
    CHECK(p.wake_in() < 0);
    p.play(10.0);
    p.update(10.2);
    CHECK(p.position() == doctest::Approx(0.5));
}

TEST_CASE("player: a seek shows the frame at the new time, playing or paused") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(0.0);
    p.seek(1.2, 0.0);  // paused
    CHECK(p.wake_in() > 0);  // one more frame is needed after a seek
    p.update(0.0);
    CHECK(p.position() == doctest::Approx(1.2));
    const auto shown = p.stats().shown;
    CHECK(shown == 2);
    CHECK(p.wake_in() < 0);
    p.play(1.0);
    p.seek(0.5, 1.0);  // backwards while playing
    p.update(1.0);
    CHECK(p.position() == doctest::Approx(0.5));
    p.update(1.1);
    CHECK(p.position() == doctest::Approx(0.6));
    CHECK(p.stats().shown == shown + 2);
    CHECK(p.stats().dropped == 0);
}

TEST_CASE("player: the end pauses at the duration, and play starts again from the beginning") {
    VideoPlayer p(test_guide(), deterministic());
    p.update(0.0);
    p.play(0.0);
    p.seek(1.8, 0.0);
    for (int i = 0; i <= 6 && !p.ended(); ++i) p.update(0.1 * i);
    CHECK(p.ended());
    CHECK_FALSE(p.playing());
    CHECK(p.position() == doctest::Approx(2.0));
    CHECK(p.wake_in() < 0);
    p.play(10.0);
    p.update(10.0);
    CHECK(p.playing());
    CHECK(p.position() == doctest::Approx(0.0));
}

TEST_CASE("player: a guide that does not decode reports an error instead of frames") {
    auto g = test_guide();
    static const Bytes junk(4096, 0x42);
    g->bytes = ByteView(junk.data(), junk.size());
    VideoPlayer p(g, deterministic());
    p.play(0.0);
    p.update(0.5);
    CHECK_FALSE(p.has_frame());
    CHECK_FALSE(p.error().empty());
    CHECK_FALSE(p.playing());  // stopped: no redraws for a guide that cannot play
    CHECK(p.wake_in() < 0);
}

TEST_CASE("video guides: the player stops when its guide is no longer drawn, and at a reset") {
    VideoGuides guides(deterministic());
    guides.begin_frame(0.0);
    CHECK(guides.player() == nullptr);
    CHECK(guides.wake_in() < 0);
    guides.stop();
    CHECK(guides.player() == nullptr);
}

TEST_CASE("video paths and their subtitle files") {
    CHECK(is_video_path("media/guide.mp4"));
    CHECK(is_video_path("media/Guide.WEBM"));
    CHECK(is_video_path("media/a.mkv"));
    CHECK_FALSE(is_video_path("media/tri.jpg"));
    CHECK_FALSE(is_video_path("media/mp4"));
    CHECK_FALSE(is_video_path("media.mp4/readme"));
    const auto subs = subtitle_candidates("media/guides/guide-demarche.mp4");
    REQUIRE(subs.size() == 2);
    CHECK(subs[0] == "media/guides/guide-demarche.vtt");
    CHECK(subs[1] == "media/guides/guide-demarche.srt");
}
