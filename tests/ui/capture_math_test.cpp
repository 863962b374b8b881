// Crop maths of the capture screen (the rectangle dragged over the turned
// photo, back in camera pixels), page budgets, names, and the PDF of
// several pages.
#include "media/document.hpp"
#include "ui/capture/capture_math.hpp"
#include "ui/capture/pdf.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace guichet;
using namespace guichet::ui::capture;
using media::Rotation;

namespace {

// Where the single marked pixel of a picture is after media::rotate.
void marked_after(const media::Image& img, int& x, int& y) {
    for (int j = 0; j < img.height; ++j)
        for (int i = 0; i < img.width; ++i)
            if (img.row(j)[static_cast<std::size_t>(i) * 4] == 255) x = i, y = j;
}

}  // namespace

TEST_CASE("capture maths: view_to_frame inverts media::rotate for every quarter turn") {
    media::Image frame(40, 20, media::PixelFormat::rgba);
    const int fx = 30, fy = 5;
    frame.row(fy)[fx * 4] = 255;
    for (Rotation r : {Rotation::none, Rotation::clockwise, Rotation::half, Rotation::counterclockwise}) {
        const media::Image shown = media::rotate(frame, r);
        CHECK(shown.size() == turned_size(frame.size(), r));
        int sx = -1, sy = -1;
        marked_after(shown, sx, sy);
        float u = 0, v = 0;
        view_to_frame(r, (static_cast<float>(sx) + 0.5f) / static_cast<float>(shown.width),
                      (static_cast<float>(sy) + 0.5f) / static_cast<float>(shown.height), u, v);
        CHECK(static_cast<int>(u * 40) == fx);
        CHECK(static_cast<int>(v * 20) == fy);
    }
}

TEST_CASE("capture maths: frame_crop maps the shown rectangle to frame pixels") {
    const media::Size frame{1920, 1080};
    NormRect view{0.25f, 0.1f, 0.75f, 0.9f};
    CHECK(frame_crop(view, Rotation::none, frame) == media::Rect{480, 108, 960, 864});
    // Turned a quarter clockwise: the shown left half is the frame's bottom half.
    CHECK(frame_crop(NormRect{0, 0, 0.5f, 1}, Rotation::clockwise, frame) == media::Rect{0, 540, 1920, 540});
    CHECK(frame_crop(NormRect{0, 0, 1, 1}, Rotation::half, frame) == media::Rect{0, 0, 1920, 1080});
    // Degenerate rectangles still give at least one pixel inside the frame.
    const media::Rect r = frame_crop(NormRect{1, 1, 1, 1}, Rotation::none, frame);
    CHECK(r.width == 1);
    CHECK(r.height == 1);
    CHECK(r.x + r.width <= 1920);
}

TEST_CASE("capture maths: the crop follows the paper when the photo is turned") {
    const media::Size frame{1920, 1080};
    const NormRect view{0.1f, 0.2f, 0.6f, 0.7f};
    const media::Rect before = frame_crop(view, Rotation::none, frame);
    CHECK(frame_crop(turn_clockwise(view), Rotation::clockwise, frame) == before);
    NormRect four = view;
    for (int i = 0; i < 4; ++i) four = turn_clockwise(four);
    CHECK(frame_crop(four, Rotation::none, frame) == before);
    CHECK(next_rotation(next_rotation(next_rotation(next_rotation(Rotation::none)))) == Rotation::none);
}

TEST_CASE("capture maths: dragging a corner keeps the crop inside and not too small") {
    const NormRect start{0.1f, 0.1f, 0.9f, 0.9f};
    NormRect r = drag_corner(start, 0, -0.5f, -0.5f);  // top left, beyond the picture
    CHECK(r.x0 == 0.0f);
    CHECK(r.y0 == 0.0f);
    CHECK(r.x1 == start.x1);
    r = drag_corner(start, 2, -5.0f, -5.0f);  // bottom right, across the top left
    CHECK(r.x1 == doctest::Approx(start.x0 + kMinCropShare));
    CHECK(r.y1 == doctest::Approx(start.y0 + kMinCropShare));
    r = drag_corner(start, 1, 0.05f, 0.05f);  // top right
    CHECK(r.x1 == doctest::Approx(0.95f));
    CHECK(r.y0 == doctest::Approx(0.15f));
    CHECK(r.x0 == start.x0);
    r = drag_corner(start, 3, 0.02f, 0.03f);  // bottom left
    CHECK(r.x0 == doctest::Approx(0.12f));
    CHECK(r.y1 == doctest::Approx(0.93f));
}

TEST_CASE("capture budget: a page is at most 300 KB and the document stays under the field's limit") {
    CHECK(next_page_budget(3'000'000, {}, true) == kPageBudget);
    CHECK(next_page_budget(0, {}, true) == kPageBudget);                 // no limit
    CHECK(next_page_budget(100'000, {}, true) == std::size_t{100'000});  // a small limit wins
    CHECK(next_page_budget(3'000'000, {250'000}, false) == std::nullopt);  // one page only without PDF
    CHECK(next_page_budget(3'000'000, {250'000}, true) == kPageBudget);
    CHECK(next_page_budget(400'000, {250'000}, true) == std::size_t{400'000 - 250'000 - kPdfOverhead});
    CHECK(next_page_budget(290'000, {250'000}, true) == std::nullopt);  // under the readable minimum
    CHECK(next_page_budget(3'000'000, std::vector<std::size_t>(kMaxPages, 10'000), true) == std::nullopt);
}

TEST_CASE("capture names and sizes as the resident reads them") {
    CHECK(attachment_name("justificatif_domicile", 1) == "justificatif_domicile.jpg");
    CHECK(attachment_name("pai", 3) == "pai.pdf");
    CHECK(kilo_octets(182'001) == "183\u00a0Ko");
    CHECK(kilo_octets(0) == "0\u00a0Ko");
}

TEST_CASE("capture PDF: one page per JPEG, embedded as is, with a valid cross-reference table") {
    const Bytes jpeg_a = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9};
    const Bytes jpeg_b = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, 0x01, 0x11, 0x00, 0xFF, 0xD9};
    const Bytes pdf = assemble_pdf({{jpeg_a, 32, 16}, {jpeg_b, 32, 16}});
    const std::string s(pdf.begin(), pdf.end());
    CHECK(s.rfind("%PDF-1.4", 0) == 0);
    CHECK(s.find("/Count 2") != std::string::npos);
    CHECK(s.find("/DeviceGray") != std::string::npos);  // one component in jpeg_a's frame header
    CHECK(s.find("/DeviceRGB") != std::string::npos);   // three in jpeg_b's
    CHECK(s.find(std::string(jpeg_a.begin(), jpeg_a.end())) != std::string::npos);
    // startxref points at the table, and each entry at its object.
    const std::size_t sx = s.rfind("startxref\n");
    REQUIRE(sx != std::string::npos);
    const std::size_t xref = std::stoul(s.substr(sx + 10));
    CHECK(s.compare(xref, 4, "xref") == 0);
    const std::size_t first = s.find("0000000000 65535 f \n", xref) + 20;
    for (int obj = 1; obj <= 8; ++obj) {
        const std::size_t off = std::stoul(s.substr(first + static_cast<std::size_t>(obj - 1) * 20, 10));
        CHECK(s.compare(off, std::to_string(obj).size() + 6, std::to_string(obj) + " 0 obj") == 0);
    }
    CHECK(s.size() > 16);
    CHECK(s.substr(s.size() - 6) == "%%EOF\n");
}
