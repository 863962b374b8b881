#include "ui/capture/signature_image.hpp"

#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui::capture {

namespace {

void disc(media::Image& img, float cx, float cy, float r) {
    const int x0 = std::max(0, static_cast<int>(std::floor(cx - r))), x1 = std::min(img.width - 1, static_cast<int>(std::ceil(cx + r)));
    const int y0 = std::max(0, static_cast<int>(std::floor(cy - r))), y1 = std::min(img.height - 1, static_cast<int>(std::ceil(cy + r)));
    for (int y = y0; y <= y1; ++y) {
        std::uint8_t* row = img.row(y);
        for (int x = x0; x <= x1; ++x) {
            const float dx = static_cast<float>(x) + 0.5f - cx, dy = static_cast<float>(y) + 0.5f - cy;
            const float d = std::sqrt(dx * dx + dy * dy);
            if (d > r + 0.5f) continue;
            const float cover = std::clamp(r + 0.5f - d, 0.0f, 1.0f);  // antialiased edge
            const auto ink = static_cast<std::uint8_t>(255.0f * (1.0f - cover));
            std::uint8_t* p = row + static_cast<std::size_t>(x) * 4;
            for (int c = 0; c < 3; ++c) p[c] = std::min(p[c], ink);
        }
    }
}

}  // namespace

media::Image render_signature(const std::vector<Stroke>& strokes, media::Size size, float pen_px) {
    media::Image img(size.width, size.height, media::PixelFormat::rgba);
    std::fill(img.pixels.begin(), img.pixels.end(), std::uint8_t{255});
    const float r = pen_px * 0.5f;
    const auto w = static_cast<float>(size.width), h = static_cast<float>(size.height);
    for (const Stroke& s : strokes) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const float ax = s[i].x * w, ay = s[i].y * h;
            if (i == 0) {
                disc(img, ax, ay, r);
                continue;
            }
            const float bx = s[i - 1].x * w, by = s[i - 1].y * h;
            const float len = std::hypot(ax - bx, ay - by);
            const int steps = std::max(1, static_cast<int>(std::ceil(len / std::max(1.0f, r * 0.5f))));
            for (int k = 1; k <= steps; ++k) {
                const float t = static_cast<float>(k) / static_cast<float>(steps);
                disc(img, bx + (ax - bx) * t, by + (ay - by) * t, r);
            }
        }
    }
    return img;
}

bool has_ink(const std::vector<Stroke>& strokes) {
    return std::any_of(strokes.begin(), strokes.end(), [](const Stroke& s) { return s.size() >= 2; });
}

void wipe_strokes(std::vector<Stroke>& strokes) {
    for (Stroke& s : strokes)
        if (!s.empty()) sodium_memzero(s.data(), s.size() * sizeof(PadPoint));
    strokes.clear();
}

}  // namespace guichet::ui::capture
