#include "media/capture.hpp"

#include "media/frame_convert.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"

#include <sodium.h>

#include <array>
#include <map>

namespace guichet::media {
namespace {

constexpr int kFinestQscale = 2;
constexpr int kMinimumSide = 32;  // smaller is no document (and below SSIM's window after halving)
constexpr int kCoarsestQscale = 31;
constexpr std::array<double, 4> kScales = {1.0, 0.8, 0.64, 0.5};

struct Attempt {
    Bytes bytes;
    double ssim = 0;
    double psnr = 0;
};

// Encodes REFERENCE at SIZE and QSCALE, then measures the result against REFERENCE.
class Search {
public:
    Search(const Image& page, const Image& reference, std::string_view name) : page_(page), reference_(reference), name_(name) {}

    Result<const Attempt*> at(Size size, int qscale) {
        auto key = std::make_pair(size.width, qscale);
        if (auto found = cache_.find(key); found != cache_.end()) return &found->second;
        EncodeOptions options;
        options.size = size;
        options.jpeg_qscale = qscale;
        auto bytes = encode_image(page_, options, name_);
        if (!bytes) return bytes.error();
        ++encodes;
        DecodeOptions decode;
        decode.format = PixelFormat::gray;
        auto decoded = decode_image(*bytes, name_, decode);
        if (!decoded) return decoded.error();
        Image back = std::move(decoded->image);
        if (back.size() != reference_.size()) {  // shrunk: compare at the reference size, as a reader would zoom
            auto rescaled = resize(back, reference_.size());
            if (!rescaled) return rescaled.error();
            back.wipe();
            back = std::move(*rescaled);
        }
        auto similarity = ssim(reference_, back);
        auto noise = psnr(reference_, back);
        back.wipe();
        if (!similarity) return similarity.error();
        if (!noise) return noise.error();
        Attempt attempt{std::move(*bytes), *similarity, *noise};
        return &cache_.emplace(key, std::move(attempt)).first->second;
    }

    int encodes = 0;

private:
    const Image& page_;
    const Image& reference_;
    std::string_view name_;
    std::map<std::pair<int, int>, Attempt> cache_;
};

}  // namespace

void EncodedPage::wipe() {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
    bytes.clear();
}

Result<EncodedPage> encode_page(const Image& page, const PageBudget& budget, std::string_view name) {
    if (page.width < kMinimumSide || page.height < kMinimumSide)
        return fail(std::string(name) + ": the page is " + std::to_string(page.width) + "×" + std::to_string(page.height) +
                    " pixels, too small to read; crop a larger area");
    const Size base = fit_within(page.size(), budget.max_size);
    // The encoder works from the page itself (colour kept when it has some);
    // the measure is on luma at the base size.
    auto reference = resize(luma(page), base);
    if (!reference) return reference.error();
    Search search(page, *reference, name);
    auto scaled = [&](double scale) { return fit_within(base, {static_cast<int>(base.width * scale), static_cast<int>(base.height * scale)}); };
    auto fits_at_all = [&](Size size) -> Result<bool> {
        auto coarsest = search.at(size, kCoarsestQscale);
        if (!coarsest) return coarsest.error();
        return (*coarsest)->bytes.size() <= budget.max_bytes;
    };
    auto possible = fits_at_all(scaled(kScales.back()));
    if (!possible) return possible.error();
    if (!*possible)
        return fail(std::string(name) + ": the page does not fit in " + std::to_string(budget.max_bytes) + " bytes even at half size");
    std::optional<std::pair<Size, int>> fallback;
    double fallback_ssim = -1;
    for (double scale : kScales) {
        const Size size = scaled(scale);
        auto fits = fits_at_all(size);
        if (!fits) return fits.error();
        if (!*fits) continue;
        // Coarsest quantiser that keeps SSIM above the floor (SSIM falls as qscale rises).
        int lo = kFinestQscale, hi = kCoarsestQscale, readable = 0;
        while (lo <= hi) {
            const int mid = (lo + hi) / 2;
            auto attempt = search.at(size, mid);
            if (!attempt) return attempt.error();
            if ((*attempt)->ssim >= budget.min_ssim) readable = mid, lo = mid + 1;
            else hi = mid - 1;
        }
        if (readable > 0) {
            auto attempt = search.at(size, readable);
            if (!attempt) return attempt.error();
            if ((*attempt)->bytes.size() <= budget.max_bytes) {
                fallback = std::make_pair(size, readable);
                fallback_ssim = 2;  // meets both: stop here
                break;
            }
        }
        // No readable quantiser fits: the finest one that fits is a fallback.
        lo = std::max(readable, kFinestQscale), hi = kCoarsestQscale;
        int fitting = 0;
        while (lo <= hi) {
            const int mid = (lo + hi) / 2;
            auto attempt = search.at(size, mid);
            if (!attempt) return attempt.error();
            if ((*attempt)->bytes.size() <= budget.max_bytes) fitting = mid, hi = mid - 1;
            else lo = mid + 1;
        }
        if (fitting > 0) {
            auto attempt = search.at(size, fitting);
            if (!attempt) return attempt.error();
            if ((*attempt)->ssim > fallback_ssim) fallback = std::make_pair(size, fitting), fallback_ssim = (*attempt)->ssim;
        }
    }
    if (!fallback) return fail(std::string(name) + ": no JPEG of the page fits in " + std::to_string(budget.max_bytes) + " bytes");
    auto best = search.at(fallback->first, fallback->second);
    if (!best) return best.error();
    EncodedPage out;
    out.bytes = (*best)->bytes;
    out.size = fallback->first;
    out.jpeg_qscale = fallback->second;
    out.ssim = (*best)->ssim;
    out.psnr = (*best)->psnr;
    out.encodes = search.encodes;
    out.meets_quality = out.ssim >= budget.min_ssim;
    return out;
}

Result<Image> prepare_page(const Image& frame, const CaptureSettings& settings) {
    Image page = frame;
    if (settings.crop) {
        auto cropped = crop(frame, *settings.crop);
        if (!cropped) return cropped.error();
        page = std::move(*cropped);
    }
    page = rotate(page, settings.rotation);
    if (settings.document_mode) page = document_mode(page);
    return page;
}

Result<EncodedPage> capture_page(Camera& camera, const CaptureSettings& settings) {
    auto frame = camera.grab();
    if (!frame) return frame.error();
    auto page = prepare_page(*frame, settings);
    frame->wipe();
    if (!page) return page.error();
    auto encoded = encode_page(*page, settings.budget, camera.description());
    page->wipe();
    return encoded;
}

Result<EncodedPage> import_picture(ByteView bytes, std::string_view name, const CaptureSettings& settings) {
    auto decoded = decode_image(bytes, name);
    if (!decoded) return decoded.error();
    auto page = prepare_page(decoded->image, settings);
    decoded->image.wipe();
    if (!page) return page.error();
    auto encoded = encode_page(*page, settings.budget, name);
    page->wipe();
    return encoded;
}

}  // namespace guichet::media
