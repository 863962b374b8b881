// Audio tracks of guides: decoding and resampling to the kiosk's output
// format, seeking, refusal of entries without audio; and the A/V sync rule.
#include "media/audio_decoder.hpp"
#include "media/playback_clock.hpp"
#include "media_test_util.hpp"

#include <doctest/doctest.h>

using namespace guichet;
using namespace guichet::media;
using media::test::data_file;

namespace {

constexpr const char* kGuide = "testsrc-64x48-1s-vp9-opus.webm";  // 1 s of a 440 Hz sine, Opus mono 48 kHz

std::vector<std::int16_t> all_samples(AudioDecoder& decoder) {
    std::vector<std::int16_t> samples;
    for (int guard = 0; guard < 10000; ++guard) {
        auto chunk = decoder.next_chunk();
        REQUIRE_MESSAGE(chunk.ok(), (chunk.ok() ? "" : chunk.error().message));
        if (chunk->end_of_stream) break;
        samples.insert(samples.end(), chunk->samples.begin(), chunk->samples.end());
    }
    return samples;
}

}  // namespace

TEST_CASE("a guide's Opus track decodes to 48 kHz stereo S16 with its pitch intact") {
    const Bytes webm = data_file(kGuide);
    auto decoder = AudioDecoder::open_memory(webm, "media/guide.webm");
    REQUIRE_MESSAGE(decoder.ok(), (decoder.ok() ? "" : decoder.error().message));
    CHECK(decoder->info().codec.find("opus") != std::string::npos);
    CHECK(decoder->info().source_channels == 1);
    const auto samples = all_samples(*decoder);
    const double seconds = static_cast<double>(samples.size()) / 2 / 48000;
    CHECK(seconds == doctest::Approx(1.0).epsilon(0.03));
    // Left and right carry the same mono signal; 440 Hz means ~880 sign changes a second.
    int crossings = 0;
    for (std::size_t i = 2; i + 1 < samples.size(); i += 2) {
        CHECK(samples[i] == samples[i + 1]);
        if ((samples[i - 2] < 0) != (samples[i] < 0)) ++crossings;
    }
    CHECK(crossings / seconds == doctest::Approx(880).epsilon(0.05));
}

TEST_CASE("mono output at another rate, and seeking") {
    const Bytes webm = data_file(kGuide);
    AudioFormat mono;
    mono.sample_rate = 16000;
    mono.channels = 1;
    auto decoder = AudioDecoder::open_memory(webm, "g", mono);
    REQUIRE(decoder.ok());
    REQUIRE(decoder->seek(0.5).ok());
    auto chunk = decoder->next_chunk();
    REQUIRE(chunk.ok());
    REQUIRE_FALSE(chunk->end_of_stream);
    CHECK(chunk->seconds <= 0.5 + 1e-6);
    CHECK(chunk->seconds > 0.3);
    const auto rest = all_samples(*decoder);
    CHECK(static_cast<double>(rest.size() + chunk->samples.size()) / 16000 == doctest::Approx(0.5).epsilon(0.25));
}

TEST_CASE("entries without a usable audio track are refused by name") {
    auto silent = AudioDecoder::open_memory(data_file("testsrc-160x120-2s.mp4"), "media/silent.mp4");
    REQUIRE_FALSE(silent.ok());
    CHECK(silent.error().message == "media/silent.mp4: no audio track");
    auto text = AudioDecoder::open_memory(as_bytes("not a video"), "media/x.webm");
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().message.find("media/x.webm: not a playable video") == 0);
    AudioFormat surround;
    surround.channels = 6;
    CHECK_FALSE(AudioDecoder::open_memory(data_file(kGuide), "g", surround).ok());
}

TEST_CASE("video frames are shown, held or dropped against the audio clock") {
    const double frame = 0.04;  // 25 fps
    CHECK(schedule_frame(1.00, 1.00, frame) == FrameAction::show);
    CHECK(schedule_frame(1.01, 1.00, frame) == FrameAction::show);   // within half a frame
    CHECK(schedule_frame(1.03, 1.00, frame) == FrameAction::wait);   // early
    CHECK(schedule_frame(0.97, 1.00, frame) == FrameAction::show);   // slightly late: still shown
    CHECK(schedule_frame(0.95, 1.00, frame) == FrameAction::drop);   // more than a frame late
    CHECK(schedule_frame(1.0, 1.0, 0.0) == FrameAction::show);       // unknown rate: 25 fps assumed
}
