// decode_image with the choice of JPEG decoder, for the benchmark's side-by-side
// figures and the tests that the decoders agree. The kiosk always calls
// decode_image, which uses JpegDecoder::turbojpeg for JPEG (docs/media.md).
#pragma once

#include "media/image_decode.hpp"

namespace guichet::media {

enum class JpegDecoder {
    ffmpeg_full_idct,     // FFmpeg at full size, then swscale
    ffmpeg_reduced_idct,  // FFmpeg's lowres: the IDCT at 1/2, 1/4 or 1/8 scale, then swscale
    turbojpeg,            // libjpeg-turbo (TurboJPEG API), scaled in the IDCT; FFmpeg for what it refuses
    turbojpeg_fast_dct,   // the same with TJFLAG_FASTDCT (less accurate integer IDCT at full scale)
};

// PNG and WebP ignore DECODER (always FFmpeg).
Result<DecodedImage> decode_image_with(ByteView bytes, std::string_view name, const DecodeOptions& options, JpegDecoder decoder);

}  // namespace guichet::media
