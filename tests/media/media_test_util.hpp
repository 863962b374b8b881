// Shared helpers for the media tests.
#pragma once

#include "common/bytes.hpp"
#include "media/image.hpp"

#include <string>

namespace guichet::media::test {

Bytes data_file(const std::string& name);  // from tests/media/data/

// A synthetic photo-like picture: smooth gradients plus a few hard edges.
Image gradient_picture(int width, int height);

}  // namespace guichet::media::test
