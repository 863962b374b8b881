// shot_diff A.png B.png TOLERANCE MAX_SHARE: compares two screenshots of the
// same size pixel by pixel; a pixel differs when one of its channels differs
// by more than TOLERANCE (0–255). Prints the share of differing pixels, the
// largest channel difference and the differing pixels' bounding box; exits 1
// when the share is above MAX_SHARE (0–1), 2 on an unreadable file or a size
// mismatch. A test helper (tests/ui/compare_tile_cache.sh).
#include <png.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

bool read_png(const char* path, Picture& out) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path)) {
        std::fprintf(stderr, "shot_diff: %s: %s\n", path, image.message);
        return false;
    }
    image.format = PNG_FORMAT_RGBA;
    out.width = static_cast<int>(image.width);
    out.height = static_cast<int>(image.height);
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) {
        std::fprintf(stderr, "shot_diff: %s: %s\n", path, image.message);
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::printf("usage: shot_diff A.png B.png TOLERANCE MAX_SHARE\n"
                    "Share of pixels whose channels differ by more than TOLERANCE (0-255); exit 1 above MAX_SHARE (0-1).\n");
        return 0;
    }
    if (argc != 5) {
        std::fprintf(stderr, "usage: shot_diff A.png B.png TOLERANCE MAX_SHARE (--help)\n");
        return 2;
    }
    Picture a, b;
    if (!read_png(argv[1], a) || !read_png(argv[2], b)) return 2;
    if (a.width != b.width || a.height != b.height) {
        std::fprintf(stderr, "shot_diff: %s is %dx%d, %s is %dx%d\n", argv[1], a.width, a.height, argv[2], b.width, b.height);
        return 2;
    }
    const int tolerance = std::atoi(argv[3]);
    const double max_share = std::atof(argv[4]);
    long differing = 0;
    int largest = 0, x0 = a.width, y0 = a.height, x1 = -1, y1 = -1;
    for (int y = 0; y < a.height; ++y) {
        for (int x = 0; x < a.width; ++x) {
            const std::size_t at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(a.width) + static_cast<std::size_t>(x)) * 4;
            int d = 0;
            for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(a.rgba[at + static_cast<std::size_t>(c)] - b.rgba[at + static_cast<std::size_t>(c)]));
            largest = std::max(largest, d);
            if (d > tolerance) {
                ++differing;
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
        }
    }
    const double share = static_cast<double>(differing) / (static_cast<double>(a.width) * a.height);
    std::printf("shot_diff %s: %ld of %d pixels (%.4f %%) differ by more than %d, largest difference %d", argv[1], differing,
                a.width * a.height, share * 100, tolerance, largest);
    if (differing > 0) std::printf(", within x %d–%d, y %d–%d", x0, x1, y0, y1);
    std::printf(" (bound %.4f %%)\n", max_share * 100);
    return share > max_share ? 1 : 0;
}
