// The JPEG path through libjpeg-turbo (kiosk/core/media/jpeg_turbo.cpp): it
// agrees with FFmpeg's decoder, handles progressive and arithmetic-coded
// files, hands what it refuses (lossless JPEG, CMYK) to FFmpeg, and refuses
// damaged files with a clear error.
#include "media/image_decode.hpp"
#include "media/image_decode_with.hpp"
#include "media/image_encode.hpp"
#include "media/jpeg_turbo.hpp"
#include "media/quality.hpp"
#include "media_test_util.hpp"

#include <doctest/doctest.h>
#include <turbojpeg.h>

#include <cmath>
#include <memory>
#include <string>

using namespace guichet;
using namespace guichet::media;
using media::test::data_file;

namespace {

DecodeOptions in_box(int width, int height, PixelFormat format = PixelFormat::rgba) {
    DecodeOptions options;
    options.box = {width, height};
    options.format = format;
    return options;
}

Image decode_with(ByteView bytes, const DecodeOptions& options, JpegDecoder decoder) {
    auto decoded = decode_image_with(bytes, "test", options, decoder);
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
    return std::move(decoded->image);
}

// Same size, mean of each channel within 2/255, PSNR above 30 dB.
void check_agree(const Image& a, const Image& b) {
    REQUIRE(a.size() == b.size());
    REQUIRE(a.format == b.format);
    for (int c = 0; c < a.channels(); ++c) {
        double mean_a = 0, mean_b = 0;
        for (int y = 0; y < a.height; ++y)
            for (int x = 0; x < a.width; ++x) {
                mean_a += a.row(y)[a.channels() * x + c];
                mean_b += b.row(y)[b.channels() * x + c];
            }
        const double n = static_cast<double>(a.width) * a.height;
        CAPTURE(c);
        CHECK(std::abs(mean_a / n - mean_b / n) < 2.0);
    }
    CHECK(*psnr(a, b) > 30.0);
}

Bytes photo_jpeg(int width, int height) {
    EncodeOptions options;
    options.format = ImageFormat::jpeg;
    options.jpeg_qscale = 3;
    auto bytes = encode_image(media::test::gradient_picture(width, height), options, "photo");
    REQUIRE(bytes.ok());
    return std::move(*bytes);
}

struct TjFree {
    void operator()(void* handle) const { tjDestroy(handle); }
};

// A CMYK picture compressed by libjpeg-turbo itself (stored as YCCK, Adobe marker).
Bytes cmyk_jpeg(int width, int height) {
    std::unique_ptr<void, TjFree> handle(tjInitCompress());
    REQUIRE(handle);
    Bytes cmyk(static_cast<std::size_t>(width) * height * 4);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &cmyk[(static_cast<std::size_t>(y) * width + x) * 4];
            p[0] = static_cast<std::uint8_t>(x * 255 / width), p[1] = static_cast<std::uint8_t>(y * 255 / height), p[2] = 64, p[3] = 0;
        }
    unsigned char* out = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(handle.get(), cmyk.data(), width, 0, height, TJPF_CMYK, &out, &size, TJSAMP_444, 90, 0) == 0);
    Bytes bytes(out, out + size);
    tjFree(out);
    return bytes;
}

// PICTURE compressed by libjpeg-turbo with SUBSAMPLING (TJSAMP_…).
Bytes turbo_jpeg(const Image& picture, int subsampling) {
    std::unique_ptr<void, TjFree> handle(tjInitCompress());
    REQUIRE(handle);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(handle.get(), picture.pixels.data(), picture.width, 0, picture.height, TJPF_RGBA, &out, &size, subsampling, 92, 0) ==
            0);
    Bytes bytes(out, out + size);
    tjFree(out);
    return bytes;
}

}  // namespace

