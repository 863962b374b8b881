#include "media/jpeg_markers.hpp"

namespace guichet::media {

namespace {

constexpr bool has_no_length(std::uint8_t marker) { return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7); }

}  // namespace

JpegWalk walk_jpeg(ByteView b, const std::function<bool(const JpegSegment&)>& visit) {
    const std::size_t n = b.size();
    if (n < 2 || b[0] != 0xFF || b[1] != 0xD8) return {JpegWalkEnd::not_jpeg, "no start-of-image marker"};
    std::size_t i = 2;
    while (i < n) {
        if (b[i] != 0xFF) return {JpegWalkEnd::damaged, "no marker at byte " + std::to_string(i)};
        const std::size_t offset = i;
        while (i < n && b[i] == 0xFF) ++i;  // fill bytes
        if (i >= n) break;
        const std::uint8_t marker = b[i++];
        if (marker == kJpegEndOfImage || has_no_length(marker)) {
            if (!visit({marker, offset, {}})) return {JpegWalkEnd::stopped, {}};
            if (marker == kJpegEndOfImage) return {JpegWalkEnd::end_of_image, {}};
            continue;
        }
        if (n - i < 2) break;
        const std::size_t length = static_cast<std::size_t>(b[i]) << 8 | b[i + 1];
        if (length < 2) return {JpegWalkEnd::damaged, "segment length " + std::to_string(length)};
        if (length > n - i) break;
        if (!visit({marker, offset, ByteView(b.data() + i + 2, length - 2)})) return {JpegWalkEnd::stopped, {}};
        i += length;
        if (marker == kJpegStartOfScan) {
            // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
            while (i + 1 < n && !(b[i] == 0xFF && b[i + 1] != 0x00 && !(b[i + 1] >= 0xD0 && b[i + 1] <= 0xD7))) ++i;
            if (i + 1 >= n) break;
        }
    }
    return {JpegWalkEnd::truncated, {}};
}

}  // namespace guichet::media
