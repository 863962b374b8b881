// The resident's signature: strokes drawn with the finger on the pad, kept in
// memory (normalised coordinates), rendered to a picture only when confirmed.
// Pure; the kiosk renders on the capture worker (tests/ui/signature_test.cpp).
#pragma once

#include "media/image.hpp"

#include <vector>

namespace guichet::ui::capture {

struct PadPoint {
    float x = 0, y = 0;  // 0…1 over the pad
};
using Stroke = std::vector<PadPoint>;

inline constexpr media::Size kSignatureSize{900, 360};

// Black ink on white, RGBA, strokes PEN_PX thick (round ends and joins).
media::Image render_signature(const std::vector<Stroke>& strokes, media::Size size = kSignatureSize, float pen_px = 6.0f);
// Strokes with at least two points: a signature can be confirmed.
bool has_ink(const std::vector<Stroke>& strokes);
// Zeroes the points (a signature is personal data), then empties STROKES.
void wipe_strokes(std::vector<Stroke>& strokes);

}  // namespace guichet::ui::capture
