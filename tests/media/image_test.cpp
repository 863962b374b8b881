// Picture decoding and encoding: every supported format, scaling, the pixel
// cap, and clean errors on truncated, corrupt and foreign input.
#include "media/image_decode.hpp"
#include "media/image_decode_with.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"
#include "media_test_util.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include <string>

using namespace guichet;
using namespace guichet::media;
using media::test::data_file;

namespace {

Image decode_ok(const Bytes& bytes, const DecodeOptions& options = {}) {
    auto decoded = decode_image(bytes, "test", options);
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
    return std::move(decoded->image);
}

std::string error_of(const Bytes& bytes, const DecodeOptions& options = {}) {
    auto decoded = decode_image(bytes, "media/photo.jpg", options);
    REQUIRE_FALSE(decoded.ok());
    return decoded.error().message;
}

DecodeOptions in_box(int width, int height, PixelFormat format = PixelFormat::rgba) {
    DecodeOptions options;
    options.box = {width, height};
    options.format = format;
    return options;
}

DecodeOptions with_limits(std::int64_t max_pixels, std::size_t max_bytes) {
    DecodeOptions options;
    options.limits = {max_pixels, max_bytes};
    return options;
}

EncodeOptions as(ImageFormat format, int jpeg_qscale = 3, Size size = {}) {
    EncodeOptions options;
    options.format = format;
    options.jpeg_qscale = jpeg_qscale;
    options.size = size;
    return options;
}

}  // namespace

TEST_CASE("JPEG, PNG and WebP (lossy and lossless) decode to the same picture") {
    const Image reference = decode_ok(data_file("testsrc-64x48.png"));
    CHECK(reference.width == 64);
    CHECK(reference.height == 48);
    CHECK(reference.pixels.size() == 64u * 48 * 4);
    for (std::string name : {"testsrc-64x48.jpg", "testsrc-64x48.webp", "testsrc-64x48-lossless.webp"}) {
        CAPTURE(name);
        const Image image = decode_ok(data_file(name));
        REQUIRE(image.size() == reference.size());
        CHECK(*psnr(reference, image) > 24.0);
    }
    CHECK(*psnr(reference, decode_ok(data_file("testsrc-64x48-lossless.webp"))) > 45.0);
}

TEST_CASE("the probe reports format and declared size") {
    auto info = probe_image(data_file("testsrc-64x48.webp"), "x");
    REQUIRE(info.ok());
    CHECK(info->format == ImageFormat::webp);
    CHECK(info->size == Size{64, 48});
    CHECK(probe_image(data_file("testsrc-64x48-lossless.webp"), "x")->size == Size{64, 48});
    CHECK(probe_image(data_file("testsrc-64x48.jpg"), "x")->format == ImageFormat::jpeg);
    CHECK(mime_type(probe_image(data_file("testsrc-64x48.png"), "x")->format) == "image/png");
}

TEST_CASE("decoding scales to fit the box, keeps the aspect ratio and never upscales") {
    const Bytes jpeg = data_file("testsrc-64x48.jpg");
    CHECK(decode_ok(jpeg, in_box(32, 32)).size() == Size{32, 24});
    CHECK(decode_ok(jpeg, in_box(0, 12)).size() == Size{16, 12});
    CHECK(decode_ok(jpeg, in_box(640, 480)).size() == Size{64, 48});
    const Image gray = decode_ok(jpeg, in_box(32, 32, PixelFormat::gray));
    CHECK(gray.format == PixelFormat::gray);
    CHECK(gray.pixels.size() == 32u * 24);
}

TEST_CASE("fit_within") {
    CHECK(fit_within({4000, 3000}, {1920, 1080}) == Size{1440, 1080});
    CHECK(fit_within({3000, 4000}, {1600, 1600}) == Size{1200, 1600});
    CHECK(fit_within({10, 10}, {0, 0}) == Size{10, 10});
    CHECK(fit_within({10000, 1}, {100, 100}) == Size{100, 1});
    CHECK(fit_within({0, 5}, {100, 100}) == Size{0, 0});
}

TEST_CASE("each format round-trips through its encoder") {
    const Image source = media::test::gradient_picture(96, 64);
    for (ImageFormat format : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::webp}) {
        CAPTURE(format_name(format));
        auto bytes = encode_image(source, as(format), "test");
        REQUIRE(bytes.ok());
        CHECK(probe_image(*bytes, "x")->format == format);
        const Image back = decode_ok(*bytes);
        REQUIRE(back.size() == source.size());
        CHECK(*psnr(source, back) > (format == ImageFormat::png ? 90.0 : 30.0));
    }
}

TEST_CASE("transparency survives PNG and WebP re-encoding") {
    Image source = media::test::gradient_picture(64, 32);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) source.row(y)[4 * x + 3] = 0;  // left half transparent
    for (ImageFormat format : {ImageFormat::png, ImageFormat::webp}) {
        CAPTURE(format_name(format));
        auto bytes = encode_image(source, as(format), "test");
        REQUIRE(bytes.ok());
        const Image back = decode_ok(*bytes);
        CHECK(back.row(16)[4 * 8 + 3] < 16);
        CHECK(back.row(16)[4 * 56 + 3] > 240);
    }
}

