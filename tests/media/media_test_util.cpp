#include "media_test_util.hpp"

#include "test_support.hpp"

namespace guichet::media::test {

Bytes data_file(const std::string& name) { return guichet::test::read_all(std::string(GUICHET_MEDIA_DATA) + "/" + name); }

Image gradient_picture(int width, int height) {
    Image image(width, height, PixelFormat::rgba);
    for (int y = 0; y < height; ++y) {
        std::uint8_t* row = image.row(y);
        for (int x = 0; x < width; ++x) {
            const bool block = (x / 16 + y / 16) % 5 == 0;
            row[4 * x + 0] = static_cast<std::uint8_t>(x * 255 / width);
            row[4 * x + 1] = static_cast<std::uint8_t>(y * 255 / height);
            row[4 * x + 2] = block ? 30 : 200;
            row[4 * x + 3] = 255;
        }
    }
    return image;
}

}  // namespace guichet::media::test
