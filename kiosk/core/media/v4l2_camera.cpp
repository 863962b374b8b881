#include "media/v4l2_camera.hpp"

namespace guichet::media {

Result<std::unique_ptr<V4l2Camera>> V4l2Camera::open(const std::string& device, Size size, int fps) {
    VideoOptions options;
    options.max_pixels = 4096LL * 3072;
    options.threads = 1;
    const std::map<std::string, std::string> device_options = {
        {"video_size", std::to_string(size.width) + "x" + std::to_string(size.height)},
        {"framerate", std::to_string(fps)},
        {"input_format", "mjpeg"},
    };
    auto decoder = VideoDecoder::open_device(device, "video4linux2", device_options, options);
    if (!decoder) return decoder.error();
    return std::unique_ptr<V4l2Camera>(new V4l2Camera(device, std::move(*decoder)));
}

Result<Image> V4l2Camera::grab() {
    auto frame = decoder_.next_frame();
    if (!frame) return frame.error();
    if (frame->end_of_stream) return fail(device_ + ": the camera stopped delivering frames (unplugged?)");
    return std::move(frame->image);
}

std::string V4l2Camera::description() const {
    const Size s = frame_size();
    return device_ + " (" + std::to_string(s.width) + "×" + std::to_string(s.height) + ")";
}

}  // namespace guichet::media
