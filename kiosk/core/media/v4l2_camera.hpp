// A USB webcam through libavdevice's video4linux2 input. Compiled into the
// kiosk; CI has no camera, so only its error path is tested
// (tests/media/capture_test.cpp). Not thread-safe: one grabbing thread.
#pragma once

#include "media/camera.hpp"
#include "media/video_decoder.hpp"

#include <memory>
#include <string>

namespace guichet::media {

class V4l2Camera final : public Camera {
public:
    // DEVICE like "/dev/video0"; asks for SIZE at FPS in MJPEG (what UVC
    // webcams deliver at full resolution); the driver may choose otherwise.
    static Result<std::unique_ptr<V4l2Camera>> open(const std::string& device, Size size = {1920, 1080}, int fps = 15);

    Result<Image> grab() override;
    Size frame_size() const override { return decoder_.info().size; }
    std::string description() const override;

private:
    V4l2Camera(std::string device, VideoDecoder decoder) : device_(std::move(device)), decoder_(std::move(decoder)) {}
    std::string device_;
    VideoDecoder decoder_;
};

}  // namespace guichet::media
