#include "media/frame_convert.hpp"

#include "media/ffmpeg_error.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <string>

namespace guichet::media {
namespace {

AVPixelFormat av_format_of(PixelFormat f) { return f == PixelFormat::rgba ? AV_PIX_FMT_RGBA : AV_PIX_FMT_GRAY8; }

// swscale's bilinear widens its kernel when shrinking (no aliasing) and is
// the fast path; SWS_ACCURATE_RND cost 1.5× on a 4000×3000 conversion
// (guichet-media-bench) for no visible gain.
int filter_for(int src_w, int src_h, Size target) {
    const bool shrinking = target.width < src_w || target.height < src_h;
    return shrinking ? SWS_BILINEAR : SWS_BICUBIC;
}

// swscale's unscaled YUV 4:2:0 → RGBA converter (FFmpeg 5.1, x86 SIMD) writes
// past the end of its output: valgrind shows 8-byte writes up to 24 bytes
// after a 1000×750 RGBA buffer, which is what a 4000×3000 JPEG decoded at ¼
// scale for the kiosk's 1000 px box gives. Images are sized exactly, so the
// scaler writes into this much extra room, removed afterwards (found by
// guichet-media-bench: heap corruption with glibc's allocator; ASan did not
// see it because libswscale is not instrumented).
constexpr std::size_t kScalerSlack = 256;

}  // namespace

Result<Image> frame_to_image(const AVFrame& frame, Size target, PixelFormat format, std::string_view name, ff::Scaler* cache) {
    if (frame.width <= 0 || frame.height <= 0 || target.width <= 0 || target.height <= 0)
        return fail(std::string(name) + ": decoded frame has no pixels");
    const auto source_format = static_cast<AVPixelFormat>(frame.format);
    ff::Scaler local;
    ff::Scaler& scaler = cache ? *cache : local;
    // Returns the same context when the geometry is unchanged, else frees it and makes a new one.
    scaler.reset(sws_getCachedContext(scaler.release(), frame.width, frame.height, source_format, target.width, target.height,
                                      av_format_of(format), filter_for(frame.width, frame.height, target), nullptr, nullptr, nullptr));
    if (!scaler) {
        const char* pixel_name = av_get_pix_fmt_name(source_format);
        return fail(std::string(name) + ": cannot convert pixel format " + (pixel_name ? pixel_name : "unknown"));
    }
    Image image(target.width, target.height, format);
    const std::size_t size = image.pixels.size();
    image.pixels.resize(size + kScalerSlack);
    std::uint8_t* planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    int strides[4] = {static_cast<int>(image.stride()), 0, 0, 0};
    const int rows = sws_scale(scaler.get(), frame.data, frame.linesize, 0, frame.height, planes, strides);
    image.pixels.resize(size);
    if (rows != target.height) return ffmpeg_error(name, "pixel conversion failed", rows < 0 ? rows : AVERROR_BUG);
    return image;
}

Result<ff::Frame> image_to_frame(const Image& image, Size target, AVPixelFormat pixel_format, std::string_view name) {
    if (image.empty() || target.width <= 0 || target.height <= 0) return fail(std::string(name) + ": empty picture");
    ff::Frame frame = ff::make_frame();
    if (!frame) return fail(std::string(name) + ": out of memory");
    frame->width = target.width;
    frame->height = target.height;
    frame->format = pixel_format;
    if (int err = av_frame_get_buffer(frame.get(), 0); err < 0) return ffmpeg_error(name, "cannot allocate a frame", err);
    ff::Scaler scaler(sws_getContext(image.width, image.height, av_format_of(image.format), target.width, target.height,
                                     pixel_format, filter_for(image.width, image.height, target), nullptr, nullptr, nullptr));
    if (!scaler) return fail(std::string(name) + ": cannot convert to the encoder's pixel format");
    const std::uint8_t* planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    const int strides[4] = {static_cast<int>(image.stride()), 0, 0, 0};
    const int rows = sws_scale(scaler.get(), planes, strides, 0, image.height, frame->data, frame->linesize);
    if (rows != target.height) return ffmpeg_error(name, "pixel conversion failed", rows < 0 ? rows : AVERROR_BUG);
    return frame;
}

Result<Image> resize(const Image& image, Size target) {
    if (image.empty() || target.width <= 0 || target.height <= 0) return fail("resize: empty picture");
    const AVPixelFormat format = av_format_of(image.format);
    ff::Scaler scaler(sws_getContext(image.width, image.height, format, target.width, target.height, format,
                                     filter_for(image.width, image.height, target), nullptr, nullptr, nullptr));
    if (!scaler) return fail("resize: cannot scale");
    Image out(target.width, target.height, image.format);
    const std::size_t size = out.pixels.size();
    out.pixels.resize(size + kScalerSlack);
    const std::uint8_t* in_planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    const int in_strides[4] = {static_cast<int>(image.stride()), 0, 0, 0};
    std::uint8_t* out_planes[4] = {out.pixels.data(), nullptr, nullptr, nullptr};
    const int out_strides[4] = {static_cast<int>(out.stride()), 0, 0, 0};
    const int rows = sws_scale(scaler.get(), in_planes, in_strides, 0, image.height, out_planes, out_strides);
    out.pixels.resize(size);
    if (rows != target.height) return fail("resize: scaling failed");
    return out;
}

}  // namespace guichet::media
