// Video demuxing and decoding to RGBA/gray frames: guides read straight from
// a pack entry through a MemoryInput (no temporary file), and cameras through
// libavdevice (v4l2_camera.hpp). Audio is not decoded here yet: the player
// (audio through SDL, A/V sync) is a later step, see docs/media.md.
//
// Call order: open_memory()/open_device(), then next_frame() until
// end_of_stream, with seek() at any time. One VideoDecoder is used by one
// thread at a time (the kiosk's decode worker); distinct decoders are independent.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/image.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace guichet::media {

struct VideoOptions {
    Size box;                                  // frames fit within, aspect kept; {0,0}: native size
    PixelFormat format = PixelFormat::rgba;
    std::int64_t max_pixels = 1920 * 1088;     // per frame, checked on the stream's declared size
    int threads = 2;                           // decoder threads (the kiosk has 2 cores)
};

struct VideoInfo {
    Size size;                    // coded size of the stream
    double duration_seconds = 0;  // 0 when unknown (live camera)
    double frame_rate = 0;
    std::string codec;            // "h264", "vp9"…
};

struct VideoFrame {
    Image image;
    double seconds = 0;  // presentation time
    bool end_of_stream = false;
};

class VideoDecoder {
public:
    // Demuxes BYTES, which must outlive the decoder. Only MP4/QuickTime and
    // Matroska/WebM containers are probed (the pack tool accepts no other).
    static Result<VideoDecoder> open_memory(ByteView bytes, std::string name, const VideoOptions& options = {});
    // A device through a libavdevice input format, e.g. ("/dev/video0",
    // "video4linux2", {{"video_size", "1280x720"}}).
    static Result<VideoDecoder> open_device(const std::string& url, const std::string& input_format,
                                            const std::map<std::string, std::string>& device_options,
                                            const VideoOptions& options = {});

    VideoDecoder(VideoDecoder&&) noexcept;
    VideoDecoder& operator=(VideoDecoder&&) noexcept;
    ~VideoDecoder();

    const VideoInfo& info() const;
    // The next frame in presentation order, or one with end_of_stream set.
    Result<VideoFrame> next_frame();
    // Jumps to the key frame before SECONDS; the next frame returned is the
    // first one at or after SECONDS (frames between are decoded and dropped).
    Result<void> seek(double seconds);
    // Frames before SECONDS are still decoded (the codec needs them) but are
    // neither converted nor returned: a player that fell behind catches up
    // cheaply. take_skipped() counts them (frames dropped after a seek are not counted).
    void skip_until(double seconds);
    std::int64_t take_skipped();

    struct State;

private:
    explicit VideoDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace guichet::media
