#include "media/image_encode.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/frame_convert.hpp"

#include <algorithm>
#include <string>

namespace guichet::media {
namespace {

struct EncoderChoice {
    const AVCodec* codec = nullptr;
    AVPixelFormat pixel_format = AV_PIX_FMT_NONE;
};

bool has_transparency(const Image& image) {
    if (image.format != PixelFormat::rgba) return false;
    for (std::size_t i = 3; i < image.pixels.size(); i += 4)
        if (image.pixels[i] != 255) return true;
    return false;
}

EncoderChoice choose_encoder(const Image& image, ImageFormat format) {
    switch (format) {
        case ImageFormat::jpeg: return {avcodec_find_encoder(AV_CODEC_ID_MJPEG), AV_PIX_FMT_YUVJ420P};
        case ImageFormat::png:
            return {avcodec_find_encoder(AV_CODEC_ID_PNG), image.format == PixelFormat::gray ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_RGBA};
        case ImageFormat::webp:
            return {avcodec_find_encoder_by_name("libwebp"), has_transparency(image) ? AV_PIX_FMT_YUVA420P : AV_PIX_FMT_YUV420P};
    }
    return {};
}

}  // namespace

Result<Bytes> encode_image(const Image& image, const EncodeOptions& options, std::string_view name) {
    install_ffmpeg_log_capture();
    const Size size = options.size.width > 0 && options.size.height > 0 ? options.size : image.size();
    const EncoderChoice choice = choose_encoder(image, options.format);
    if (!choice.codec) return fail(std::string(name) + ": this FFmpeg has no " + std::string(format_name(options.format)) + " encoder");
    auto frame = image_to_frame(image, size, choice.pixel_format, name);
    if (!frame) return frame.error();

    ff::CodecContext context(avcodec_alloc_context3(choice.codec));
    ff::Packet packet = ff::make_packet();
    if (!context || !packet) return fail(std::string(name) + ": out of memory");
    context->width = size.width;
    context->height = size.height;
    context->pix_fmt = choice.pixel_format;
    context->time_base = AVRational{1, 1};
    context->thread_count = 1;
    AVDictionary* raw_options = nullptr;
    if (options.format == ImageFormat::jpeg) {
        const int q = std::clamp(options.jpeg_qscale, 1, 31);
        context->flags |= AV_CODEC_FLAG_QSCALE;
        context->global_quality = FF_QP2LAMBDA * q;
        context->qmin = context->qmax = q;
        (*frame)->quality = context->global_quality;
    } else if (options.format == ImageFormat::webp) {
        av_dict_set_int(&raw_options, "quality", std::clamp(options.webp_quality, 0, 100), 0);
    }
    int err = avcodec_open2(context.get(), choice.codec, &raw_options);
    av_dict_free(&raw_options);
    if (err < 0) return ffmpeg_error(name, "cannot open the " + std::string(format_name(options.format)) + " encoder", err);

    Bytes out;
    err = avcodec_send_frame(context.get(), frame->get());
    if (err >= 0) err = avcodec_send_frame(context.get(), nullptr);
    while (err >= 0) {
        err = avcodec_receive_packet(context.get(), packet.get());
        if (err < 0) break;
        out.insert(out.end(), packet->data, packet->data + packet->size);
        av_packet_unref(packet.get());
    }
    if (err != AVERROR_EOF) return ffmpeg_error(name, "encoding failed", err);
    if (out.empty()) return fail(std::string(name) + ": the encoder produced no data");
    return out;
}

}  // namespace guichet::media