TEST_CASE("libjpeg-turbo and FFmpeg agree for every chroma subsampling, through the planar path") {
    // 328×248 into 150×150: 1/2 scale (164×124), then swscale converts and shrinks the planes to 150×113.
    const Image picture = media::test::gradient_picture(328, 248);
    for (int subsampling : {TJSAMP_444, TJSAMP_422, TJSAMP_420, TJSAMP_440, TJSAMP_411, TJSAMP_GRAY}) {
        CAPTURE(subsampling);
        const Bytes jpeg = turbo_jpeg(picture, subsampling);
        for (PixelFormat format : {PixelFormat::rgba, PixelFormat::gray}) {
            const Image turbo = decode_with(jpeg, in_box(150, 150, format), JpegDecoder::turbojpeg);
            CHECK(turbo.size() == Size{150, 113});
            check_agree(turbo, decode_with(jpeg, in_box(150, 150, format), JpegDecoder::ffmpeg_full_idct));
        }
    }
}

TEST_CASE("libjpeg-turbo and FFmpeg agree on a large JPEG shrunk to a box") {
    // 1600×1200 into 400×400: libjpeg-turbo at 1/4 scale, FFmpeg at full size then swscale.
    const Bytes jpeg = photo_jpeg(1600, 1200);
    const Image turbo = decode_with(jpeg, in_box(400, 400), JpegDecoder::turbojpeg);
    CHECK(turbo.size() == Size{400, 300});
    check_agree(turbo, decode_with(jpeg, in_box(400, 400), JpegDecoder::ffmpeg_full_idct));
    check_agree(turbo, decode_with(jpeg, in_box(400, 400), JpegDecoder::ffmpeg_reduced_idct));
    // A box that is no power-of-two fraction: 5/8 scale (1000×750), then swscale to 900×675.
    const Image odd = decode_with(jpeg, in_box(900, 900), JpegDecoder::turbojpeg);
    CHECK(odd.size() == Size{900, 675});
    check_agree(odd, decode_with(jpeg, in_box(900, 900), JpegDecoder::ffmpeg_full_idct));
}

TEST_CASE("libjpeg-turbo at full size, accurate and fast IDCT, and in gray agree with FFmpeg") {
    const Bytes jpeg = photo_jpeg(320, 240);
    const Image reference = decode_with(jpeg, {}, JpegDecoder::ffmpeg_full_idct);
    CHECK(reference.size() == Size{320, 240});
    check_agree(decode_with(jpeg, {}, JpegDecoder::turbojpeg), reference);
    check_agree(decode_with(jpeg, {}, JpegDecoder::turbojpeg_fast_dct), reference);
    const Image gray = decode_with(jpeg, in_box(160, 160, PixelFormat::gray), JpegDecoder::turbojpeg);
    CHECK(gray.format == PixelFormat::gray);
    check_agree(gray, decode_with(jpeg, in_box(160, 160, PixelFormat::gray), JpegDecoder::ffmpeg_full_idct));
}

TEST_CASE("a progressive JPEG decodes to the same picture as the baseline one") {
    const Bytes progressive = data_file("testsrc-64x48-progressive.jpg");
    REQUIRE(probe_image(progressive, "x").ok());
    const Image baseline = decode_with(data_file("testsrc-64x48.jpg"), {}, JpegDecoder::turbojpeg);
    const Image image = decode_with(progressive, {}, JpegDecoder::turbojpeg);
    CHECK(image.size() == Size{64, 48});
    CHECK(*psnr(baseline, image) > 45.0);  // jpegtran only reorders the coefficients: lossless
    auto scaled = decode_image(progressive, "x", in_box(32, 32));
    REQUIRE(scaled.ok());
    CHECK(scaled->image.size() == Size{32, 24});
}

TEST_CASE("an arithmetic-coded JPEG decodes through libjpeg-turbo") {
    const Image baseline = decode_with(data_file("testsrc-64x48.jpg"), {}, JpegDecoder::turbojpeg);
    auto direct = decode_jpeg_turbo(data_file("testsrc-64x48-arithmetic.jpg"), "x", {{64, 48}});
    REQUIRE_MESSAGE(direct.ok(), (direct.ok() ? "" : direct.error().message));
    CHECK(*psnr(baseline, *direct) > 45.0);
}

