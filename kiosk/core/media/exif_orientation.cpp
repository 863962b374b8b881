#include "media/exif_orientation.hpp"

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
    const std::uint8_t* b = bytes.data();
    const std::size_t n = bytes.size();
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return 1;
    std::size_t pos = 2;
    while (pos + 4 <= n) {
        if (b[pos] != 0xFF) return 1;  // not at a marker: damaged, leave the picture as stored
        const std::uint8_t marker = b[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return 1;  // end of image, start of scan: no EXIF before the data
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
            pos += 2;
            continue;
        }
        const std::size_t length = (static_cast<std::size_t>(b[pos + 2]) << 8) | b[pos + 3];
        if (length < 2 || length > n - pos - 2) return 1;
        const std::uint8_t* segment = b + pos + 4;
        const std::size_t segment_size = length - 2;
        if (marker == 0xE1 && segment_size >= 14 && std::memcmp(segment, "Exif\0\0", 6) == 0) {
            Tiff t{segment + 6, segment_size - 6, segment[6] == 'I'};
            if ((segment[6] != 'I' || segment[7] != 'I') && (segment[6] != 'M' || segment[7] != 'M')) return 1;
            return orientation_in_tiff(t);
        }
        pos += 2 + length;
    }
    return 1;
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
