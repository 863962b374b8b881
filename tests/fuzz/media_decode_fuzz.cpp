// libFuzzer target for the media library's untrusted-input paths: picture
// probe + decode (JPEG through libjpeg-turbo and, for what it refuses, FFmpeg;
// JPEG through FFmpeg alone; PNG, WebP), the container demuxer with the video and
// audio decoders over the memory AVIO, and the subtitle parser. Besides sanitizer reports it
// traps when a decoded picture or frame breaks the requested box, or when an
// error message does not name the input.
// Inputs above 64 KiB are skipped and the pixel caps are small, so that every
// run stays fast. Seeds: tests/media/data/. Run by scripts/fuzz.sh.
#include "media/audio_decoder.hpp"
#include "media/image_decode.hpp"
#include "media/image_decode_with.hpp"
#include "media/subtitles.hpp"
#include "media/video_decoder.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace guichet;
using namespace guichet::media;

namespace {

constexpr std::size_t kMaxInput = 64 * 1024;
constexpr int kBox = 48;

void expect(bool condition) {
    if (!condition) std::abort();
}

bool names_input(const Error& error) { return std::string_view(error.message).starts_with("fuzz: "); }

void fuzz_picture(ByteView bytes, PixelFormat format, JpegDecoder decoder) {
    DecodeOptions options;
    options.box = {kBox, kBox};
    options.format = format;
    options.limits.max_pixels = 4'000'000;
    auto decoded = decode_image_with(bytes, "fuzz", options, decoder);
    if (!decoded) return expect(names_input(decoded.error()));
    const Image& image = decoded->image;
    expect(image.format == format);
    expect(image.width >= 1 && image.width <= kBox && image.height >= 1 && image.height <= kBox);
    expect(image.pixels.size() == image.stride() * static_cast<std::size_t>(image.height));
}

// The kiosk's path (libjpeg-turbo for JPEG) in RGBA and gray; FFmpeg's JPEG decoder on its own
// too, since it only sees what libjpeg-turbo refuses otherwise.
void fuzz_pictures(ByteView bytes) {
    fuzz_picture(bytes, PixelFormat::rgba, JpegDecoder::turbojpeg);
    if (bytes.size() < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8) return;
    fuzz_picture(bytes, PixelFormat::gray, JpegDecoder::turbojpeg);
    fuzz_picture(bytes, PixelFormat::rgba, JpegDecoder::ffmpeg_reduced_idct);
}

void fuzz_video(ByteView bytes) {
    VideoOptions options;
    options.box = {kBox, kBox};
    options.max_pixels = 640 * 480;
    options.threads = 1;
    auto decoder = VideoDecoder::open_memory(bytes, "fuzz", options);
    if (!decoder) return expect(names_input(decoder.error()));
    for (int i = 0; i < 12; ++i) {
        if (i == 6 && !decoder->seek(0.5)) return;
        auto frame = decoder->next_frame();
        if (!frame) return expect(names_input(frame.error()));
        if (frame->end_of_stream) return;
        expect(frame->image.width <= kBox && frame->image.height <= kBox);
    }
}

void fuzz_audio(ByteView bytes) {
    auto decoder = AudioDecoder::open_memory(bytes, "fuzz");
    if (!decoder) return expect(names_input(decoder.error()));
    for (int i = 0; i < 12; ++i) {
        if (i == 6 && !decoder->seek(0.5)) return;
        auto chunk = decoder->next_chunk();
        if (!chunk) return expect(names_input(chunk.error()));
        if (chunk->end_of_stream) return;
        expect(chunk->samples.size() % 2 == 0);  // whole stereo frames
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > kMaxInput) return 0;
    const ByteView bytes(data, size);
    fuzz_pictures(bytes);
    fuzz_video(bytes);
    fuzz_audio(bytes);
    auto cues = parse_subtitles(as_chars(bytes), "fuzz");
    if (cues)
        for (const Cue& cue : *cues) expect(cue.end_ms > cue.start_ms && cue.start_ms >= 0);
    return 0;
}
