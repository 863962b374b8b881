// Decoded pictures in memory: 8-bit RGBA (for textures) or 8-bit gray
// (document mode). Rows are tightly packed, top to bottom.
#pragma once

#include "common/bytes.hpp"

#include <cstddef>
#include <string_view>

namespace guichet::media {

enum class PixelFormat { rgba, gray };

inline int channels_of(PixelFormat f) { return f == PixelFormat::rgba ? 4 : 1; }

struct Size {
    int width = 0;
    int height = 0;
    friend bool operator==(const Size&, const Size&) = default;
};

struct Image {
    int width = 0;
    int height = 0;
    PixelFormat format = PixelFormat::rgba;
    Bytes pixels;  // width * height * channels

    Image() = default;
    Image(int w, int h, PixelFormat f)
        : width(w), height(h), format(f), pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * static_cast<std::size_t>(channels_of(f))) {}

    int channels() const { return channels_of(format); }
    std::size_t stride() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(channels()); }
    std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * stride(); }
    const std::uint8_t* row(int y) const { return pixels.data() + static_cast<std::size_t>(y) * stride(); }
    Size size() const { return {width, height}; }
    bool empty() const { return width <= 0 || height <= 0; }
    // Captured documents are personal data: zero the pixels before freeing them.
    void wipe();
};

// The largest size with SOURCE's aspect ratio that fits in BOX, never larger
// than SOURCE (no upscaling). A zero box dimension means "unconstrained".
Size fit_within(Size source, Size box);

}  // namespace guichet::media
