// Owning handles for FFmpeg objects: every context, frame, packet and scaler
// the media library creates is released by a destructor, on every path.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace guichet::media::ff {

struct FormatInputDeleter {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }  // opened with avformat_open_input
};
struct FormatContextDeleter {
    void operator()(AVFormatContext* c) const { avformat_free_context(c); }  // allocated, not (yet) opened
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsDeleter {
    void operator()(SwsContext* s) const { sws_freeContext(s); }
};
// avio_context_free() leaves the I/O buffer alone, and FFmpeg may have
// replaced the buffer we gave it, so the one to free is the context's own.
struct IoContextDeleter {
    void operator()(AVIOContext* io) const {
        if (io) av_freep(&io->buffer);
        avio_context_free(&io);
    }
};
struct AvFreeDeleter {
    void operator()(void* p) const { av_free(p); }
};

using FormatInput = std::unique_ptr<AVFormatContext, FormatInputDeleter>;
using FormatContext = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContext = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using Frame = std::unique_ptr<AVFrame, FrameDeleter>;
using Packet = std::unique_ptr<AVPacket, PacketDeleter>;
using Scaler = std::unique_ptr<SwsContext, SwsDeleter>;
using IoContext = std::unique_ptr<AVIOContext, IoContextDeleter>;
using AvBuffer = std::unique_ptr<unsigned char, AvFreeDeleter>;

inline Frame make_frame() { return Frame(av_frame_alloc()); }
inline Packet make_packet() { return Packet(av_packet_alloc()); }

}  // namespace guichet::media::ff
