// Document capture: the stand-in camera, crop and rotation correctness, the
// document mode, encoding under a byte budget with measured quality, and the
// V4L2 camera's error path (CI has no camera).
#include "media/capture.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"
#include "media/v4l2_camera.hpp"
#include "media_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace guichet;
using namespace guichet::media;

namespace {

// 3×2 RGBA picture whose pixel (x, y) has red = 10x + y.
Image numbered(int width, int height, PixelFormat format = PixelFormat::rgba) {
    Image image(width, height, format);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) image.row(y)[x * image.channels()] = static_cast<std::uint8_t>(10 * x + y);
    return image;
}

int at(const Image& image, int x, int y) { return image.row(y)[x * image.channels()]; }

}  // namespace

TEST_CASE("crop keeps exactly the rectangle and refuses one outside the picture") {
    const Image image = numbered(6, 5);
    auto cropped = crop(image, {2, 1, 3, 4});
    REQUIRE(cropped.ok());
    CHECK(cropped->size() == Size{3, 4});
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 3; ++x) CHECK(at(*cropped, x, y) == at(image, x + 2, y + 1));
    CHECK(crop(image, {0, 0, 6, 5}).ok());
    for (Rect outside : {Rect{4, 0, 3, 1}, Rect{0, 0, 0, 1}, Rect{-1, 0, 2, 2}, Rect{0, 4, 1, 2}, Rect{0, 0, 2147483647, 1}}) {
        auto refused = crop(image, outside);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("not inside the 6×5 picture") != std::string::npos);
    }
}

TEST_CASE("quarter turns move every pixel where they should") {
    for (PixelFormat format : {PixelFormat::rgba, PixelFormat::gray}) {
        const Image image = numbered(3, 2, format);
        const Image cw = rotate(image, Rotation::clockwise);
        REQUIRE(cw.size() == Size{2, 3});
        // Clockwise: the bottom-left corner becomes the top-left one.
        CHECK(at(cw, 0, 0) == at(image, 0, 1));
        CHECK(at(cw, 1, 0) == at(image, 0, 0));
        CHECK(at(cw, 0, 2) == at(image, 2, 1));
        const Image ccw = rotate(image, Rotation::counterclockwise);
        CHECK(at(ccw, 0, 0) == at(image, 2, 0));
        CHECK(at(ccw, 1, 2) == at(image, 0, 1));
        const Image half = rotate(image, Rotation::half);
        CHECK(half.size() == image.size());
        CHECK(at(half, 0, 0) == at(image, 2, 1));
        CHECK(rotate(rotate(image, Rotation::clockwise), Rotation::counterclockwise).pixels == image.pixels);
        CHECK(rotate(rotate(image, Rotation::clockwise), Rotation::clockwise).pixels == half.pixels);
        CHECK(rotate(image, Rotation::none).pixels == image.pixels);
    }
}

TEST_CASE("the stand-in camera films a page on a desk, with fresh noise each frame") {
    SyntheticDocumentCamera camera({640, 360});
    CHECK(camera.frame_size() == Size{640, 360});
    const Rect page = camera.page();
    CHECK(page.x >= 0);
    CHECK(page.x + page.width <= 640);
    CHECK(page.height > page.width);  // portrait sheet
    auto first = camera.grab(), second = camera.grab();
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first->size() == Size{640, 360});
    CHECK(first->pixels != second->pixels);
    CHECK(*psnr(*first, *second) > 30.0);
    // The sheet is lighter than the desk.
    CHECK(at(*first, page.x + 2, page.y + page.height / 2) > at(*first, 2, page.y + page.height / 2) + 40);
}

TEST_CASE("document mode makes paper white and ink black") {
    SyntheticDocumentCamera camera({640, 360});
    auto frame = camera.grab();
    REQUIRE(frame.ok());
    auto page = crop(*frame, camera.page());
    REQUIRE(page.ok());
    const Image document = document_mode(*page);
    CHECK(document.format == PixelFormat::gray);
    CHECK(document.size() == page->size());
    const auto count = [&](auto predicate) { return std::count_if(document.pixels.begin(), document.pixels.end(), predicate); };
    const auto total = static_cast<double>(document.pixels.size());
    CHECK(static_cast<double>(count([](std::uint8_t v) { return v == 255; })) >= 0.25 * total);
    CHECK(static_cast<double>(count([](std::uint8_t v) { return v == 0; })) >= 0.015 * total);
    // Ink stays ink: the clean sheet's dark pixels are dark in the document.
    const Image clean = camera.clean_page();
    long ink = 0, dark = 0;
    for (std::size_t i = 0; i < clean.pixels.size(); ++i)
        if (clean.pixels[i] < 60) ++ink, dark += document.pixels[i] < 90;
    CHECK(static_cast<double>(dark) > 0.9 * static_cast<double>(ink));
    Image flat(4, 4, PixelFormat::gray);
    CHECK(document_mode(flat).pixels == flat.pixels);  // nothing to stretch
}

