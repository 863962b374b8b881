// Edits a resident makes to a captured page before it is attached: crop,
// quarter-turn rotation, and the document mode (gray, contrast stretched so
// that paper is white and ink is black under a dim or uneven light).
// Pure functions on Images; any thread.
#pragma once

#include "common/result.hpp"
#include "media/camera.hpp"
#include "media/image.hpp"

namespace guichet::media {

enum class Rotation { none, clockwise, half, counterclockwise };

// RECT must lie inside IMAGE and be non-empty; otherwise an error.
Result<Image> crop(const Image& image, Rect rect);
Image rotate(const Image& image, Rotation rotation);

struct DocumentMode {
    double dark_fraction = 0.02;   // this share of pixels becomes pure black…
    double light_fraction = 0.30;  // …and this share pure white (a page is mostly paper)
};

// Gray, with levels stretched between the two percentiles above.
Image document_mode(const Image& image, const DocumentMode& mode = {});

}  // namespace guichet::media
