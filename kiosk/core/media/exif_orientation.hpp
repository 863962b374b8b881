// EXIF orientation of JPEG photos (docs/media.md « Orientation »): phones
// store the picture as the sensor saw it and say in the EXIF tag 0x0112 how
// to turn it. A resident's photo from a USB stick must show upright, as it
// does on their phone, so decode_image() applies it.
#pragma once

#include "common/bytes.hpp"
#include "media/image.hpp"

namespace guichet::media {

// The orientation (1–8, TIFF/EXIF meaning) of the JPEG in BYTES; 1 (as
// stored) when there is no EXIF block, no orientation tag, or anything in
// the way is malformed. Reads only the segments before the image data,
// bounds-checked (fuzzed with the decoders).
int jpeg_exif_orientation(ByteView bytes);

// Whether ORIENTATION swaps width and height (5–8: a quarter turn).
inline bool swaps_axes(int orientation) { return orientation >= 5 && orientation <= 8; }

// IMAGE turned upright for ORIENTATION: 2 mirrored, 3 half turn, 4 flipped,
// 5 transposed, 6 quarter turn clockwise, 7 transverse, 8 quarter turn
// counter-clockwise; 1 and unknown values leave it as it is.
Image apply_orientation(Image image, int orientation);

}  // namespace guichet::media
