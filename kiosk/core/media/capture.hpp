// Turns a captured page into attachment bytes under a size budget: JPEG at
// the coarsest quantiser whose structural similarity to the page stays above
// a floor, shrinking the page only when no quantiser fits the budget. Over a
// 512 kbit/s line every kilobyte counts, so "good enough to read" wins over
// "as good as possible".
//
// Call order (kiosk, on a worker): camera.grab() -> crop/rotate/document_mode
// (document.hpp) -> encode_page() -> store::Attachment{name, page.mime, page.bytes}.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/camera.hpp"
#include "media/document.hpp"
#include "media/image.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace guichet::media {

struct PageBudget {
    std::size_t max_bytes = 300 * 1024;
    double min_ssim = 0.95;       // measured on luma against the page at its largest allowed size
    Size max_size = {2480, 2480};  // ~A4 at 210 dpi on the long side
};

struct EncodedPage {
    Bytes bytes;
    std::string mime = "image/jpeg";
    std::string extension = ".jpg";
    Size size;              // of the encoded picture
    int jpeg_qscale = 0;
    double ssim = 0;        // against the page (decoded output scaled back if it was shrunk)
    double psnr = 0;        // dB, same comparison
    int encodes = 0;        // attempts the search made (for the benchmark)
    bool meets_quality = false;  // false: best effort under the budget, below min_ssim

    void wipe();  // personal data: zero before freeing
};

// NAME for error messages. Error when even the smallest attempt exceeds the budget.
Result<EncodedPage> encode_page(const Image& page, const PageBudget& budget, std::string_view name);

struct CaptureSettings {
    std::optional<Rect> crop;    // in camera frame coordinates, before rotation
    Rotation rotation = Rotation::none;
    bool document_mode = true;
    PageBudget budget;
};

// grab + edits + encode_page in one call (the capture button).
Result<EncodedPage> capture_page(Camera& camera, const CaptureSettings& settings);

// A picture the resident brings on a USB stick (JPEG, PNG or WebP): decoded
// under the usual pixel cap, optionally turned and put in document mode, then
// encoded under the budget like a camera capture. NAME is the file's name.
Result<EncodedPage> import_picture(ByteView bytes, std::string_view name, const CaptureSettings& settings);

// The edits alone, for the preview and for measuring: crop, rotate, document mode.
Result<Image> prepare_page(const Image& frame, const CaptureSettings& settings);

}  // namespace guichet::media
