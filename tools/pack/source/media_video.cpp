#include "media_video.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"

extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cstring>

namespace guichet::packsrc {
namespace ff = media::ff;
using media::ffmpeg_error;

namespace {

constexpr const char* kStaffContainers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpeg,mpegts,flv,ogg";

// A seekable in-memory output for the MP4 muxer (it seeks back to patch sizes).
struct Sink {
    Bytes bytes;
    std::int64_t position = 0;

    static int write(void* opaque, std::uint8_t* data, int size) {
        auto* sink = static_cast<Sink*>(opaque);
        const auto end = static_cast<std::size_t>(sink->position) + static_cast<std::size_t>(size);
        if (end > sink->bytes.size()) sink->bytes.resize(end);
        std::memcpy(sink->bytes.data() + sink->position, data, static_cast<std::size_t>(size));
        sink->position = static_cast<std::int64_t>(end);
        return size;
    }
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
        auto* sink = static_cast<Sink*>(opaque);
        const auto size = static_cast<std::int64_t>(sink->bytes.size());
        whence &= ~AVSEEK_FORCE;
        if (whence == AVSEEK_SIZE) return size;
        const std::int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? sink->position : whence == SEEK_END ? size : -1;
        if (base < 0 || base + offset < 0) return AVERROR(EINVAL);
        sink->position = base + offset;
        return sink->position;
    }
};

bool copyable_audio(AVCodecID id) { return id == AV_CODEC_ID_AAC || id == AV_CODEC_ID_MP3 || id == AV_CODEC_ID_OPUS; }

struct Transcoder {
    std::string name;
    VideoTranscode options;
    ff::FormatInput input;
    ff::CodecContext decoder, encoder;
    Sink sink;
    ff::IoContext io;         // over SINK
    ff::FormatContext output;  // uses IO: declared after it, destroyed before it
    ff::Scaler scaler;
    int video_in = -1, audio_in = -1;
    std::int64_t frames_encoded = 0;
    AVStream* video_out = nullptr;
    AVStream* audio_out = nullptr;

    Result<void> open(const std::filesystem::path& file);
    Result<void> open_output();
    Result<void> encode(AVFrame* frame);  // nullptr flushes
    Result<void> convert_and_encode(const AVFrame& decoded);
    Result<void> drain_decoder();
    Result<Bytes> run();
};

Result<void> Transcoder::open(const std::filesystem::path& file) {
    ff::FormatContext allocated(avformat_alloc_context());
    if (!allocated) return fail(name + ": out of memory");
    allocated->format_whitelist = av_strdup(kStaffContainers);
    AVFormatContext* raw = allocated.release();  // freed by avformat_open_input on failure
    if (int err = avformat_open_input(&raw, file.c_str(), nullptr, nullptr); err < 0)
        return ffmpeg_error(name, "not a video this tool can read", err);
    input.reset(raw);
    if (int err = avformat_find_stream_info(raw, nullptr); err < 0) return ffmpeg_error(name, "cannot read the stream layout", err);
    const AVCodec* codec = nullptr;
    video_in = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (video_in < 0 || !codec) return fail(name + ": no video stream that FFmpeg can decode");
    audio_in = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, video_in, nullptr, 0);
    if (audio_in >= 0 && !copyable_audio(raw->streams[audio_in]->codecpar->codec_id))
        return fail(name + ": audio codec '" + std::string(avcodec_get_name(raw->streams[audio_in]->codecpar->codec_id)) +
                    "' cannot go into a kiosk MP4; convert the sound to AAC (ffmpeg -i in -c:v copy -c:a aac out.mp4)");
    decoder.reset(avcodec_alloc_context3(codec));
    if (!decoder) return fail(name + ": out of memory");
    if (int err = avcodec_parameters_to_context(decoder.get(), raw->streams[video_in]->codecpar); err < 0)
        return ffmpeg_error(name, "bad codec parameters", err);
    decoder->thread_count = 0;  // build machine: all cores
    if (int err = avcodec_open2(decoder.get(), codec, nullptr); err < 0) return ffmpeg_error(name, "cannot open the video decoder", err);
    return open_output();
}

