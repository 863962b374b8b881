#include "media/jpeg_turbo.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/frame_convert.hpp"

#include <turbojpeg.h>

#include <memory>
#include <string>

namespace guichet::media {
namespace {

struct TjDestroy {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDestroy>;  // tjhandle is void*

std::string reason(void* handle) { return tjGetErrorStr2(handle); }

// The smallest factor whose scaled size still covers TARGET (so that swscale
// only ever shrinks); 1/1 when none is smaller.
tjscalingfactor factor_for(int width, int height, Size target) {
    tjscalingfactor best{1, 1};
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num * best.denom >= best.num * f.denom) continue;  // not smaller than the best so far
        if (TJSCALED(width, f) >= target.width && TJSCALED(height, f) >= target.height) best = f;
    }
    return best;
}

// JPEG's YCbCr is full range: swscale's "J" formats. None: a layout swscale has no format for.
AVPixelFormat planar_format(int subsampling) {
    switch (subsampling) {
        case TJSAMP_444: return AV_PIX_FMT_YUVJ444P;
        case TJSAMP_422: return AV_PIX_FMT_YUVJ422P;
        case TJSAMP_420: return AV_PIX_FMT_YUVJ420P;
        case TJSAMP_440: return AV_PIX_FMT_YUVJ440P;
        case TJSAMP_411: return AV_PIX_FMT_YUVJ411P;
        case TJSAMP_GRAY: return AV_PIX_FMT_GRAY8;
        default: return AV_PIX_FMT_NONE;
    }
}

}  // namespace

Result<Image> decode_jpeg_turbo(ByteView bytes, std::string_view name, const TurboJpegOptions& options) {
    const auto who = [&] { return std::string(name) + ": "; };
    if (options.target.width <= 0 || options.target.height <= 0) return fail(who() + "nothing to decode to (empty box)");
    TjHandle handle(tjInitDecompress());
    if (!handle) return fail(who() + "cannot start libjpeg-turbo (" + std::string(tjGetErrorStr2(nullptr)) + ")");
    const auto* data = bytes.data();
    const auto size = static_cast<unsigned long>(bytes.size());
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(handle.get(), data, size, &width, &height, &subsampling, &colorspace) != 0)
        return fail(who() + "corrupt JPEG header (libjpeg-turbo: " + reason(handle.get()) + ")");
    // The caller capped what the first frame header declares; this is the header libjpeg-turbo will decode.
    if (width <= 0 || height <= 0 || static_cast<std::int64_t>(width) * height > options.max_pixels)
        return fail(who() + "JPEG of " + std::to_string(width) + "×" + std::to_string(height) + " pixels, more than the limit of " +
                    std::to_string(options.max_pixels) + " pixels");
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK)
        return fail(who() + "CMYK JPEG (libjpeg-turbo gives no RGB for it)");

    const tjscalingfactor factor = factor_for(width, height, options.target);
    const int out_width = TJSCALED(width, factor), out_height = TJSCALED(height, factor);
    // LIMITSCANS: a progressive JPEG with thousands of scans is refused rather than decoded for minutes.
    // STOPONWARNING: damaged data ("premature end of data segment"…) stops the decode instead of leaving gray.
    const int flags = TJFLAG_LIMITSCANS | TJFLAG_STOPONWARNING | (options.fast_dct ? TJFLAG_FASTDCT : 0);
    const auto failed = [&] {
        const bool warning = tjGetErrorCode(handle.get()) == TJERR_WARNING;
        return fail(who() + (warning ? "damaged JPEG data" : "corrupt JPEG") + " (libjpeg-turbo: " + reason(handle.get()) + ")");
    };

    // Not exactly the target: the planes as decoded (no colour conversion), then one swscale pass that
    // converts and shrinks (converting to RGBA at the larger size, then shrinking RGBA, cost 3×).
    const AVPixelFormat planar = planar_format(subsampling);
    const bool ycc = colorspace == TJCS_YCbCr || colorspace == TJCS_GRAY;
    if (Size{out_width, out_height} != options.target && ycc && planar != AV_PIX_FMT_NONE) {
        ff::Frame frame = ff::make_frame();
        if (!frame) return fail(who() + "out of memory");
        frame->width = out_width;
        frame->height = out_height;
        frame->format = planar;
        if (int err = av_frame_get_buffer(frame.get(), 0); err < 0) return ffmpeg_error(name, "cannot allocate a frame", err);
        int strides[3] = {frame->linesize[0], frame->linesize[1], frame->linesize[2]};
        if (tjDecompressToYUVPlanes(handle.get(), data, size, frame->data, out_width, strides, out_height, flags) != 0) return failed();
        return frame_to_image(*frame, options.target, options.format, name);
    }

    Image image(out_width, out_height, options.format);
    const int pixel_format = options.format == PixelFormat::rgba ? TJPF_RGBA : TJPF_GRAY;
    if (tjDecompress2(handle.get(), data, size, image.pixels.data(), out_width, static_cast<int>(image.stride()), out_height,
                      pixel_format, flags) != 0)
        return failed();
    if (image.size() == options.target) return image;
    auto scaled = resize(image, options.target);
    if (!scaled) return fail(who() + scaled.error().message);
    return scaled;
}

}  // namespace guichet::media
