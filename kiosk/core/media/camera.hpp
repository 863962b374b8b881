// Where document photos come from. The capture pipeline (capture.hpp) and the
// kiosk's live preview only see this interface: a V4L2 webcam in the kiosk
// (v4l2_camera.hpp), a synthetic document in tests and benchmarks.
#pragma once

#include "common/result.hpp"
#include "media/image.hpp"

#include <cstdint>
#include <string>

namespace guichet::media {

class Camera {
public:
    virtual ~Camera() = default;
    // The next frame, RGBA. Blocks until the device delivers one: call from a worker.
    virtual Result<Image> grab() = 0;
    virtual Size frame_size() const = 0;
    virtual std::string description() const = 0;  // for staff logs: "/dev/video0 (1280×720)"
};

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
    friend bool operator==(const Rect&, const Rect&) = default;
};

// A stand-in camera filming a printed page on a desk: white A4 sheet
// (portrait) with black text-like lines, a title and a boxed field, uneven
// lighting and sensor noise that changes from frame to frame. Deterministic
// for a given seed, so tests and benchmarks repeat exactly.
class SyntheticDocumentCamera final : public Camera {
public:
    explicit SyntheticDocumentCamera(Size frame = {1920, 1080}, std::uint32_t seed = 1);
    Result<Image> grab() override;
    Size frame_size() const override { return frame_; }
    std::string description() const override;
    Rect page() const { return page_; }  // where the sheet lies in each frame

    // The sheet alone, without desk, lighting or noise: the reference a
    // capture is measured against after cropping to page().
    Image clean_page() const;

private:
    Size frame_;
    Rect page_;
    std::uint32_t seed_;
    std::uint32_t frame_number_ = 0;
};

}  // namespace guichet::media