Result<void> Transcoder::open_output() {
    const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
    if (!x264) return fail(name + ": this FFmpeg has no libx264 encoder");
    AVFormatContext* raw = nullptr;
    if (int err = avformat_alloc_output_context2(&raw, nullptr, "mp4", nullptr); err < 0 || !raw)
        return ffmpeg_error(name, "cannot create the MP4 muxer", err < 0 ? err : AVERROR(ENOMEM));
    output.reset(raw);
    encoder.reset(avcodec_alloc_context3(x264));
    if (!encoder) return fail(name + ": out of memory");
    const int height = std::min(options.max_height, decoder->height) & ~1;
    const int width = std::max(2, static_cast<int>(static_cast<std::int64_t>(decoder->width) * height / std::max(1, decoder->height)) & ~1);
    AVRational rate = av_guess_frame_rate(input.get(), input->streams[video_in], nullptr);
    if (rate.num <= 0 || rate.den <= 0) rate = {25, 1};
    encoder->width = width;
    encoder->height = std::max(2, height);
    encoder->pix_fmt = AV_PIX_FMT_YUV420P;
    // Constant frame rate from frame counts: containers such as AVI give the
    // decoder timestamps that are off by a frame, and guides are filmed at a fixed rate.
    encoder->time_base = av_inv_q(rate);
    encoder->framerate = rate;
    encoder->gop_size = std::max(1, 2 * rate.num / std::max(1, rate.den));  // a key frame every 2 s: seeks land quickly
    if (output->oformat->flags & AVFMT_GLOBALHEADER) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary* settings = nullptr;
    av_dict_set(&settings, "preset", options.preset.c_str(), 0);
    av_dict_set_int(&settings, "crf", options.crf, 0);
    const int err = avcodec_open2(encoder.get(), x264, &settings);
    av_dict_free(&settings);
    if (err < 0) return ffmpeg_error(name, "cannot open the H.264 encoder", err);

    video_out = avformat_new_stream(raw, nullptr);
    if (!video_out) return fail(name + ": out of memory");
    video_out->time_base = encoder->time_base;
    if (int e = avcodec_parameters_from_context(video_out->codecpar, encoder.get()); e < 0) return ffmpeg_error(name, "bad encoder parameters", e);
    if (audio_in >= 0) {
        audio_out = avformat_new_stream(raw, nullptr);
        if (!audio_out) return fail(name + ": out of memory");
        if (int e = avcodec_parameters_copy(audio_out->codecpar, input->streams[audio_in]->codecpar); e < 0)
            return ffmpeg_error(name, "cannot copy the audio parameters", e);
        audio_out->codecpar->codec_tag = 0;
        audio_out->time_base = input->streams[audio_in]->time_base;
    }
    constexpr int kBufferSize = 64 * 1024;
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
    if (!buffer) return fail(name + ": out of memory");
    io.reset(avio_alloc_context(buffer, kBufferSize, 1, &sink, nullptr, &Sink::write, &Sink::seek));
    if (!io) {
        av_free(buffer);
        return fail(name + ": out of memory");
    }
    raw->pb = io.get();
    raw->flags |= AVFMT_FLAG_CUSTOM_IO;
    if (int e = avformat_write_header(raw, nullptr); e < 0) return ffmpeg_error(name, "cannot start the MP4", e);
    return {};
}

