#include "media/image_decode.hpp"
#include "media/image_decode_with.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/frame_convert.hpp"
#include "media/exif_orientation.hpp"
#include "media/jpeg_turbo.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace guichet::media {
namespace {

AVCodecID codec_for(ImageFormat f) {
    switch (f) {
        case ImageFormat::jpeg: return AV_CODEC_ID_MJPEG;
        case ImageFormat::png: return AV_CODEC_ID_PNG;
        case ImageFormat::webp: return AV_CODEC_ID_WEBP;
    }
    return AV_CODEC_ID_NONE;
}

// JPEG can be decoded at 1/2, 1/4 or 1/8 scale in the IDCT itself: much
// faster for a 4000×3000 photo shown on a 1080p screen. Keeps the decoded
// size at least TARGET so that swscale only ever shrinks.
int lowres_for(const AVCodec& codec, Size source, Size target) {
    int lowres = 0;
    while (lowres < codec.max_lowres && (source.width >> (lowres + 1)) >= target.width &&
           (source.height >> (lowres + 1)) >= target.height)
        ++lowres;
    return lowres;
}

std::string size_text(Size s) { return std::to_string(s.width) + "×" + std::to_string(s.height); }

// FFmpeg's decoder for every format; REDUCED_IDCT: JPEG at 1/2, 1/4 or 1/8 scale (lowres).
Result<Image> decode_ffmpeg(ByteView bytes, std::string_view name, const ImageInfo& info, Size target, const DecodeOptions& options,
                            bool reduced_idct) {
    const Size source = info.size;
    const AVCodec* codec = avcodec_find_decoder(codec_for(info.format));
    if (!codec) return fail(std::string(name) + ": this FFmpeg has no " + std::string(format_name(info.format)) + " decoder");
    ff::CodecContext context(avcodec_alloc_context3(codec));
    ff::Packet packet = ff::make_packet();
    ff::Frame frame = ff::make_frame();
    if (!context || !packet || !frame) return fail(std::string(name) + ": out of memory");
    context->max_pixels = options.limits.max_pixels;  // second guard, inside the decoder's allocator
    context->thread_count = 1;                        // already on a worker; images are one frame
    context->lowres = reduced_idct ? lowres_for(*codec, source, target) : 0;
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0) return ffmpeg_error(name, "cannot open the decoder", err);

    // Decoders read past the end by up to AV_INPUT_BUFFER_PADDING_SIZE: copy into a padded packet.
    if (int err = av_new_packet(packet.get(), static_cast<int>(bytes.size())); err < 0) return ffmpeg_error(name, "out of memory", err);
    std::memcpy(packet->data, bytes.data(), bytes.size());
    int err = avcodec_send_packet(context.get(), packet.get());
    if (err >= 0) err = avcodec_send_packet(context.get(), nullptr);  // end of stream: flush frame threads
    if (err >= 0 || err == AVERROR_EOF) err = avcodec_receive_frame(context.get(), frame.get());
    if (err < 0) {
        const bool truncated = err == AVERROR_EOF || err == AVERROR(EAGAIN);
        return ffmpeg_error(name, truncated ? "corrupt or truncated " + std::string(format_name(info.format)) + ", no picture decoded"
                                            : "corrupt " + std::string(format_name(info.format)),
                            err);
    }
    // Some JPEGs carry several frame headers; trust only what was decoded.
    if (static_cast<std::int64_t>(frame->width) * frame->height > options.limits.max_pixels)
        return fail(std::string(name) + ": decoded picture exceeds the pixel limit");
    if ((frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0)
        return fail(std::string(name) + ": corrupt or truncated " + std::string(format_name(info.format)) + " (damaged picture data)");

    return frame_to_image(*frame, target, options.format, name);
}

}  // namespace

Result<DecodedImage> decode_image(ByteView bytes, std::string_view name, const DecodeOptions& options) {
    return decode_image_with(bytes, name, options, JpegDecoder::turbojpeg);
}

Result<DecodedImage> decode_image_with(ByteView bytes, std::string_view name, const DecodeOptions& options, JpegDecoder decoder) {
    install_ffmpeg_log_capture();
    if (bytes.size() > options.limits.max_bytes)
        return fail(std::string(name) + ": " + std::to_string(bytes.size()) + " bytes, more than the " +
                    std::to_string(options.limits.max_bytes) + "-byte limit for a picture");
    auto info = probe_image(bytes, name);
    if (!info) return info.error();
    const Size source = info->size;
    const std::int64_t pixels = static_cast<std::int64_t>(source.width) * source.height;
    if (pixels > options.limits.max_pixels)
        return fail(std::string(name) + ": " + std::string(format_name(info->format)) + " of " + size_text(source) +
                    " pixels, more than the limit of " + std::to_string(options.limits.max_pixels) + " pixels");
    // A phone's photo is stored as the sensor saw it: decode to the size that,
    // once turned upright, fits the box, then turn it.
    const int orientation = info->format == ImageFormat::jpeg && options.apply_orientation ? jpeg_exif_orientation(bytes) : 1;
    Size target = fit_within(source, options.box);
    if (swaps_axes(orientation)) {
        const Size upright = fit_within({source.height, source.width}, options.box);
        target = {upright.height, upright.width};
    }
    auto done = [&](Image image) { return DecodedImage{apply_orientation(std::move(image), orientation), *info, orientation}; };

    const bool turbo_path = decoder == JpegDecoder::turbojpeg || decoder == JpegDecoder::turbojpeg_fast_dct;
    if (info->format == ImageFormat::jpeg && turbo_path) {
        auto turbo = decode_jpeg_turbo(bytes, name, {target, options.format, options.limits.max_pixels, decoder == JpegDecoder::turbojpeg_fast_dct});
        if (turbo) return done(std::move(*turbo));
        // What libjpeg-turbo refuses (CMYK, lossless JPEG, damaged data) goes to FFmpeg, whose
        // verdict stands; when it fails too, libjpeg-turbo's reason is the one given.
        auto fallback = decode_ffmpeg(bytes, name, *info, target, options, true);
        if (!fallback) return turbo.error();
        return done(std::move(*fallback));
    }
    auto image = decode_ffmpeg(bytes, name, *info, target, options, decoder != JpegDecoder::ffmpeg_full_idct);
    if (!image) return image.error();
    return done(std::move(*image));
}

}  // namespace guichet::media
