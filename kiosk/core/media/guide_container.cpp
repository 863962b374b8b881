#include "media/guide_container.hpp"

#include "media/ffmpeg_error.hpp"

namespace guichet::media {
namespace {
constexpr const char* kContainerWhitelist = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm";
constexpr const char* kCodecWhitelist = "h264,vp8,vp9,av1,libdav1d,libvpx,libvpx-vp9,aac,opus,libopus,vorbis,mp3";
}  // namespace

Result<ff::FormatInput> open_guide_container(MemoryInput& input, const std::string& name) {
    install_ffmpeg_log_capture();
    if (input.size() == 0) return fail(name + ": empty file, not a video");
    ff::FormatContext allocated(avformat_alloc_context());
    if (!allocated) return fail(name + ": out of memory");
    allocated->pb = input.context();
    allocated->flags |= AVFMT_FLAG_CUSTOM_IO;  // avformat_close_input leaves our AVIOContext alone
    allocated->format_whitelist = av_strdup(kContainerWhitelist);
    allocated->codec_whitelist = av_strdup(kCodecWhitelist);
    AVFormatContext* raw = allocated.release();  // avformat_open_input frees it on failure
    if (int err = avformat_open_input(&raw, nullptr, nullptr, nullptr); err < 0)
        return ffmpeg_error(name, "not a playable video (or unsupported container)", err);
    ff::FormatInput opened(raw);
    if (int err = avformat_find_stream_info(raw, nullptr); err < 0) return ffmpeg_error(name, "cannot read the stream layout", err);
    return opened;
}

}  // namespace guichet::media
