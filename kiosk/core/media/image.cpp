#include "media/image.hpp"

#include <algorithm>
#include <cmath>
#include <sodium.h>

namespace guichet::media {

void Image::wipe() {
    if (!pixels.empty()) sodium_memzero(pixels.data(), pixels.size());
    pixels.clear();
    pixels.shrink_to_fit();
    width = height = 0;
}

Size fit_within(Size source, Size box) {
    if (source.width <= 0 || source.height <= 0) return {0, 0};
    double scale = 1.0;
    if (box.width > 0) scale = std::min(scale, static_cast<double>(box.width) / source.width);
    if (box.height > 0) scale = std::min(scale, static_cast<double>(box.height) / source.height);
    auto scaled = [&](int v) { return std::max(1, static_cast<int>(std::lround(v * scale))); };
    Size out{scaled(source.width), scaled(source.height)};
    if (box.width > 0) out.width = std::min(out.width, box.width);
    if (box.height > 0) out.height = std::min(out.height, box.height);
    return out;
}

}  // namespace guichet::media
