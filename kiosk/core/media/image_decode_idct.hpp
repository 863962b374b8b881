// decode_image with the choice of IDCT, for the benchmark's before/after
// figures and the test that both agree. The kiosk always calls decode_image,
// which decodes large JPEGs at 1/2, 1/4 or 1/8 scale inside the IDCT
// (FFmpeg's lowres) while the result stays at least the box.
#pragma once

#include "media/image_decode.hpp"

namespace guichet::media {

// REDUCED_IDCT false: every JPEG is decoded at full size, then scaled by swscale.
Result<DecodedImage> decode_image_idct(ByteView bytes, std::string_view name, const DecodeOptions& options, bool reduced_idct);

}  // namespace guichet::media