TEST_CASE("what libjpeg-turbo refuses goes to FFmpeg: lossless JPEG and CMYK") {
    // Lossless JPEG (SOF3): libjpeg-turbo 2.1 has no lossless decoder, FFmpeg has.
    const Bytes lossless = data_file("testsrc-64x48-lossless.jpg");
    auto refused = decode_jpeg_turbo(lossless, "scan.jpg", {{64, 48}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("scan.jpg: ") == 0);
    CHECK(refused.error().message.find("libjpeg-turbo: ") != std::string::npos);
    const Image reference = decode_with(data_file("testsrc-64x48.png"), {}, JpegDecoder::turbojpeg);
    const Image image = decode_with(lossless, {}, JpegDecoder::turbojpeg);
    CHECK(*psnr(reference, image) > 45.0);

    // CMYK: libjpeg-turbo gives no RGBA for it; FFmpeg does.
    const Bytes cmyk = cmyk_jpeg(64, 48);
    auto cmyk_refused = decode_jpeg_turbo(cmyk, "scan.jpg", {{64, 48}});
    REQUIRE_FALSE(cmyk_refused.ok());
    CHECK(cmyk_refused.error().message == "scan.jpg: CMYK JPEG (libjpeg-turbo gives no RGB for it)");
    auto decoded = decode_image(cmyk, "scan.jpg", {});
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
    CHECK(decoded->image.size() == Size{64, 48});
}

TEST_CASE("damaged and truncated JPEGs are refused with libjpeg-turbo's reason") {
    const Bytes whole = photo_jpeg(256, 192);
    // Truncated: caught before any decoder by the marker walk.
    for (std::size_t length : {whole.size() / 2, whole.size() - 3}) {
        auto decoded = decode_image(ByteView(whole).first(length), "photo.jpg", {});
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().message.find("photo.jpg: truncated JPEG") == 0);
    }
    // The frame header says 4 components: no Huffman or quantisation table fits, both decoders refuse.
    Bytes damaged = whole;
    for (std::size_t i = 2; i + 9 < damaged.size(); ++i)
        if (damaged[i] == 0xFF && damaged[i + 1] == 0xC0) {
            damaged[i + 9] = 4;  // SOF0: length(2) precision(1) height(2) width(2) components(1)
            break;
        }
    auto decoded = decode_image(damaged, "photo.jpg", {});
    REQUIRE_FALSE(decoded.ok());
    CAPTURE(decoded.error().message);
    CHECK(decoded.error().message.find("photo.jpg: corrupt JPEG") == 0);
    CHECK(decoded.error().message.find("libjpeg-turbo: ") != std::string::npos);
}

TEST_CASE("libjpeg-turbo checks the size cap on the header it decodes") {
    auto refused = decode_jpeg_turbo(data_file("testsrc-64x48.jpg"), "x.jpg", {{64, 48}, PixelFormat::rgba, 1000});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "x.jpg: JPEG of 64×48 pixels, more than the limit of 1000 pixels");
}

TEST_CASE("byte flips in every JPEG variant never crash the libjpeg-turbo path") {
    for (std::string name : {"testsrc-64x48.jpg", "testsrc-64x48-progressive.jpg", "testsrc-64x48-arithmetic.jpg"}) {
        CAPTURE(name);
        const Bytes whole = data_file(name);
        for (std::size_t i = 0; i < whole.size(); i += 3) {
            Bytes damaged = whole;
            damaged[i] ^= 0x5A;
            auto decoded = decode_image(damaged, "entry", in_box(40, 40));
            if (decoded.ok()) CHECK((decoded->image.width <= 40 && decoded->image.height <= 40));
            else CHECK(decoded.error().message.find("entry: ") == 0);
        }
    }
}
