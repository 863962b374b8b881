// One walker over a JPEG's marker segments (ITU T.81 annex B), shared by the
// probe (size, truncation), the EXIF orientation reader and the capture PDF
// writer (component count), so that fill bytes, markers without a length and
// the entropy-coded data after a start of scan are handled in one place.
// Every read is bounded by the buffer; a damaged or truncated file ends the
// walk with a reason, never a read past the end.
#pragma once

#include "common/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace guichet::media {

struct JpegSegment {
    std::uint8_t marker = 0;
    std::size_t offset = 0;  // of the 0xFF that introduces the marker
    ByteView payload;        // the bytes after the length field; empty for markers without one
};

enum class JpegWalkEnd {
    end_of_image,  // reached EOI (0xFFD9)
    stopped,       // the visitor returned false
    not_jpeg,      // no start-of-image marker
    damaged,       // bytes that are not a marker where one must be, or a length under 2
    truncated,     // the data ends inside a segment or before EOI
};

struct JpegWalk {
    JpegWalkEnd end = JpegWalkEnd::truncated;
    std::string why;  // for damaged: what was wrong and where
};

inline constexpr std::uint8_t kJpegStartOfScan = 0xDA, kJpegEndOfImage = 0xD9, kJpegApp1 = 0xE1;

// SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC): a frame header.
constexpr bool is_jpeg_frame_header(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Calls VISIT for each marker after SOI, in order, EOI included; VISIT returns
// false to stop the walk. After a start of scan the entropy-coded data (with
// its stuffed 0xFF00 bytes and restart markers) is skipped to the next marker.
JpegWalk walk_jpeg(ByteView bytes, const std::function<bool(const JpegSegment&)>& visit);

}  // namespace guichet::media