Result<void> Transcoder::encode(AVFrame* frame) {
    int err = avcodec_send_frame(encoder.get(), frame);
    if (err < 0) return ffmpeg_error(name, "H.264 encoding failed", err);
    ff::Packet packet = ff::make_packet();
    if (!packet) return fail(name + ": out of memory");
    while ((err = avcodec_receive_packet(encoder.get(), packet.get())) >= 0) {
        if (packet->duration <= 0) packet->duration = 1;  // one frame: without it the MP4 edit list cuts the last frame
        av_packet_rescale_ts(packet.get(), encoder->time_base, video_out->time_base);
        packet->stream_index = video_out->index;
        if (int e = av_interleaved_write_frame(output.get(), packet.get()); e < 0) return ffmpeg_error(name, "cannot write the MP4", e);
    }
    if (err != AVERROR(EAGAIN) && err != AVERROR_EOF) return ffmpeg_error(name, "H.264 encoding failed", err);
    return {};
}

Result<void> Transcoder::convert_and_encode(const AVFrame& decoded) {
    scaler.reset(sws_getCachedContext(scaler.release(), decoded.width, decoded.height, static_cast<AVPixelFormat>(decoded.format),
                                      encoder->width, encoder->height, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!scaler) return fail(name + ": cannot convert the video's pixel format");
    ff::Frame frame = ff::make_frame();  // fresh each time: the encoder may keep a reference
    if (!frame) return fail(name + ": out of memory");
    frame->width = encoder->width;
    frame->height = encoder->height;
    frame->format = AV_PIX_FMT_YUV420P;
    if (int err = av_frame_get_buffer(frame.get(), 0); err < 0) return ffmpeg_error(name, "out of memory", err);
    sws_scale(scaler.get(), decoded.data, decoded.linesize, 0, decoded.height, frame->data, frame->linesize);
    frame->pts = frames_encoded++;
    return encode(frame.get());
}

Result<void> Transcoder::drain_decoder() {
    ff::Frame decoded = ff::make_frame();
    if (!decoded) return fail(name + ": out of memory");
    int err;
    while ((err = avcodec_receive_frame(decoder.get(), decoded.get())) >= 0) {
        auto ok = convert_and_encode(*decoded);
        av_frame_unref(decoded.get());
        if (!ok) return ok;
    }
    if (err != AVERROR(EAGAIN) && err != AVERROR_EOF) return ffmpeg_error(name, "corrupt video data", err);
    return {};
}

Result<Bytes> Transcoder::run() {
    ff::Packet packet = ff::make_packet();
    if (!packet) return fail(name + ": out of memory");
    int err;
    while ((err = av_read_frame(input.get(), packet.get())) >= 0) {
        if (packet->stream_index == video_in) {
            err = avcodec_send_packet(decoder.get(), packet.get());
            av_packet_unref(packet.get());
            if (err < 0 && err != AVERROR(EAGAIN)) return ffmpeg_error(name, "corrupt video data", err);
            if (auto ok = drain_decoder(); !ok) return ok.error();
        } else if (packet->stream_index == audio_in) {
            av_packet_rescale_ts(packet.get(), input->streams[audio_in]->time_base, audio_out->time_base);
            packet->stream_index = audio_out->index;
            packet->pos = -1;
            if (int e = av_interleaved_write_frame(output.get(), packet.get()); e < 0) return ffmpeg_error(name, "cannot write the MP4", e);
        } else {
            av_packet_unref(packet.get());
        }
    }
    if (err != AVERROR_EOF) return ffmpeg_error(name, "cannot read the video (truncated or corrupt)", err);
    avcodec_send_packet(decoder.get(), nullptr);
    if (auto ok = drain_decoder(); !ok) return ok.error();
    if (auto ok = encode(nullptr); !ok) return ok.error();
    if (int e = av_write_trailer(output.get()); e < 0) return ffmpeg_error(name, "cannot finish the MP4", e);
    avio_flush(io.get());
    return std::move(sink.bytes);
}

}  // namespace

Result<Bytes> transcode_guide(const std::filesystem::path& file, const std::string& shown, const VideoTranscode& options) {
    media::install_ffmpeg_log_capture();
    Transcoder t;
    t.name = shown;
    t.options = options;
    if (auto ok = t.open(file); !ok) return ok.error();
    return t.run();
}

}  // namespace guichet::packsrc
