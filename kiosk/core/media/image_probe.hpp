// Recognises a picture from its first bytes and reads its dimensions from the
// header, before any decoder runs: the pixel cap is enforced on what the file
// declares, so a decompression bomb never allocates its frame. Only these three
// formats reach a decoder (a smaller attack surface than FFmpeg's probing).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "media/image.hpp"

#include <string_view>

namespace guichet::media {

enum class ImageFormat { jpeg, png, webp };

struct ImageInfo {
    ImageFormat format = ImageFormat::jpeg;
    Size size;  // as declared by the header
};

std::string_view mime_type(ImageFormat f);  // "image/jpeg"…
std::string_view format_name(ImageFormat f);  // "JPEG"…

// NAME is used in error messages (an entry path or a file name).
Result<ImageInfo> probe_image(ByteView bytes, std::string_view name);

}  // namespace guichet::media
