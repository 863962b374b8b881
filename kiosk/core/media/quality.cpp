#include "media/quality.hpp"

#include <cmath>
#include <string>

namespace guichet::media {
namespace {

Result<void> same_size(const Image& a, const Image& b) {
    if (a.empty() || a.size() != b.size())
        return fail("quality: pictures of different sizes (" + std::to_string(a.width) + "×" + std::to_string(a.height) + " and " +
                    std::to_string(b.width) + "×" + std::to_string(b.height) + ")");
    return {};
}

}  // namespace

Image luma(const Image& image) {
    if (image.format == PixelFormat::gray) return image;
    Image out(image.width, image.height, PixelFormat::gray);
    const std::size_t n = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &image.pixels[4 * i];
        out.pixels[i] = static_cast<std::uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
    }
    return out;
}

Result<double> psnr(const Image& reference, const Image& candidate) {
    if (auto ok = same_size(reference, candidate); !ok) return ok.error();
    const Image a = luma(reference), b = luma(candidate);
    double squared = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        const double d = static_cast<double>(a.pixels[i]) - b.pixels[i];
        squared += d * d;
    }
    const double mse = squared / static_cast<double>(a.pixels.size());
    if (mse <= 0) return 99.0;
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

Result<double> ssim(const Image& reference, const Image& candidate) {
    if (auto ok = same_size(reference, candidate); !ok) return ok.error();
    const Image a = luma(reference), b = luma(candidate);
    constexpr int kWindow = 8, kStride = 4;
    constexpr double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
    if (a.width < kWindow || a.height < kWindow) return fail("quality: pictures smaller than the 8×8 SSIM window");
    double total = 0;
    long windows = 0;
    for (int y = 0; y + kWindow <= a.height; y += kStride) {
        for (int x = 0; x + kWindow <= a.width; x += kStride) {
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
            for (int j = 0; j < kWindow; ++j) {
                const std::uint8_t* ra = a.row(y + j) + x;
                const std::uint8_t* rb = b.row(y + j) + x;
                for (int i = 0; i < kWindow; ++i) {
                    const double va = ra[i], vb = rb[i];
                    sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb;
                }
            }
            constexpr double n = kWindow * kWindow;
            const double ma = sa / n, mb = sb / n;
            const double va = saa / n - ma * ma, vb = sbb / n - mb * mb, cov = sab / n - ma * mb;
            total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            ++windows;
        }
    }
    return total / static_cast<double>(windows);
}

}  // namespace guichet::media
