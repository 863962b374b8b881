#include "media/audio_decoder.hpp"

#include "media/ffmpeg_error.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/guide_container.hpp"
#include "media/memory_input.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cmath>
#include <optional>

namespace guichet::media {
namespace {

struct ResamplerDeleter {
    void operator()(SwrContext* s) const { swr_free(&s); }
};
using Resampler = std::unique_ptr<SwrContext, ResamplerDeleter>;

bool is_guide_codec(AVCodecID id) {
    return id == AV_CODEC_ID_AAC || id == AV_CODEC_ID_OPUS || id == AV_CODEC_ID_VORBIS || id == AV_CODEC_ID_MP3;
}

}  // namespace

struct AudioDecoder::State {
    std::string name;
    AudioFormat format;
    std::optional<MemoryInput> input;  // destroyed after the format context
    ff::FormatInput demuxer;
    ff::CodecContext codec;
    Resampler resampler;
    ff::Packet packet = ff::make_packet();
    ff::Frame frame = ff::make_frame();
    int stream = -1;
    AVRational time_base{1, 1};
    bool draining = false;
    AudioInfo info;
};

AudioDecoder::AudioDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
AudioDecoder::AudioDecoder(AudioDecoder&&) noexcept = default;
AudioDecoder& AudioDecoder::operator=(AudioDecoder&&) noexcept = default;
AudioDecoder::~AudioDecoder() = default;

const AudioInfo& AudioDecoder::info() const { return state_->info; }

Result<AudioDecoder> AudioDecoder::open_memory(ByteView bytes, std::string name, AudioFormat format) {
    install_ffmpeg_log_capture();
    auto s = std::make_unique<State>();
    s->name = std::move(name);
    s->format = format;
    if (format.channels < 1 || format.channels > 2 || format.sample_rate < 8000 || format.sample_rate > 192000)
        return fail(s->name + ": unsupported output format");
    if (!s->packet || !s->frame) return fail(s->name + ": out of memory");
    s->input.emplace(bytes);
    auto demuxer = open_guide_container(*s->input, s->name);
    if (!demuxer) return demuxer.error();
    s->demuxer = std::move(*demuxer);
    AVFormatContext* raw = s->demuxer.get();
    const AVCodec* decoder = nullptr;
    s->stream = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (s->stream < 0 || !decoder) return fail(s->name + ": no audio track");
    if (!is_guide_codec(decoder->id)) return fail(s->name + ": audio codec '" + std::string(decoder->name) + "' is not accepted (AAC, Opus, Vorbis or MP3)");
    const AVStream* stream = raw->streams[s->stream];
    s->codec.reset(avcodec_alloc_context3(decoder));
    if (!s->codec) return fail(s->name + ": out of memory");
    if (int err = avcodec_parameters_to_context(s->codec.get(), stream->codecpar); err < 0) return ffmpeg_error(s->name, "bad codec parameters", err);
    if (int err = avcodec_open2(s->codec.get(), decoder, nullptr); err < 0) return ffmpeg_error(s->name, "cannot open the audio decoder", err);
    if (s->codec->sample_rate <= 0 || s->codec->ch_layout.nb_channels <= 0) return fail(s->name + ": audio track without a sample rate or channels");

    AVChannelLayout out_layout;
    av_channel_layout_default(&out_layout, format.channels);
    SwrContext* swr = nullptr;
    int err = swr_alloc_set_opts2(&swr, &out_layout, AV_SAMPLE_FMT_S16, format.sample_rate, &s->codec->ch_layout,
                                  s->codec->sample_fmt, s->codec->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&out_layout);
    s->resampler.reset(swr);
    if (err < 0 || !swr) return ffmpeg_error(s->name, "cannot set up the resampler", err < 0 ? err : AVERROR(ENOMEM));
    if (err = swr_init(swr); err < 0) return ffmpeg_error(s->name, "cannot set up the resampler", err);

    s->time_base = stream->time_base;
    s->info.source_rate = s->codec->sample_rate;
    s->info.source_channels = s->codec->ch_layout.nb_channels;
    s->info.codec = decoder->name;
    if (raw->duration > 0) s->info.duration_seconds = static_cast<double>(raw->duration) / AV_TIME_BASE;
    return AudioDecoder(std::move(s));
}

Result<AudioChunk> AudioDecoder::next_chunk() {
    State& s = *state_;
    for (;;) {
        int err = avcodec_receive_frame(s.codec.get(), s.frame.get());
        if (err == 0) {
            const std::int64_t pts = s.frame->best_effort_timestamp;
            AudioChunk chunk;
            chunk.seconds = pts == AV_NOPTS_VALUE ? 0.0 : static_cast<double>(pts) * av_q2d(s.time_base);
            // Room for the converted frame plus what the resampler holds back.
            const int capacity = swr_get_out_samples(s.resampler.get(), s.frame->nb_samples);
            if (capacity < 0) return ffmpeg_error(s.name, "resampling failed", capacity);
            chunk.samples.resize(static_cast<std::size_t>(capacity) * static_cast<std::size_t>(s.format.channels));
            auto* out = reinterpret_cast<std::uint8_t*>(chunk.samples.data());
            const int converted = swr_convert(s.resampler.get(), &out, capacity,
                                              const_cast<const std::uint8_t**>(s.frame->extended_data), s.frame->nb_samples);
            av_frame_unref(s.frame.get());
            if (converted < 0) return ffmpeg_error(s.name, "resampling failed", converted);
            chunk.samples.resize(static_cast<std::size_t>(converted) * static_cast<std::size_t>(s.format.channels));
            if (converted == 0) continue;
            return chunk;
        }
        if (err == AVERROR_EOF || (err == AVERROR(EAGAIN) && s.draining)) return AudioChunk{{}, 0, true};
        if (err != AVERROR(EAGAIN)) return ffmpeg_error(s.name, "corrupt audio data", err);
        err = av_read_frame(s.demuxer.get(), s.packet.get());
        if (err == AVERROR_EOF) {
            s.draining = true;
            err = avcodec_send_packet(s.codec.get(), nullptr);
            if (err < 0 && err != AVERROR_EOF) return ffmpeg_error(s.name, "cannot flush the decoder", err);
            continue;
        }
        if (err < 0) return ffmpeg_error(s.name, "cannot read the audio (truncated or corrupt)", err);
        if (s.packet->stream_index == s.stream) err = avcodec_send_packet(s.codec.get(), s.packet.get());
        av_packet_unref(s.packet.get());
        if (err < 0 && err != AVERROR(EAGAIN) && err != AVERROR_INVALIDDATA) return ffmpeg_error(s.name, "corrupt audio data", err);
    }
}

Result<void> AudioDecoder::seek(double seconds) {
    State& s = *state_;
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    if (s.info.duration_seconds > 0) seconds = std::min(seconds, s.info.duration_seconds);
    const auto timestamp = static_cast<std::int64_t>(seconds / av_q2d(s.time_base));
    if (int err = av_seek_frame(s.demuxer.get(), s.stream, timestamp, AVSEEK_FLAG_BACKWARD); err < 0)
        return ffmpeg_error(s.name, "cannot seek to " + std::to_string(seconds) + " s", err);
    avcodec_flush_buffers(s.codec.get());
    swr_init(s.resampler.get());  // drops samples buffered from before the seek
    s.draining = false;
    return {};
}

}  // namespace guichet::media
