// Video decoding from memory and from a signed pack entry (AVIO over the
// entry's bytes): stream info, every frame in order, seeking, and bad input.
#include "media/quality.hpp"
#include "media/video_decoder.hpp"
#include "media_test_util.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::media;
using media::test::data_file;

namespace {

constexpr const char* kGuide = "testsrc-160x120-2s.mp4";  // 20 frames at 10 fps

VideoDecoder open_ok(ByteView bytes, const VideoOptions& options = {}) {
    auto decoder = VideoDecoder::open_memory(bytes, "media/guide.mp4", options);
    REQUIRE_MESSAGE(decoder.ok(), (decoder.ok() ? "" : decoder.error().message));
    return std::move(*decoder);
}

std::vector<VideoFrame> all_frames(VideoDecoder& decoder) {
    std::vector<VideoFrame> frames;
    for (int guard = 0; guard < 1000; ++guard) {
        auto frame = decoder.next_frame();
        REQUIRE_MESSAGE(frame.ok(), (frame.ok() ? "" : frame.error().message));
        if (frame->end_of_stream) break;
        frames.push_back(std::move(*frame));
    }
    return frames;
}

VideoOptions in_box(int width, int height) {
    VideoOptions options;
    options.box = {width, height};
    return options;
}

}  // namespace

TEST_CASE("a guide's stream info and every frame, in order") {
    const Bytes mp4 = data_file(kGuide);
    VideoDecoder decoder = open_ok(mp4);
    CHECK(decoder.info().size == Size{160, 120});
    CHECK(decoder.info().codec == "h264");
    CHECK(decoder.info().frame_rate == doctest::Approx(10.0));
    CHECK(decoder.info().duration_seconds == doctest::Approx(2.0).epsilon(0.05));
    const auto frames = all_frames(decoder);
    REQUIRE(frames.size() == 20);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        CHECK(frames[i].seconds == doctest::Approx(0.1 * static_cast<double>(i)));
        CHECK(frames[i].image.size() == Size{160, 120});
    }
    CHECK(decoder.next_frame()->end_of_stream);  // stays at the end
}

TEST_CASE("a WebM guide with VP9 video and an Opus track decodes its video") {
    const Bytes webm = data_file("testsrc-64x48-1s-vp9-opus.webm");
    VideoDecoder decoder = open_ok(webm);
    CHECK(decoder.info().codec.find("vp9") != std::string::npos);
    CHECK(decoder.info().size == Size{64, 48});
    const auto frames = all_frames(decoder);  // audio packets are skipped
    CHECK(frames.size() == 10);
    CHECK(frames.back().seconds == doctest::Approx(0.9).epsilon(0.02));  // Matroska: millisecond times, Opus pre-skip
}

TEST_CASE("frames are scaled to the box") {
    const Bytes mp4 = data_file(kGuide);
    VideoDecoder decoder = open_ok(mp4, in_box(80, 80));
    auto frame = decoder.next_frame();
    REQUIRE(frame.ok());
    CHECK(frame->image.size() == Size{80, 60});
}

TEST_CASE("seeking returns the frame at the requested time, forwards and backwards") {
    const Bytes mp4 = data_file(kGuide);
    VideoDecoder reference_decoder = open_ok(mp4);
    const auto reference = all_frames(reference_decoder);
    REQUIRE(reference.size() == 20);
    VideoDecoder decoder = open_ok(mp4);
    for (double target : {1.3, 0.4, 1.9, 0.0}) {
        CAPTURE(target);
        REQUIRE(decoder.seek(target).ok());
        auto frame = decoder.next_frame();
        REQUIRE(frame.ok());
        REQUIRE_FALSE(frame->end_of_stream);
        CHECK(frame->seconds == doctest::Approx(target));
        const auto index = static_cast<std::size_t>(target * 10 + 0.5);
        CHECK(*psnr(reference[index].image, frame->image) > 60.0);  // the same decoded picture
    }
    REQUIRE(decoder.seek(50.0).ok());  // past the end: clamped to the duration
    auto after_end = decoder.next_frame();
    REQUIRE(after_end.ok());
}

