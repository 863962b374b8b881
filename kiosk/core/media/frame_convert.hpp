// Conversions between decoded FFmpeg frames and Images, through swscale.
// Internal to the media library (decoders, encoders, cameras).
#pragma once

#include "common/result.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/image.hpp"

#include <string_view>

namespace guichet::media {

// Scales FRAME to exactly TARGET in FORMAT (area filter when shrinking,
// bicubic otherwise). NAME is for error messages.
// SCALER, when given, is reused across calls with the same geometry (video).
Result<Image> frame_to_image(const AVFrame& frame, Size target, PixelFormat format, std::string_view name,
                             ff::Scaler* scaler = nullptr);

// IMAGE converted and scaled to TARGET in PIXEL_FORMAT, ready for an encoder.
Result<ff::Frame> image_to_frame(const Image& image, Size target, AVPixelFormat pixel_format, std::string_view name);

// IMAGE scaled to TARGET, same pixel format.
Result<Image> resize(const Image& image, Size target);

}  // namespace guichet::media
