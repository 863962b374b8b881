#include "media/image_probe.hpp"

#include "media/jpeg_markers.hpp"

#include <cstring>
#include <optional>
#include <string>

namespace guichet::media {
namespace {

std::uint32_t be16(const std::uint8_t* p) { return static_cast<std::uint32_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}
std::uint32_t le24(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16;
}
bool has(ByteView b, std::size_t offset, const char* magic, std::size_t n) {
    return b.size() >= offset + n && std::memcmp(b.data() + offset, magic, n) == 0;
}

Result<ImageInfo> checked(ImageFormat format, std::uint32_t w, std::uint32_t h, std::string_view name) {
    if (w == 0 || h == 0 || w > 65535 || h > 65535)
        return fail(std::string(name) + ": " + std::string(format_name(format)) + " header declares a size of " + std::to_string(w) +
                    "×" + std::to_string(h) + " pixels, outside 1…65535 on each side");
    return ImageInfo{format, {static_cast<int>(w), static_cast<int>(h)}};
}

// Walks the marker structure to the end-of-image marker: FFmpeg's decoder
// silently pads a truncated JPEG with gray, so truncation is caught here.
Result<ImageInfo> probe_jpeg(ByteView b, std::string_view name) {
    auto corrupt = [&](const std::string& why) { return fail(std::string(name) + ": corrupt JPEG (" + why + ")"); };
    std::optional<ImageInfo> info;
    std::optional<Error> refused;
    const JpegWalk walk = walk_jpeg(b, [&](const JpegSegment& s) {
        if (is_jpeg_frame_header(s.marker) && !info) {
            if (s.payload.size() < 6) return false;  // reported as truncated below
            // precision (1 byte), height (2), width (2), components (1)
            auto size = checked(ImageFormat::jpeg, be16(&s.payload[3]), be16(&s.payload[1]), name);
            if (!size) {
                refused = size.error();
                return false;
            }
            info = *size;
        }
        if (s.marker == kJpegStartOfScan && !info) refused = corrupt("image data before any frame header");
        if (s.marker == kJpegEndOfImage && !info) refused = corrupt("no frame header");
        return !refused;
    });
    if (refused) return *refused;
    if (walk.end == JpegWalkEnd::end_of_image) return *info;
    if (walk.end == JpegWalkEnd::damaged || walk.end == JpegWalkEnd::not_jpeg) return corrupt(walk.why);
    return fail(std::string(name) + ": truncated JPEG (the file ends before its end-of-image marker)");
}

Result<ImageInfo> probe_webp(ByteView b, std::string_view name) {
    if (b.size() < 30) return fail(std::string(name) + ": truncated WebP (header incomplete)");
    if (has(b, 12, "VP8 ", 4)) {
        if (!(b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)) return fail(std::string(name) + ": corrupt WebP (bad VP8 start code)");
        return checked(ImageFormat::webp, load_le16(&b[26]) & 0x3FFFu, load_le16(&b[28]) & 0x3FFFu, name);
    }
    if (has(b, 12, "VP8L", 4)) {
        if (b[20] != 0x2F) return fail(std::string(name) + ": corrupt WebP (bad lossless signature)");
        const std::uint32_t bits = load_le32(&b[21]);
        return checked(ImageFormat::webp, (bits & 0x3FFFu) + 1, ((bits >> 14) & 0x3FFFu) + 1, name);
    }
    if (has(b, 12, "VP8X", 4)) return checked(ImageFormat::webp, le24(&b[24]) + 1, le24(&b[27]) + 1, name);
    return fail(std::string(name) + ": unsupported WebP variant (no VP8, VP8L or VP8X chunk first)");
}

}  // namespace

std::string_view mime_type(ImageFormat f) {
    switch (f) {
        case ImageFormat::jpeg: return "image/jpeg";
        case ImageFormat::png: return "image/png";
        case ImageFormat::webp: return "image/webp";
    }
    return "application/octet-stream";
}

std::string_view format_name(ImageFormat f) {
    switch (f) {
        case ImageFormat::jpeg: return "JPEG";
        case ImageFormat::png: return "PNG";
        case ImageFormat::webp: return "WebP";
    }
    return "?";
}

Result<ImageInfo> probe_image(ByteView b, std::string_view name) {
    if (b.empty()) return fail(std::string(name) + ": empty file, not a picture");
    if (has(b, 0, "\xFF\xD8\xFF", 3)) return probe_jpeg(b, name);
    if (has(b, 0, "\x89PNG\r\n\x1A\n", 8)) {
        if (b.size() < 24 || !has(b, 12, "IHDR", 4)) return fail(std::string(name) + ": truncated PNG (no IHDR header)");
        return checked(ImageFormat::png, be32(&b[16]), be32(&b[20]), name);
    }
    if (has(b, 0, "RIFF", 4) && has(b, 8, "WEBP", 4)) return probe_webp(b, name);
    return fail(std::string(name) + ": not a JPEG, PNG or WebP picture");
}

}  // namespace guichet::media
