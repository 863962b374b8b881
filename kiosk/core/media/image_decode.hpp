// Picture decoding (JPEG, PNG, WebP) to RGBA or gray, scaled to display size.
//
// Thread-safety: decode_image() is reentrant and keeps no shared state (each
// call owns its FFmpeg contexts), so the kiosk runs it on worker threads and
// hands the Image to the UI thread for the texture upload. The only global it
// touches is the FFmpeg log callback, installed once (ffmpeg_error.hpp).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/image.hpp"
#include "media/image_probe.hpp"

#include <cstdint>
#include <string_view>

namespace guichet::media {

struct DecodeLimits {
    std::int64_t max_pixels = 40'000'000;        // declared width × height; refuses decompression bombs
    std::size_t max_bytes = 64u * 1024 * 1024;   // encoded size
};

struct DecodeOptions {
    Size box;                                 // fit within, aspect preserved, no upscaling; {0,0}: native size
    PixelFormat format = PixelFormat::rgba;
    DecodeLimits limits;
    bool apply_orientation = true;  // a JPEG's EXIF orientation: turned upright (BOX applies to the upright picture)
};

struct DecodedImage {
    Image image;
    ImageInfo source;     // the file's own format and size (as stored, before any turn)
    int orientation = 1;  // the EXIF orientation applied (exif_orientation.hpp); 1: none
};

// Errors name NAME and say what is wrong: not a picture, truncated, corrupt,
// too many pixels. Never crashes on hostile input (fuzzed: tests/fuzz/media_decode_fuzz.cpp).
Result<DecodedImage> decode_image(ByteView bytes, std::string_view name, const DecodeOptions& options = {});

}  // namespace guichet::media