TEST_CASE("a large JPEG decodes straight to a small box (reduced-resolution IDCT)") {
    const Image source = media::test::gradient_picture(640, 480);
    auto bytes = encode_image(source, as(ImageFormat::jpeg, 2), "test");
    REQUIRE(bytes.ok());
    const Image small = decode_ok(*bytes, in_box(100, 100));
    CHECK(small.size() == Size{100, 75});
    auto reference = encode_image(source, as(ImageFormat::png, 3, {100, 75}), "ref");
    CHECK(*psnr(decode_ok(*reference), small) > 28.0);
}

TEST_CASE("FFmpeg's reduced-resolution IDCT gives the same size and colours as a full decode scaled down") {
    // 1600×1200 into 400×400: decoded at 1/4 scale (400×300) instead of full size + swscale.
    const Image source = media::test::gradient_picture(1600, 1200);
    auto bytes = encode_image(source, as(ImageFormat::jpeg, 3), "test");
    REQUIRE(bytes.ok());
    auto reduced = decode_image_with(*bytes, "test", in_box(400, 400), JpegDecoder::ffmpeg_reduced_idct);
    auto full = decode_image_with(*bytes, "test", in_box(400, 400), JpegDecoder::ffmpeg_full_idct);
    REQUIRE(reduced.ok());
    REQUIRE(full.ok());
    const Image& a = reduced->image;
    const Image& b = full->image;
    CHECK(a.size() == Size{400, 300});
    CHECK(b.size() == a.size());
    for (int c = 0; c < 3; ++c) {
        double mean_a = 0, mean_b = 0;
        for (int y = 0; y < a.height; ++y)
            for (int x = 0; x < a.width; ++x) {
                mean_a += a.row(y)[4 * x + c];
                mean_b += b.row(y)[4 * x + c];
            }
        const double n = static_cast<double>(a.width) * a.height;
        CHECK(std::abs(mean_a / n - mean_b / n) < 2.0);  // per channel, out of 255
    }
    CHECK(*psnr(a, b) > 30.0);
}

TEST_CASE("coarser JPEG quantisation gives smaller files") {
    const Image source = media::test::gradient_picture(128, 128);
    auto fine = encode_image(source, as(ImageFormat::jpeg, 2), "t");
    auto coarse = encode_image(source, as(ImageFormat::jpeg, 20), "t");
    REQUIRE(fine.ok());
    REQUIRE(coarse.ok());
    CHECK(coarse->size() < fine->size());
}

TEST_CASE("pictures declaring too many pixels are refused before decoding") {
    // A PNG header claiming 30000×30000 (900 megapixels) and nothing else.
    Bytes png = data_file("testsrc-64x48.png");
    png[16] = 0, png[17] = 0, png[18] = 0x75, png[19] = 0x30;
    png[20] = 0, png[21] = 0, png[22] = 0x75, png[23] = 0x30;
    const std::string message = error_of(png);
    CHECK(message.find("media/photo.jpg") == 0);
    CHECK(message.find("30000×30000") != std::string::npos);
    CHECK(message.find("limit") != std::string::npos);
    // The limit is the caller's.
    CHECK(error_of(data_file("testsrc-64x48.jpg"), with_limits(1000, 1u << 20)).find("limit") != std::string::npos);
    CHECK(error_of(data_file("testsrc-64x48.jpg"), with_limits(1000000, 100)).find("limit") != std::string::npos);
}

TEST_CASE("foreign, empty and truncated input give clear errors") {
    CHECK(error_of(Bytes{}).find("empty") != std::string::npos);
    const std::string text = "<html>not a picture</html>";
    CHECK(error_of(Bytes(text.begin(), text.end())).find("not a JPEG, PNG or WebP") != std::string::npos);
    for (std::string name : {"testsrc-64x48.jpg", "testsrc-64x48.png", "testsrc-64x48.webp", "testsrc-64x48-lossless.webp"}) {
        CAPTURE(name);
        const Bytes whole = data_file(name);
        for (std::size_t length = 1; length < whole.size() * 9 / 10; length += 3) {
            CAPTURE(length);
            auto decoded = decode_image(ByteView(whole).first(length), "entry", {});
            CHECK_FALSE(decoded.ok());
            if (!decoded.ok()) CHECK(decoded.error().message.find("entry: ") == 0);
        }
    }
}

TEST_CASE("corrupt bytes never crash the decoders") {
    for (std::string name : {"testsrc-64x48.jpg", "testsrc-64x48.png", "testsrc-64x48.webp"}) {
        const Bytes whole = data_file(name);
        for (std::size_t i = 0; i < whole.size(); i += 5) {
            Bytes damaged = whole;
            damaged[i] ^= 0x5A;
            auto decoded = decode_image(damaged, "entry", in_box(32, 32));
            if (decoded.ok()) CHECK((decoded->image.width <= 32 && decoded->image.height <= 32));
            else CHECK(decoded.error().message.find("entry: ") == 0);
        }
    }
}
