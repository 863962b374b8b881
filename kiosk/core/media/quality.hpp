// Objective picture quality, computed on luma (BT.601 weights) so that an
// RGBA source and a gray document compare fairly.
#pragma once

#include "common/result.hpp"
#include "media/image.hpp"

namespace guichet::media {

// Peak signal-to-noise ratio in dB; 99 for identical pictures.
Result<double> psnr(const Image& reference, const Image& candidate);

// Structural similarity (Wang et al. 2004) averaged over 8×8 windows with a
// stride of 4: 1 for identical pictures, ~0.95+ reads as "no visible loss".
Result<double> ssim(const Image& reference, const Image& candidate);

// The luma plane of IMAGE (gray images are returned as they are).
Image luma(const Image& image);

}  // namespace guichet::media