TEST_CASE("a page captured from the stand-in camera fits its budget at measured quality") {
    SyntheticDocumentCamera camera({1280, 720});
    CaptureSettings settings;
    settings.crop = camera.page();
    settings.rotation = Rotation::clockwise;
    auto page = capture_page(camera, settings);
    REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().message));
    CHECK(page->mime == "image/jpeg");
    CHECK(page->bytes.size() <= 300u * 1024);
    CHECK(page->meets_quality);
    CHECK(page->ssim >= 0.95);
    CHECK(page->psnr > 25.0);
    CHECK(page->size == Size{camera.page().height, camera.page().width});  // turned a quarter
    auto decoded = decode_image(page->bytes, "page");
    REQUIRE(decoded.ok());
    CHECK(decoded->source.format == ImageFormat::jpeg);
    CHECK(decoded->image.size() == page->size);
    // Coarser than a "quality 90" JPEG: the search trades invisible detail for bytes.
    CHECK(page->jpeg_qscale > 2);
}

TEST_CASE("a tight budget shrinks the page; an impossible one is an error") {
    SyntheticDocumentCamera camera({640, 360});
    auto frame = camera.grab();
    REQUIRE(frame.ok());
    CaptureSettings settings;
    settings.crop = camera.page();
    auto page = prepare_page(*frame, settings);
    REQUIRE(page.ok());
    PageBudget tight;
    tight.max_bytes = 5 * 1024;
    auto small = encode_page(*page, tight, "page");
    REQUIRE_MESSAGE(small.ok(), (small.ok() ? "" : small.error().message));
    CHECK(small->bytes.size() <= tight.max_bytes);
    CHECK(small->ssim > 0.5);
    auto tiny = encode_page(Image(20, 400, PixelFormat::gray), {}, "page");
    REQUIRE_FALSE(tiny.ok());
    CHECK(tiny.error().message == "page: the page is 20×400 pixels, too small to read; crop a larger area");
    PageBudget impossible;
    impossible.max_bytes = 300;
    auto refused = encode_page(*page, impossible, "page");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "page: the page does not fit in 300 bytes even at half size");
}

TEST_CASE("a colour page keeps its colour") {
    const Image picture = media::test::gradient_picture(320, 240);
    auto page = encode_page(picture, {}, "photo");
    REQUIRE(page.ok());
    auto decoded = decode_image(page->bytes, "photo");
    REQUIRE(decoded.ok());
    const auto& p = decoded->image.pixels;
    CHECK(std::abs(int(p[4 * 300]) - int(p[4 * 300 + 2])) > 20);  // red and blue differ on row 0
}

TEST_CASE("a picture from a USB stick becomes an attachment under the budget; a broken one is refused") {
    media::EncodeOptions png;
    png.format = ImageFormat::png;
    auto file = media::encode_image(media::test::gradient_picture(400, 300), png, "scan.png");
    REQUIRE(file.ok());
    CaptureSettings settings;
    settings.rotation = Rotation::counterclockwise;
    settings.budget.max_bytes = 20 * 1024;
    auto page = import_picture(*file, "scan.png", settings);
    REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().message));
    CHECK(page->bytes.size() <= 20u * 1024);
    CHECK(page->size == Size{300, 400});
    CHECK(page->mime == "image/jpeg");
    auto broken = import_picture(ByteView(*file).first(100), "scan.png", settings);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.find("scan.png: ") == 0);
}

TEST_CASE("a missing V4L2 device gives a clear error") {
    auto camera = V4l2Camera::open("/dev/video-guichet-absent");
    REQUIRE_FALSE(camera.ok());
    CHECK(camera.error().message.find("/dev/video-guichet-absent: ") == 0);
}
