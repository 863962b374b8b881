// guichet-media-bench: the media figures of issue #7.
//   1. decode + scale of a 4000×3000 JPEG to a 1920×1080 box, on a worker
//      thread (goal ≤ 50 ms), against a decode at native size;
//   2. capture to attachment: stand-in camera frame -> crop, turn, document
//      mode -> JPEG under 300 KB with SSIM ≥ 0.95;
//   3. bytes per page against a plain JPEG at FFmpeg qscale 2 (≈ libjpeg
//      quality 90) of the same page, and of the colour crop, quality beside;
//   4. a 720p H.264 guide decoded to RGBA with 2 threads (made with the ffmpeg
//      CLI when it is installed; skipped otherwise).
// Usage: guichet-media-bench [--quick]
#include "../bench_util.hpp"
#include "media/capture.hpp"
#include "media/image_decode.hpp"
#include "media/image_decode_idct.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"
#include "media/video_decoder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <sys/resource.h>
#include <ctime>
#include <vector>

using namespace guichet;
using namespace guichet::media;
using bench::must;
using Clock = std::chrono::steady_clock;

namespace {

// CPU time of the calling thread: the machine is shared, so wall time alone overstates costs.
double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// CPU time of the whole process (all decoder threads).
double process_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Stats {
    double min = 0, median = 0, max = 0;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v.front(), v[v.size() / 2], v.back()};
}

// A photo-like 4000×3000 picture: gradients, shapes and fine texture, so that
// the JPEG is as heavy as a phone photo (a few MB), not a flat test card.
Image photo(int width, int height) {
    Image image(width, height, PixelFormat::rgba);
    std::uint32_t state = 12345;
    for (int y = 0; y < height; ++y) {
        std::uint8_t* row = image.row(y);
        for (int x = 0; x < width; ++x) {
            state ^= state << 13, state ^= state >> 17, state ^= state << 5;
            const int grain = static_cast<int>(state % 23) - 11;
            const double wave = 40 * std::sin(x * 0.013) * std::cos(y * 0.011);
            const bool disc = std::hypot(x - width * 0.6, y - height * 0.4) < height * 0.2;
            auto clamp = [](double v) { return static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0)); };
            row[4 * x + 0] = clamp((disc ? 200 : 90) + wave + grain + 50.0 * x / width);
            row[4 * x + 1] = clamp((disc ? 60 : 140) - wave + grain + 60.0 * y / height);
            row[4 * x + 2] = clamp(120 + wave * 0.5 + grain);
            row[4 * x + 3] = 255;
        }
    }
    return image;
}

void bench_decode(int runs) {
    std::printf("\n1. JPEG decode + scale (on a worker thread)\n");
    EncodeOptions options;
    options.jpeg_qscale = 3;
    const Image source = photo(4000, 3000);
    const Bytes photo_jpeg = must(encode_image(source, options, "photo"), "encode photo");
    options.size = {1600, 1200};  // what guichet-pack leaves in a pack
    const Bytes pack_jpeg = must(encode_image(source, options, "pack picture"), "encode pack picture");
    struct Case {
        const Bytes* jpeg;
        const char* what;
        Size box;
        bool reduced_idct = true;
    };
    // Each 4000×3000 case twice in the same run: before (full-size IDCT, then
    // swscale) and after (FFmpeg's lowres: the IDCT at 1/2, 1/4 or 1/8 scale).
    // {1000, 1400} is the kiosk's picture box (ui/pictures.hpp).
    for (const Case& test_case :
         {Case{&photo_jpeg, "4000×3000", {1000, 1400}, false}, Case{&photo_jpeg, "4000×3000", {1000, 1400}, true},
          Case{&photo_jpeg, "4000×3000", {1920, 1080}, false}, Case{&photo_jpeg, "4000×3000", {1920, 1080}, true},
          Case{&photo_jpeg, "4000×3000", {960, 540}, false}, Case{&photo_jpeg, "4000×3000", {960, 540}, true},
          Case{&photo_jpeg, "4000×3000", {0, 0}}, Case{&pack_jpeg, "1600×1200", {1920, 1080}}}) {
        const Bytes& jpeg = *test_case.jpeg;
        const Size box = test_case.box;
        std::printf("   %s, %.2f MB, IDCT %s:", test_case.what, static_cast<double>(jpeg.size()) / 1e6,
                    test_case.reduced_idct ? "reduced" : "full   ");
        std::vector<double> times, cpu_times;
        Size out;
        for (int i = 0; i < runs; ++i) {
            // On a worker thread, as in the kiosk (the UI thread only uploads the texture).
            std::thread worker([&] {
                DecodeOptions decode;
                decode.box = box;
                const auto start = Clock::now();
                const double cpu_start = thread_cpu_ms();
                auto decoded = must(decode_image_idct(jpeg, "photo", decode, test_case.reduced_idct), "decode");
                times.push_back(ms_since(start));
                cpu_times.push_back(thread_cpu_ms() - cpu_start);
                out = decoded.image.size();
            });
            worker.join();
        }
        const Stats s = stats(times);
        const Stats c = stats(cpu_times);
        std::printf(" to %4d×%-4d RGBA: wall min %6.1f ms  median %6.1f ms  max %6.1f ms; CPU min %6.1f ms  median %6.1f ms  (%d runs)\n",
                    out.width, out.height, s.min, s.median, s.max, c.min, c.median, runs);
    }
}

