#include "media/document.hpp"

#include "media/quality.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace guichet::media {

Result<Image> crop(const Image& image, Rect r) {
    if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0 || r.x > image.width - r.width || r.y > image.height - r.height)
        return fail("crop: rectangle " + std::to_string(r.width) + "×" + std::to_string(r.height) + " at (" + std::to_string(r.x) +
                    ", " + std::to_string(r.y) + ") is not inside the " + std::to_string(image.width) + "×" +
                    std::to_string(image.height) + " picture");
    Image out(r.width, r.height, image.format);
    const std::size_t offset = static_cast<std::size_t>(r.x) * static_cast<std::size_t>(image.channels());
    for (int y = 0; y < r.height; ++y) std::memcpy(out.row(y), image.row(r.y + y) + offset, out.stride());
    return out;
}

Image rotate(const Image& image, Rotation rotation) {
    if (rotation == Rotation::none) return image;
    const bool quarter = rotation != Rotation::half;
    Image out(quarter ? image.height : image.width, quarter ? image.width : image.height, image.format);
    const int c = image.channels();
    for (int y = 0; y < image.height; ++y) {
        const std::uint8_t* in = image.row(y);
        for (int x = 0; x < image.width; ++x) {
            int ox = x, oy = y;
            switch (rotation) {
                case Rotation::clockwise: ox = image.height - 1 - y; oy = x; break;
                case Rotation::counterclockwise: ox = y; oy = image.width - 1 - x; break;
                case Rotation::half: ox = image.width - 1 - x; oy = image.height - 1 - y; break;
                case Rotation::none: break;
            }
            std::memcpy(out.row(oy) + static_cast<std::size_t>(ox) * static_cast<std::size_t>(c), in + static_cast<std::size_t>(x) * static_cast<std::size_t>(c),
                        static_cast<std::size_t>(c));
        }
    }
    return out;
}

Image document_mode(const Image& image, const DocumentMode& mode) {
    Image gray = luma(image);
    if (gray.pixels.empty()) return gray;
    std::array<std::size_t, 256> histogram{};
    for (std::uint8_t v : gray.pixels) ++histogram[v];
    const auto total = static_cast<double>(gray.pixels.size());
    auto level_at = [&](double fraction) {
        double seen = 0;
        for (int v = 0; v < 256; ++v) {
            seen += static_cast<double>(histogram[static_cast<std::size_t>(v)]);
            if (seen >= fraction * total) return v;
        }
        return 255;
    };
    const int black = level_at(std::clamp(mode.dark_fraction, 0.0, 1.0));
    const int white = level_at(std::clamp(1.0 - mode.light_fraction, 0.0, 1.0));
    if (white <= black) return gray;  // a flat picture: nothing to stretch
    std::array<std::uint8_t, 256> lut{};
    for (int v = 0; v < 256; ++v) lut[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(std::clamp((v - black) * 255 / (white - black), 0, 255));
    for (std::uint8_t& v : gray.pixels) v = lut[v];
    return gray;
}

}  // namespace guichet::media
