// The capture screens' worker thread: opens the camera, grabs preview frames
// (scaled for the screen), freezes the photo, applies turn and document mode
// for the review, encodes the page under its budget, lists and reads the USB
// stick, renders the signature. The UI thread posts jobs and drains results
// once per frame (poll()); ON_READY (Platform::wake) wakes the frame loop.
// Every picture and file here is personal data: wiped when dropped.
#pragma once

#include "common/bytes.hpp"
#include "common/worker_queue.hpp"
#include "media/camera.hpp"
#include "media/capture.hpp"
#include "ui/capture/signature_image.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::ui::capture {

// Preview and review pictures are fitted within this box before upload.
inline constexpr media::Size kViewBox{960, 960};

struct UsbFile {
    std::filesystem::path path;
    std::string name;  // relative to the stick's folder
    std::uintmax_t size = 0;
    bool pdf = false;
};

struct CaptureJob {
    enum Kind { OpenCamera, CloseCamera, Preview, Take, Edit, Encode, LoadFile, ListUsb, Signature } kind = Preview;
    std::uint64_t ticket = 0;
    std::string spec;                   // OpenCamera: "synthetic", "/dev/video0", "" (first V4L2 device)
    media::CaptureSettings settings;    // Edit (rotation, document mode), Encode (all)
    std::filesystem::path path;         // LoadFile; ListUsb: the folder
    std::vector<std::string> accept;    // ListUsb: "jpeg", "png", "webp", "pdf"
    std::vector<Stroke> strokes;        // Signature
};

struct CaptureResult {
    enum Kind { CameraReady, Failed, PreviewFrame, Still, Edited, Encoded, FileLoaded, Listing, SignatureDone } kind = Failed;
    std::uint64_t ticket = 0;
    CaptureJob::Kind job = CaptureJob::Preview;
    media::Image view;          // RGBA fitted in kViewBox: preview, still, edited still
    media::Size full;           // the still's own size (crop coordinates)
    media::EncodedPage page;    // Encoded
    Bytes bytes;                // FileLoaded (a PDF as is), SignatureDone (PNG)
    std::string name, mime;     // FileLoaded
    std::vector<UsbFile> files; // Listing
    std::string error;          // Failed: French, for the resident
    std::string detail;         // Failed: English, for staff logs

    CaptureResult() = default;
    CaptureResult(CaptureResult&&) = default;
    CaptureResult& operator=(CaptureResult&&) = default;
    ~CaptureResult() { wipe(); }
    void wipe();
};

class CaptureWorker {
public:
    explicit CaptureWorker(std::function<void()> on_ready = {});
    ~CaptureWorker();
    CaptureWorker(const CaptureWorker&) = delete;
    CaptureWorker& operator=(const CaptureWorker&) = delete;

    std::uint64_t post(CaptureJob job);
    std::optional<CaptureResult> poll();
    // Blocks until every job posted so far is done (replays and tests).
    void wait_idle();
    // Drops queued jobs and results and, at the worker's next turn, the frozen photo and the camera.
    void forget();
    bool busy() const;

private:
    std::optional<CaptureResult> run_job(CaptureJob& job);
    CaptureResult handle(CaptureJob& job);

    std::atomic<std::uint64_t> next_ticket_{1};
    // Worker thread only:
    std::unique_ptr<media::Camera> camera_;
    media::Image last_;   // the latest full-size preview frame
    media::Image still_;  // the photo being reviewed, full size
    std::chrono::steady_clock::time_point last_grab_{};
    // Last: destroyed first, so the thread has stopped before the camera closes.
    WorkerQueue<CaptureJob, CaptureResult> queue_;
};

// Opens SPEC ("synthetic": the stand-in document camera; a device path; ""
// the first /dev/videoN that opens). Worker thread. Errors in English for logs.
Result<std::unique_ptr<media::Camera>> open_camera(const std::string& spec);
// Files under DIR (two levels deep, hidden ones skipped) whose extension is
// in ACCEPT, sorted by name.
Result<std::vector<UsbFile>> list_usb(const std::filesystem::path& dir, const std::vector<std::string>& accept);

}  // namespace guichet::ui::capture