TEST_CASE("a guide plays straight from a signed pack entry") {
    guichet::test::TempDir dir;
    const auto key = crypto::SecretKey::generate();
    const Bytes mp4 = data_file(kGuide);
    guichet::test::build_pack(dir / "p.gpk", {{"media/guide.mp4", std::string(mp4.begin(), mp4.end())}, {"pages/a.md", "# A"}}, key);
    auto reader = pack::PackReader::open(dir / "p.gpk", guichet::test::ring_of(key));
    REQUIRE(reader.ok());
    auto index = reader->find("media/guide.mp4");
    REQUIRE(index.has_value());
    auto entry = reader->read_raw(*index);  // stored as is: zero-copy view of the mapping
    REQUIRE(entry.ok());
    VideoDecoder decoder = open_ok(*entry);
    CHECK(all_frames(decoder).size() == 20);
    REQUIRE(decoder.seek(1.0).ok());
    CHECK(decoder.next_frame()->seconds == doctest::Approx(1.0));
}

TEST_CASE("bad video input gives an error naming the entry") {
    auto check_refused = [](ByteView bytes) {
        auto decoder = VideoDecoder::open_memory(bytes, "media/guide.mp4");
        REQUIRE_FALSE(decoder.ok());
        CHECK(decoder.error().message.find("media/guide.mp4: ") == 0);
    };
    check_refused(Bytes{});
    const std::string text = "not a video at all, just text that goes on for a while";
    check_refused(as_bytes(text));
    check_refused(data_file("testsrc-64x48.png"));  // pictures are not guides
    const Bytes mp4 = data_file(kGuide);
    check_refused(ByteView(mp4).first(200));  // the index (moov) is cut
}

TEST_CASE("a truncated or damaged guide stops cleanly") {
    const Bytes mp4 = data_file(kGuide);
    for (std::size_t length : {mp4.size() / 2, mp4.size() - 100}) {
        auto decoder = VideoDecoder::open_memory(ByteView(mp4).first(length), "g");
        if (!decoder.ok()) continue;
        int frames = 0;
        for (int guard = 0; guard < 100; ++guard) {
            auto frame = decoder->next_frame();
            if (!frame.ok()) {
                CHECK(frame.error().message.find("g: ") == 0);
                break;
            }
            if (frame->end_of_stream) break;
            ++frames;
        }
        CHECK(frames < 20);
    }
    for (std::size_t i = 40; i < mp4.size(); i += 97) {
        Bytes damaged = mp4;
        damaged[i] ^= 0xA5;
        auto decoder = VideoDecoder::open_memory(damaged, "g", in_box(32, 32));
        if (!decoder.ok()) continue;
        for (int guard = 0; guard < 40; ++guard) {
            auto frame = decoder->next_frame();
            if (!frame.ok() || frame->end_of_stream) break;
            CHECK(frame->image.width <= 32);
        }
    }
}

TEST_CASE("skip_until drops late frames unconverted and counts them, a seek's dropped frames are not counted") {
    const Bytes mp4 = data_file(kGuide);  // 10 fps, 2 s
    auto decoder = VideoDecoder::open_memory(mp4, "media/guide.mp4");
    REQUIRE(decoder.ok());
    auto first = decoder->next_frame();
    REQUIRE(first.ok());
    CHECK(first->seconds == doctest::Approx(0.0));
    decoder->skip_until(1.0);
    auto later = decoder->next_frame();
    REQUIRE(later.ok());
    CHECK(later->seconds == doctest::Approx(1.0));
    CHECK(decoder->take_skipped() == 9);  // 0.1 … 0.9
    CHECK(decoder->take_skipped() == 0);
    REQUIRE(decoder->seek(0.5).ok());
    auto after_seek = decoder->next_frame();
    REQUIRE(after_seek.ok());
    CHECK(after_seek->seconds == doctest::Approx(0.5));
    CHECK(decoder->take_skipped() == 0);
    decoder->skip_until(0.2);  // already past: nothing skipped
    auto next = decoder->next_frame();
    REQUIRE(next.ok());
    CHECK(next->seconds == doctest::Approx(0.6));
    CHECK(decoder->take_skipped() == 0);
}
