#include "media/jpeg_markers.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace guichet;
using namespace guichet::media;

namespace {

// SOI, an APP1 with 3 payload bytes, fill bytes, SOF0 (6 bytes), SOS (1 byte)
// followed by entropy data with a stuffed 0xFF00 and a restart marker, EOI.
const std::vector<std::uint8_t> kSmall = {
    0xFF, 0xD8,                                            // SOI
    0xFF, 0xE1, 0x00, 0x05, 'a', 'b', 'c',                 // APP1
    0xFF, 0xFF, 0xFF, 0xC0, 0x00, 0x08, 8, 0, 2, 0, 3, 1,  // fill bytes, SOF0 8-bit 3×2, 1 component
    0xFF, 0xDA, 0x00, 0x03, 0x01,                          // SOS
    0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56,              // entropy data: stuffed byte, RST3
    0xFF, 0xD9,                                            // EOI
};

std::vector<std::uint8_t> markers_of(const std::vector<std::uint8_t>& bytes, JpegWalk* walk = nullptr) {
    std::vector<std::uint8_t> seen;
    auto w = walk_jpeg(ByteView(bytes.data(), bytes.size()), [&](const JpegSegment& s) {
        seen.push_back(s.marker);
        return true;
    });
    if (walk) *walk = w;
    return seen;
}

}  // namespace

TEST_CASE("the JPEG walker visits each segment once, skipping fill bytes and entropy-coded data") {
    JpegWalk walk;
    CHECK(markers_of(kSmall, &walk) == std::vector<std::uint8_t>{0xE1, 0xC0, 0xDA, 0xD9});
    CHECK(walk.end == JpegWalkEnd::end_of_image);
    std::size_t sof_payload = 0;
    walk_jpeg(ByteView(kSmall.data(), kSmall.size()), [&](const JpegSegment& s) {
        if (s.marker == 0xC0) {
            sof_payload = s.payload.size();
            CHECK(s.payload[5] == 1);
            CHECK(s.offset == 9);  // the first fill byte
        }
        return true;
    });
    CHECK(sof_payload == 6);
}

TEST_CASE("the JPEG walker stops when asked, and reports truncated and damaged files") {
    int visited = 0;
    auto stopped = walk_jpeg(ByteView(kSmall.data(), kSmall.size()), [&](const JpegSegment&) { return ++visited < 2; });
    CHECK(stopped.end == JpegWalkEnd::stopped);
    CHECK(visited == 2);
    for (std::size_t cut = 2; cut < kSmall.size(); ++cut) {
        std::vector<std::uint8_t> head(kSmall.begin(), kSmall.begin() + static_cast<std::ptrdiff_t>(cut));
        JpegWalk walk;
        markers_of(head, &walk);
        CHECK_MESSAGE(walk.end == JpegWalkEnd::truncated, "cut at " << cut);
    }
    auto damaged = kSmall;
    damaged[9] = 0x00;  // no marker where the SOF's fill bytes were
    JpegWalk walk;
    markers_of(damaged, &walk);
    CHECK(walk.end == JpegWalkEnd::damaged);
    CHECK(walk.why == "no marker at byte 9");
    auto short_length = kSmall;
    short_length[5] = 0x01;  // APP1 length 1
    markers_of(short_length, &walk);
    CHECK(walk.end == JpegWalkEnd::damaged);
    markers_of({0x89, 'P', 'N', 'G'}, &walk);
    CHECK(walk.end == JpegWalkEnd::not_jpeg);
}
