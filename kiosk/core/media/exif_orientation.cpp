#include "media/exif_orientation.hpp"

#include "media/jpeg_markers.hpp"

#include <cstring>
#include <utility>

namespace guichet::media {

namespace {

// Reads of the TIFF block inside the EXIF segment, in its byte order; every
// read is checked against the block's end (the caller gives up on false).
struct Tiff {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    bool little_endian = true;

    bool u16(std::size_t at, unsigned& out) const {
        if (at > size || size - at < 2) return false;
        out = little_endian ? data[at] | (data[at + 1] << 8) : (data[at] << 8) | data[at + 1];
        return true;
    }
    bool u32(std::size_t at, std::uint32_t& out) const {
        unsigned hi = 0, lo = 0;
        if (little_endian ? !(u16(at, lo) && u16(at + 2, hi)) : !(u16(at, hi) && u16(at + 2, lo))) return false;
        out = (static_cast<std::uint32_t>(hi) << 16) | lo;
        return true;
    }
};

constexpr unsigned kOrientationTag = 0x0112, kShortType = 3;

int orientation_in_tiff(const Tiff& t) {
    unsigned magic = 0, entries = 0;
    std::uint32_t ifd0 = 0;
    if (!t.u16(2, magic) || magic != 42 || !t.u32(4, ifd0) || !t.u16(ifd0, entries)) return 1;
    for (unsigned i = 0; i < entries; ++i) {
        const std::size_t entry = static_cast<std::size_t>(ifd0) + 2 + 12 * static_cast<std::size_t>(i);
        unsigned tag = 0, type = 0, value = 0;
        std::uint32_t count = 0;
        if (!t.u16(entry, tag)) return 1;
        if (tag != kOrientationTag) continue;
        if (!t.u16(entry + 2, type) || type != kShortType || !t.u32(entry + 4, count) || count != 1 || !t.u16(entry + 8, value))
            return 1;
        return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
    return 1;
}

}  // namespace

int jpeg_exif_orientation(ByteView bytes) {
    int orientation = 1;  // a damaged file is left as stored
    walk_jpeg(bytes, [&](const JpegSegment& s) {
        if (s.marker == kJpegStartOfScan || s.marker == kJpegEndOfImage) return false;  // no EXIF before the data
        const std::uint8_t* segment = s.payload.data();
        if (s.marker != kJpegApp1 || s.payload.size() < 14 || std::memcmp(segment, "Exif\0\0", 6) != 0) return true;
        if ((segment[6] == 'I' && segment[7] == 'I') || (segment[6] == 'M' && segment[7] == 'M'))
            orientation = orientation_in_tiff(Tiff{segment + 6, s.payload.size() - 6, segment[6] == 'I'});
        return false;
    });
    return orientation;
}

Image apply_orientation(Image image, int orientation) {
    if (orientation < 2 || orientation > 8 || image.empty()) return image;
    const int w = image.width, h = image.height, c = image.channels();
    Image out = swaps_axes(orientation) ? Image(h, w, image.format) : Image(w, h, image.format);
    // Each output pixel (x, y) takes the stored pixel (sx, sy).
    for (int y = 0; y < out.height; ++y) {
        std::uint8_t* dst = out.row(y);
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y;
            switch (orientation) {
                case 2: sx = w - 1 - x; break;
                case 3: sx = w - 1 - x, sy = h - 1 - y; break;
                case 4: sy = h - 1 - y; break;
                case 5: sx = y, sy = x; break;
                case 6: sx = y, sy = h - 1 - x; break;
                case 7: sx = w - 1 - y, sy = h - 1 - x; break;
                case 8: sx = w - 1 - y, sy = x; break;
                default: break;
            }
            std::memcpy(dst + static_cast<std::size_t>(x) * c, image.row(sy) + static_cast<std::size_t>(sx) * c, static_cast<std::size_t>(c));
        }
    }
    image.wipe();  // the stored picture may be a personal document
    return out;
}

}  // namespace guichet::media
