#include "media/video_decoder.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/frame_convert.hpp"
#include "media/guide_container.hpp"
#include "media/memory_input.hpp"

extern "C" {
#include <libavdevice/avdevice.h>
}

#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

namespace guichet::media {

struct VideoDecoder::State {
    std::string name;
    VideoOptions options;
    std::optional<MemoryInput> input;  // declared before the format context: destroyed after it
    ff::FormatInput format;
    ff::CodecContext codec;
    ff::Packet packet = ff::make_packet();
    ff::Frame frame = ff::make_frame();
    ff::Scaler scaler;  // reused from frame to frame
    int stream = -1;
    AVRational time_base{1, 1};
    bool draining = false;
    double seek_target = -1;  // drop frames before this time after a seek
    bool counting_skips = false;  // the target comes from skip_until(): count what is dropped
    std::int64_t skipped = 0;
    VideoInfo info;
};

namespace {

bool is_guide_codec(AVCodecID id) {
    return id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_VP8 || id == AV_CODEC_ID_VP9 || id == AV_CODEC_ID_AV1;
}

// The video stream of an opened container, and its decoder.
Result<void> open_stream(VideoDecoder::State& s) {
    const AVCodec* decoder = nullptr;
    s.stream = av_find_best_stream(s.format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (s.stream < 0 || !decoder) return fail(s.name + ": no video stream that this kiosk can decode");
    if (s.input && !is_guide_codec(decoder->id))
        return fail(s.name + ": video codec '" + std::string(decoder->name) + "' is not accepted in a pack (H.264, VP8, VP9 or AV1)");
    const AVStream* stream = s.format->streams[s.stream];
    const AVCodecParameters* par = stream->codecpar;
    if (par->width <= 0 || par->height <= 0 || static_cast<std::int64_t>(par->width) * par->height > s.options.max_pixels)
        return fail(s.name + ": video frames of " + std::to_string(par->width) + "×" + std::to_string(par->height) +
                    " pixels are outside the limit of " + std::to_string(s.options.max_pixels) + " pixels");
    s.codec.reset(avcodec_alloc_context3(decoder));
    if (!s.codec || !s.packet || !s.frame) return fail(s.name + ": out of memory");
    if (int err = avcodec_parameters_to_context(s.codec.get(), par); err < 0) return ffmpeg_error(s.name, "bad codec parameters", err);
    s.codec->max_pixels = s.options.max_pixels;
    s.codec->thread_count = s.options.threads;
    if (int err = avcodec_open2(s.codec.get(), decoder, nullptr); err < 0) return ffmpeg_error(s.name, "cannot open the video decoder", err);
    s.time_base = stream->time_base;
    s.info.size = {par->width, par->height};
    s.info.codec = decoder->name;
    if (s.format->duration > 0) s.info.duration_seconds = static_cast<double>(s.format->duration) / AV_TIME_BASE;
    const AVRational rate = av_guess_frame_rate(s.format.get(), s.format->streams[s.stream], nullptr);
    if (rate.num > 0 && rate.den > 0) s.info.frame_rate = av_q2d(rate);
    return {};
}

// A device: libavdevice's input format, then the stream.
Result<void> open_device_input(VideoDecoder::State& s, const char* url, const AVInputFormat* input_format, AVDictionary** options) {
    ff::FormatContext allocated(avformat_alloc_context());
    if (!allocated) return fail(s.name + ": out of memory");
    AVFormatContext* raw = allocated.release();  // avformat_open_input frees it on failure
    if (int err = avformat_open_input(&raw, url, input_format, options); err < 0)
        return ffmpeg_error(s.name, "cannot open the device", err);
    s.format.reset(raw);
    if (int err = avformat_find_stream_info(raw, nullptr); err < 0) return ffmpeg_error(s.name, "cannot read the stream layout", err);
    return open_stream(s);
}

}  // namespace

VideoDecoder::VideoDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
VideoDecoder::VideoDecoder(VideoDecoder&&) noexcept = default;
VideoDecoder& VideoDecoder::operator=(VideoDecoder&&) noexcept = default;
VideoDecoder::~VideoDecoder() = default;

const VideoInfo& VideoDecoder::info() const { return state_->info; }

Result<VideoDecoder> VideoDecoder::open_memory(ByteView bytes, std::string name, const VideoOptions& options) {
    install_ffmpeg_log_capture();
    auto s = std::make_unique<State>();
    s->name = std::move(name);
    s->options = options;
    s->input.emplace(bytes);
    auto demuxer = open_guide_container(*s->input, s->name);
    if (!demuxer) return demuxer.error();
    s->format = std::move(*demuxer);
    if (auto ok = open_stream(*s); !ok) return ok.error();
    return VideoDecoder(std::move(s));
}

Result<VideoDecoder> VideoDecoder::open_device(const std::string& url, const std::string& input_format,
                                               const std::map<std::string, std::string>& device_options, const VideoOptions& options) {
    install_ffmpeg_log_capture();
    static std::once_flag devices_registered;
    std::call_once(devices_registered, [] { avdevice_register_all(); });
    auto s = std::make_unique<State>();
    s->name = url;
    s->options = options;
    const AVInputFormat* format = av_find_input_format(input_format.c_str());
    if (!format) return fail(url + ": this FFmpeg has no '" + input_format + "' input device");
    AVDictionary* dict = nullptr;
    for (const auto& [key, value] : device_options) av_dict_set(&dict, key.c_str(), value.c_str(), 0);
    auto ok = open_device_input(*s, url.c_str(), format, &dict);
    av_dict_free(&dict);
    if (!ok) return ok.error();
    return VideoDecoder(std::move(s));
}

Result<VideoFrame> VideoDecoder::next_frame() {
    State& s = *state_;
    for (;;) {
        int err = avcodec_receive_frame(s.codec.get(), s.frame.get());
        if (err == 0) {
            const std::int64_t pts = s.frame->best_effort_timestamp;
            const double seconds = pts == AV_NOPTS_VALUE ? 0.0 : static_cast<double>(pts) * av_q2d(s.time_base);
            if (s.seek_target >= 0 && seconds + 1e-6 < s.seek_target) {
                av_frame_unref(s.frame.get());
                if (s.counting_skips) ++s.skipped;
                continue;
            }
            s.seek_target = -1;
            s.counting_skips = false;
            const Size target = fit_within({s.frame->width, s.frame->height}, s.options.box);
            auto image = frame_to_image(*s.frame, target, s.options.format, s.name, &s.scaler);
            av_frame_unref(s.frame.get());
            if (!image) return image.error();
            return VideoFrame{std::move(*image), seconds, false};
        }
        if (err == AVERROR_EOF) return VideoFrame{{}, 0, true};
        if (err != AVERROR(EAGAIN)) return ffmpeg_error(s.name, "corrupt video data", err);
        if (s.draining) return VideoFrame{{}, 0, true};

        err = av_read_frame(s.format.get(), s.packet.get());
        if (err == AVERROR_EOF) {
            s.draining = true;
            err = avcodec_send_packet(s.codec.get(), nullptr);
            if (err < 0 && err != AVERROR_EOF) return ffmpeg_error(s.name, "cannot flush the decoder", err);
            continue;
        }
        if (err < 0) return ffmpeg_error(s.name, "cannot read the video (truncated or corrupt)", err);
        if (s.packet->stream_index == s.stream) err = avcodec_send_packet(s.codec.get(), s.packet.get());
        av_packet_unref(s.packet.get());
        if (err < 0 && err != AVERROR(EAGAIN)) return ffmpeg_error(s.name, "corrupt video data", err);
    }
}

Result<void> VideoDecoder::seek(double seconds) {
    State& s = *state_;
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    if (s.info.duration_seconds > 0) seconds = std::min(seconds, s.info.duration_seconds);
    const auto timestamp = static_cast<std::int64_t>(seconds / av_q2d(s.time_base));
    if (int err = av_seek_frame(s.format.get(), s.stream, timestamp, AVSEEK_FLAG_BACKWARD); err < 0)
        return ffmpeg_error(s.name, "cannot seek to " + std::to_string(seconds) + " s", err);
    avcodec_flush_buffers(s.codec.get());
    s.draining = false;
    s.seek_target = seconds;
    s.counting_skips = false;
    return {};
}

void VideoDecoder::skip_until(double seconds) {
    State& s = *state_;
    if (!std::isfinite(seconds) || seconds <= s.seek_target) return;
    s.seek_target = seconds;
    s.counting_skips = true;
}

std::int64_t VideoDecoder::take_skipped() { return std::exchange(state_->skipped, 0); }

}  // namespace guichet::media
