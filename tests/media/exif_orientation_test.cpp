// EXIF orientation (media/exif_orientation.hpp): the tag is found in the
// segments before the image data, in either byte order, malformed blocks
// leave the picture as stored, the eight turns follow the EXIF meaning, and
// decode_image() shows a phone's photo upright, fitted to the box upright.
#include "media/exif_orientation.hpp"
#include "common/file.hpp"
#include "media/image_decode.hpp"

#include <doctest/doctest.h>
#include <turbojpeg.h>

#include <memory>
#include <string>
#include <vector>

using namespace guichet;
using namespace guichet::media;

namespace {

// A 400×200 picture in four flat quadrants: red, green / blue, white.
Image quadrants() {
    Image img(400, 200, PixelFormat::rgba);
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            std::uint8_t* p = img.row(y) + 4 * x;
            const bool right = x >= img.width / 2, bottom = y >= img.height / 2;
            const std::uint8_t rgb[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
            const auto* c = rgb[(bottom ? 2 : 0) + (right ? 1 : 0)];
            p[0] = c[0], p[1] = c[1], p[2] = c[2], p[3] = 255;
        }
    return img;
}

std::vector<std::uint8_t> to_jpeg(const Image& img) {
    std::unique_ptr<void, int (*)(tjhandle)> h(tjInitCompress(), tjDestroy);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(h.get(), img.pixels.data(), img.width, 0, img.height, TJPF_RGBA, &out, &size, TJSAMP_444, 95, 0) == 0);
    std::vector<std::uint8_t> jpeg(out, out + size);
    tjFree(out);
    return jpeg;
}

// An APP1 EXIF segment whose IFD0 holds ENTRY_VALUE for tag 0x0112 (type
// TYPE, count COUNT), in little- or big-endian order; IFD0_OFFSET moves the IFD.
std::vector<std::uint8_t> exif_segment(unsigned value, bool little_endian = true, unsigned type = 3, unsigned count = 1,
                                       std::uint32_t ifd0_offset = 8) {
    std::vector<std::uint8_t> tiff;
    auto u16 = [&](unsigned v) {
        if (little_endian) tiff.insert(tiff.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)});
        else tiff.insert(tiff.end(), {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
    };
    auto u32 = [&](std::uint32_t v) {
        if (little_endian) u16(v & 0xFFFF), u16(v >> 16);
        else u16(v >> 16), u16(v & 0xFFFF);
    };
    tiff.insert(tiff.end(), little_endian ? std::initializer_list<std::uint8_t>{'I', 'I'} : std::initializer_list<std::uint8_t>{'M', 'M'});
    u16(42);
    u32(ifd0_offset);
    u16(2);  // two entries: another tag first, then the orientation
    u16(0x010F), u16(2), u32(4), u32(0);  // Make, ASCII, 4 bytes inline
    u16(0x0112), u16(type), u32(count), u16(value), u16(0);
    u32(0);  // no next IFD
    std::vector<std::uint8_t> seg = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    seg.insert(seg.end(), tiff.begin(), tiff.end());
    const std::size_t length = seg.size() - 2;
    seg[2] = static_cast<std::uint8_t>(length >> 8), seg[3] = static_cast<std::uint8_t>(length);
    return seg;
}

std::vector<std::uint8_t> with_segment(std::vector<std::uint8_t> jpeg, const std::vector<std::uint8_t>& segment) {
    jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());  // right after SOI
    return jpeg;
}

int orientation_of(const std::vector<std::uint8_t>& bytes) { return jpeg_exif_orientation(ByteView(bytes.data(), bytes.size())); }

// The colour at the centre of quadrant (QX, QY) of IMG, as "r g b".
std::string quadrant(const Image& img, int qx, int qy) {
    const std::uint8_t* p = img.row(img.height / 4 + qy * img.height / 2) + 4 * (img.width / 4 + qx * img.width / 2);
    auto level = [](std::uint8_t v) { return v > 128 ? "1" : "0"; };
    return std::string(level(p[0])) + level(p[1]) + level(p[2]);
}

}  // namespace

