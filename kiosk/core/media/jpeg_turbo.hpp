// JPEG decoding with libjpeg-turbo's TurboJPEG API (Debian's libturbojpeg0),
// scaled inside the IDCT. Internal to the media library: callers use
// decode_image (image_decode.hpp), which checks the size cap first and hands
// to FFmpeg whatever this decoder refuses.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/image.hpp"

#include <cstdint>
#include <string_view>

namespace guichet::media {

struct TurboJpegOptions {
    Size target;                             // the exact output size (already fitted to the box)
    PixelFormat format = PixelFormat::rgba;
    std::int64_t max_pixels = 40'000'000;    // checked again on the header libjpeg-turbo reads
    bool fast_dct = false;                   // TJFLAG_FASTDCT
};

// BYTES decoded at the smallest libjpeg-turbo scaling factor (2/1 … 1/8) whose
// result is at least TARGET on both sides, then shrunk by swscale when not
// already TARGET. Errors say "NAME: …" and quote libjpeg-turbo's reason
// (tjGetErrorStr2); warnings (damaged data) are errors too.
Result<Image> decode_jpeg_turbo(ByteView bytes, std::string_view name, const TurboJpegOptions& options);

}  // namespace guichet::media
