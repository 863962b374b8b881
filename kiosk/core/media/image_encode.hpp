// Picture encoding (JPEG, PNG, WebP) with FFmpeg's encoders: captured
// documents before they are sealed, and pictures re-encoded by guichet-pack.
// Reentrant, like decode_image().
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/image.hpp"
#include "media/image_probe.hpp"

#include <string_view>

namespace guichet::media {

struct EncodeOptions {
    ImageFormat format = ImageFormat::jpeg;
    Size size;              // encode at this size (aspect is the caller's business); {0,0}: the image's size
    int jpeg_qscale = 3;    // FFmpeg's JPEG quantiser scale: 1 (finest, largest) … 31 (coarsest)
    int webp_quality = 80;  // libwebp quality 0 … 100 (lossy)
};

// The first frame-size/quality combination is the caller's choice; see
// capture.hpp for the search under a byte budget.
Result<Bytes> encode_image(const Image& image, const EncodeOptions& options, std::string_view name);

}  // namespace guichet::media