struct PageFigures {
    std::size_t bytes = 0;
    double ssim = 0, psnr = 0;
};

PageFigures plain_jpeg(const Image& page, const Image& reference) {
    EncodeOptions options;
    options.jpeg_qscale = 2;
    const Bytes bytes = must(encode_image(page, options, "plain"), "plain JPEG");
    DecodeOptions gray;
    gray.format = PixelFormat::gray;
    const Image back = must(decode_image(bytes, "plain", gray), "decode plain").image;
    return {bytes.size(), *ssim(reference, back), *psnr(reference, back)};
}

void bench_capture(int runs) {
    std::printf("\n2. capture to attachment (stand-in camera 1920×1080, page cropped, turned, document mode, ≤ 300 KB, SSIM ≥ 0.95)\n");
    SyntheticDocumentCamera camera({1920, 1080});
    CaptureSettings settings;
    settings.crop = camera.page();
    settings.rotation = Rotation::clockwise;
    std::vector<double> times, cpu_times;
    EncodedPage last;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        const double cpu_start = thread_cpu_ms();
        last = must(capture_page(camera, settings), "capture");
        times.push_back(ms_since(start));
        cpu_times.push_back(thread_cpu_ms() - cpu_start);
    }
    const Stats s = stats(times), c = stats(cpu_times);
    std::printf("   page %d×%d, %zu bytes: wall min %.0f ms  median %.0f ms; CPU min %.0f ms  median %.0f ms  (%d runs, %d encodes per search)\n",
                last.size.width, last.size.height, last.bytes.size(), s.min, s.median, c.min, c.median, runs, last.encodes);

    std::printf("\n3. bytes per page\n");
    const Image frame = must(camera.grab(), "grab");
    const Image document = must(prepare_page(frame, settings), "prepare");
    CaptureSettings colour_settings = settings;
    colour_settings.document_mode = false;
    const Image colour = must(prepare_page(frame, colour_settings), "prepare colour");
    const Image reference = luma(document);
    const EncodedPage ours = must(encode_page(document, {}, "page"), "encode page");
    const PageFigures plain = plain_jpeg(document, reference);
    const PageFigures plain_colour = plain_jpeg(colour, luma(colour));
    std::printf("   %-52s %8s %7s %8s\n", "", "bytes", "SSIM", "PSNR");
    std::printf("   %-52s %8zu %7.4f %6.1f dB\n", "plain JPEG qscale 2 (≈ q90) of the colour crop", plain_colour.bytes, plain_colour.ssim,
                plain_colour.psnr);
    std::printf("   %-52s %8zu %7.4f %6.1f dB\n", "plain JPEG qscale 2 (≈ q90) of the document-mode page", plain.bytes, plain.ssim, plain.psnr);
    char label[96];
    std::snprintf(label, sizeof label, "encode_page (qscale %d)", ours.jpeg_qscale);
    std::printf("   %-52s %8zu %7.4f %6.1f dB\n", label, ours.bytes.size(), ours.ssim, ours.psnr);
    std::printf("   (SSIM/PSNR on luma against the page each was made from)\n");
}

void bench_video(bool quick) {
    std::printf("\n4. 720p guide decoding (H.264, 2 decoder threads, frames converted to 1280×720 RGBA)\n");
    const auto dir = std::filesystem::temp_directory_path() / "guichet-media-bench";
    std::filesystem::create_directories(dir);
    const auto path = dir / "guide-720p.mp4";
    const int seconds = quick ? 3 : 20;
    const std::string command = "ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -t " + std::to_string(seconds) +
                                " -c:v libx264 -preset medium -crf 26 -pix_fmt yuv420p -g 50 " + path.string();
    if (std::system(command.c_str()) != 0) {
        std::printf("   skipped: the ffmpeg CLI could not make the input\n");
        return;
    }
    std::ifstream in(path, std::ios::binary);
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    VideoOptions options;
    options.threads = 2;
    auto decoder = must(VideoDecoder::open_memory(bytes, path.string(), options), "open guide");
    int frames = 0;
    const auto start = Clock::now();
    const double cpu_start = process_cpu_s();
    for (;;) {
        auto frame = must(decoder.next_frame(), "decode guide");
        if (frame.end_of_stream) break;
        ++frames;
    }
    const double wall = ms_since(start) / 1000.0;
    const double cpu = process_cpu_s() - cpu_start;
    std::printf("   %d frames (%d s at 25 fps, %.0f kB/s) in %.2f s wall, %.2f s CPU: %.0f fps, %.1f× real time;\n"
                "   playing it at 25 fps would take %.0f %% of one core\n",
                frames, seconds, static_cast<double>(bytes.size()) / seconds / 1000.0, wall, cpu, frames / wall, seconds / wall,
                100.0 * cpu / seconds);
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
    if (argc > 1 && !quick) {
        std::printf("usage: guichet-media-bench [--quick]\n"
                    "Prints the media figures of issue #7 (decode, capture, bytes per page, 720p decoding).\n");
        return std::string(argv[1]) == "--help" ? 0 : 2;
    }
    try {
        bench_decode(quick ? 3 : 15);
        bench_capture(quick ? 1 : 5);
        bench_video(quick);
    } catch (const bench::BenchError& e) {
        std::fprintf(stderr, "guichet-media-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