TEST_CASE("EXIF orientation: found before the image data, in either byte order") {
    const auto jpeg = to_jpeg(quadrants());
    CHECK(orientation_of(jpeg) == 1);  // no EXIF
    for (unsigned v = 1; v <= 8; ++v) {
        CAPTURE(v);
        CHECK(orientation_of(with_segment(jpeg, exif_segment(v, true))) == static_cast<int>(v));
        CHECK(orientation_of(with_segment(jpeg, exif_segment(v, false))) == static_cast<int>(v));
    }
    // After a JFIF APP0 segment too.
    const std::vector<std::uint8_t> jfif = {0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    CHECK(orientation_of(with_segment(with_segment(jpeg, exif_segment(6)), jfif)) == 6);
}

TEST_CASE("EXIF orientation: anything malformed leaves the picture as stored") {
    const auto jpeg = to_jpeg(quadrants());
    CHECK(orientation_of(with_segment(jpeg, exif_segment(0))) == 1);
    CHECK(orientation_of(with_segment(jpeg, exif_segment(9))) == 1);
    CHECK(orientation_of(with_segment(jpeg, exif_segment(6, true, 4))) == 1);        // LONG, not SHORT
    CHECK(orientation_of(with_segment(jpeg, exif_segment(6, true, 3, 2))) == 1);     // two values
    CHECK(orientation_of(with_segment(jpeg, exif_segment(6, true, 3, 1, 4000))) == 1);  // IFD outside the block
    auto truncated = exif_segment(6);
    truncated.resize(20);  // the segment says it is longer than the file
    CHECK(orientation_of(with_segment(std::vector<std::uint8_t>{0xFF, 0xD8}, truncated)) == 1);
    auto not_tiff = exif_segment(6);
    not_tiff[10] = 'X';
    CHECK(orientation_of(with_segment(jpeg, not_tiff)) == 1);
    CHECK(orientation_of({}) == 1);
    CHECK(orientation_of({0xFF, 0xD8, 0xFF}) == 1);
    // Every prefix of a file with EXIF: never reads past the end.
    const auto whole = with_segment(jpeg, exif_segment(6));
    for (std::size_t n = 0; n < 80; ++n) {
        const int o = jpeg_exif_orientation(ByteView(whole.data(), n));
        CHECK((o == 1 || o == 6));
    }
}

TEST_CASE("The eight orientations turn the stored picture as EXIF means") {
    // 3×2 stored pixels numbered 0–5 in reading order (gray values).
    Image stored(3, 2, PixelFormat::gray);
    for (int i = 0; i < 6; ++i) stored.pixels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    auto shown = [&](int o) {
        const Image out = apply_orientation(stored, o);
        std::string s = std::to_string(out.width) + "x" + std::to_string(out.height) + ":";
        for (std::uint8_t p : out.pixels) s += static_cast<char>('0' + p);
        return s;
    };
    CHECK(shown(1) == "3x2:012345");
    CHECK(shown(2) == "3x2:210543");  // mirrored
    CHECK(shown(3) == "3x2:543210");  // half turn
    CHECK(shown(4) == "3x2:345012");  // flipped upside down
    CHECK(shown(5) == "2x3:031425");  // transposed
    CHECK(shown(6) == "2x3:304152");  // quarter turn clockwise
    CHECK(shown(7) == "2x3:524130");  // transverse
    CHECK(shown(8) == "2x3:251403");  // quarter turn counter-clockwise
    CHECK(shown(0) == "3x2:012345");
}

TEST_CASE("decode_image shows a phone's photo upright, fitted to the box upright") {
    const auto jpeg = to_jpeg(quadrants());  // 400×200: red green / blue white
    const auto turned = with_segment(jpeg, exif_segment(6));  // the phone was held upright: turn clockwise
    DecodeOptions options;
    options.box = {100, 100};
    auto decoded = decode_image(ByteView(turned.data(), turned.size()), "photo.jpg", options);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(decoded->orientation == 6);
    CHECK(decoded->source.size == Size{400, 200});
    CHECK(decoded->image.size() == Size{50, 100});
    CHECK(quadrant(decoded->image, 0, 0) == "001");  // blue: the stored bottom-left, now top-left
    CHECK(quadrant(decoded->image, 1, 0) == "100");  // red
    CHECK(quadrant(decoded->image, 0, 1) == "111");  // white
    CHECK(quadrant(decoded->image, 1, 1) == "010");  // green

    options.apply_orientation = false;
    auto as_stored = decode_image(ByteView(turned.data(), turned.size()), "photo.jpg", options);
    REQUIRE(as_stored.ok());
    CHECK(as_stored->orientation == 1);
    CHECK(as_stored->image.size() == Size{100, 50});
    CHECK(quadrant(as_stored->image, 0, 0) == "100");
}

TEST_CASE("The EXIF sample file (also a fuzz seed) decodes upright") {
    auto bytes = read_file(std::string(GUICHET_MEDIA_DATA) + "/testsrc-64x48-exif-orientation-6.jpg", 1 << 20);
    REQUIRE_MESSAGE(bytes.ok(), bytes.error().message);
    auto decoded = decode_image(ByteView(bytes->data(), bytes->size()), "testsrc-64x48-exif-orientation-6.jpg");
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(decoded->orientation == 6);
    CHECK(decoded->image.size() == Size{48, 64});
}
