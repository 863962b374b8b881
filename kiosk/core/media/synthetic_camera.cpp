#include "media/camera.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::media {
namespace {

// xorshift32: tiny, deterministic, good enough for texture and noise.
struct Random {
    std::uint32_t state;
    std::uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint32_t>(n)); }
};

void fill(Image& gray, int x0, int y0, int w, int h, std::uint8_t value) {
    for (int y = std::max(0, y0); y < std::min(gray.height, y0 + h); ++y)
        std::fill(gray.row(y) + std::max(0, x0), gray.row(y) + std::min(gray.width, x0 + w), value);
}

}  // namespace

SyntheticDocumentCamera::SyntheticDocumentCamera(Size frame, std::uint32_t seed) : frame_(frame), seed_(seed == 0 ? 1 : seed) {
    const int page_height = frame.height * 88 / 100;
    const int page_width = std::min(frame.width * 9 / 10, page_height * 1000 / 1414);  // A4 portrait
    page_ = {(frame.width - page_width) / 2, (frame.height - page_height) / 2, page_width, page_height};
}

std::string SyntheticDocumentCamera::description() const {
    return "synthetic document camera (" + std::to_string(frame_.width) + "×" + std::to_string(frame_.height) + ")";
}

Image SyntheticDocumentCamera::clean_page() const {
    Image page(page_.width, page_.height, PixelFormat::gray);
    std::fill(page.pixels.begin(), page.pixels.end(), std::uint8_t{245});
    Random random{seed_};
    const int margin = page.width * 8 / 100;
    const int line_height = std::max(2, page.height / 90);
    const int pitch = line_height * 2;
    fill(page, margin, margin, page.width * 55 / 100, line_height * 2, 20);  // title
    int y = margin + line_height * 5;
    int line = 0;
    while (y + line_height < page.height - margin) {
        if (line % 9 == 8) {  // a boxed field every few lines
            fill(page, margin, y, page.width - 2 * margin, 2, 40);
            fill(page, margin, y + pitch * 2, page.width - 2 * margin, 2, 40);
            y += pitch * 3;
            ++line;
            continue;
        }
        int x = margin;
        const int end = page.width - margin - (line % 5 == 4 ? page.width / 3 : 0);  // short last line of a paragraph
        while (x < end) {
            const int word = line_height * (2 + random.below(6));
            fill(page, x, y, std::min(word, end - x), line_height, static_cast<std::uint8_t>(15 + random.below(30)));
            x += word + line_height;
        }
        y += pitch;
        ++line;
    }
    return page;
}

Result<Image> SyntheticDocumentCamera::grab() {
    const Image sheet = clean_page();
    Image frame(frame_.width, frame_.height, PixelFormat::rgba);
    Random noise{seed_ * 2654435761u + ++frame_number_};
    const double cx = frame_.width / 2.0, cy = frame_.height / 2.0;
    const double radius = std::hypot(cx, cy);
    for (int y = 0; y < frame_.height; ++y) {
        std::uint8_t* out = frame.row(y);
        for (int x = 0; x < frame_.width; ++x) {
            // A lamp off to the top left: brighter there, darker in the far corner.
            const double light = 0.78 + 0.22 * (1.0 - std::hypot(x - cx * 0.6, y - cy * 0.6) / radius);
            const bool on_page = x >= page_.x && x < page_.x + page_.width && y >= page_.y && y < page_.y + page_.height;
            double r, g, b;
            if (on_page) {
                r = g = b = sheet.row(y - page_.y)[x - page_.x];
                b *= 0.97;  // warm light on white paper
            } else {
                r = 120 + 20 * ((x / 40 + y / 40) % 2);  // a wooden desk
                g = r * 0.75;
                b = r * 0.5;
            }
            const int grain = static_cast<int>(noise.next() % 9) - 4;
            auto channel = [&](double v) { return static_cast<std::uint8_t>(std::clamp(v * light + grain, 0.0, 255.0)); };
            out[4 * x + 0] = channel(r);
            out[4 * x + 1] = channel(g);
            out[4 * x + 2] = channel(b);
            out[4 * x + 3] = 255;
        }
    }
    return frame;
}

}  // namespace guichet::media
