// guichet-media-bench: the media figures of issue #7.
//   1. decode + scale of a 4000×3000 JPEG to the kiosk's picture box, on a
//      worker thread (goal ≤ 50 ms), libjpeg-turbo beside FFmpeg (full and
//      reduced IDCT), runs interleaved; then the texture upload of the result
//      on the kiosk's GL context (platform::Texture, headless Mesa);
//   2. capture to attachment: stand-in camera frame -> crop, turn, document
//      mode -> JPEG under 300 KB with SSIM ≥ 0.95;
//   3. bytes per page against a plain JPEG at FFmpeg qscale 2 (≈ libjpeg
//      quality 90) of the same page, and of the colour crop, quality beside;
//   4. a 720p H.264 guide decoded to RGBA with 2 threads (made with the ffmpeg
//      CLI when it is installed; skipped otherwise).
// Usage: guichet-media-bench [--quick] [--runs N]
#include "../bench_util.hpp"
#include "media/capture.hpp"
#include "media/image_decode.hpp"
#include "media/image_decode_with.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"
#include "media/video_decoder.hpp"
#include "platform/platform.hpp"
#include "platform/texture.hpp"

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
    double min = 0, median = 0, p95 = 0, max = 0;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t p95 = std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(v.size()))) - 1);
    return {v.front(), v[v.size() / 2], v[p95], v.back()};
}

// The machine is shared: every figure is printed next to the load average.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    double one = 0, five = 0, fifteen = 0;
    in >> one >> five >> fifteen;
    char text[64];
    std::snprintf(text, sizeof text, "%.2f %.2f %.2f", one, five, fifteen);
    return text;
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

const char* decoder_name(JpegDecoder d) {
    switch (d) {
        case JpegDecoder::ffmpeg_full_idct: return "FFmpeg, full IDCT     ";
        case JpegDecoder::ffmpeg_reduced_idct: return "FFmpeg, reduced IDCT  ";
        case JpegDecoder::turbojpeg: return "libjpeg-turbo         ";
        case JpegDecoder::turbojpeg_fast_dct: return "libjpeg-turbo, fastDCT";
    }
    return "?";
}

// Returns the kiosk-box result of the 4000×3000 photo (for the upload figures).
Image bench_decode(int runs) {
    std::printf("\n1. JPEG decode + scale on a worker thread, decoders interleaved run by run (load average before: %s)\n",
                load_average().c_str());
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
        JpegDecoder decoder;
        std::vector<double> wall, cpu;
        Size out;
    };
    // {1000, 1400} is the kiosk's picture box (ui/pictures.hpp).
    constexpr Size kiosk_box{1000, 1400};
    std::vector<Case> cases;
    for (JpegDecoder d : {JpegDecoder::ffmpeg_full_idct, JpegDecoder::ffmpeg_reduced_idct, JpegDecoder::turbojpeg, JpegDecoder::turbojpeg_fast_dct})
        cases.push_back({&photo_jpeg, "4000×3000 → box 1000×1400", kiosk_box, d, {}, {}, {}});
    for (JpegDecoder d : {JpegDecoder::ffmpeg_full_idct, JpegDecoder::ffmpeg_reduced_idct, JpegDecoder::turbojpeg})
        cases.push_back({&photo_jpeg, "4000×3000 → box 1920×1080", {1920, 1080}, d, {}, {}, {}});
    for (JpegDecoder d : {JpegDecoder::ffmpeg_reduced_idct, JpegDecoder::turbojpeg})
        cases.push_back({&photo_jpeg, "4000×3000 → box 960×540  ", {960, 540}, d, {}, {}, {}});
    for (JpegDecoder d : {JpegDecoder::ffmpeg_full_idct, JpegDecoder::turbojpeg})
        cases.push_back({&photo_jpeg, "4000×3000 → native size  ", {0, 0}, d, {}, {}, {}});
    for (JpegDecoder d : {JpegDecoder::ffmpeg_reduced_idct, JpegDecoder::turbojpeg})
        cases.push_back({&pack_jpeg, "1600×1200 → box 1000×1400", kiosk_box, d, {}, {}, {}});
    for (JpegDecoder d : {JpegDecoder::ffmpeg_reduced_idct, JpegDecoder::turbojpeg})
        cases.push_back({&pack_jpeg, "1600×1200 → box 1920×1080", {1920, 1080}, d, {}, {}, {}});
    Image kiosk_picture;
    for (int i = 0; i < runs; ++i)
        for (Case& c : cases) {
            // On a worker thread, as in the kiosk (the UI thread only uploads the texture).
            std::thread worker([&] {
                DecodeOptions decode;
                decode.box = c.box;
                const auto start = Clock::now();
                const double cpu_start = thread_cpu_ms();
                auto decoded = must(decode_image_with(*c.jpeg, "photo", decode, c.decoder), "decode");
                c.wall.push_back(ms_since(start));
                c.cpu.push_back(thread_cpu_ms() - cpu_start);
                c.out = decoded.image.size();
                if (c.jpeg == &photo_jpeg && c.box == kiosk_box && c.decoder == JpegDecoder::turbojpeg) kiosk_picture = std::move(decoded.image);
            });
            worker.join();
        }
    std::printf("   photo-like JPEG %.2f MB (4000×3000), pack picture %.2f MB (1600×1200); %d runs each; times in ms\n",
                static_cast<double>(photo_jpeg.size()) / 1e6, static_cast<double>(pack_jpeg.size()) / 1e6, runs);
    std::printf("   %-27s %-22s %-10s  %-23s  %-23s\n", "", "decoder", "result", "thread CPU min/med/p95", "wall min/med/p95");
    for (const Case& c : cases) {
        const Stats w = stats(c.wall), u = stats(c.cpu);
        char result[32];
        std::snprintf(result, sizeof result, "%d×%d", c.out.width, c.out.height);
        std::printf("   %-27s %s %-10s  %6.1f %6.1f %6.1f     %6.1f %6.1f %6.1f\n", c.what, decoder_name(c.decoder), result, u.min, u.median,
                    u.p95, w.min, w.median, w.p95);
    }
    std::printf("   load average after: %s\n", load_average().c_str());
    return kiosk_picture;
}

// The UI thread's share: the decoded picture uploaded as the kiosk does
// (platform::Texture: glTexImage2D for a new picture, glTexSubImage2D for a
// video frame), timed to glFinish so that llvmpipe's copy is counted.
void bench_upload(const Image& picture, int runs) {
    std::printf("\n1b. texture upload of the %d×%d RGBA result on the UI thread (platform::Texture, headless SDL + GL)\n", picture.width,
                picture.height);
    platform::Options po;
    po.headless = true;
    po.width = 256;
    po.height = 256;
    auto pf = platform::Platform::create(po);
    if (!pf) {
        std::printf("   skipped: no GL context (%s)\n", pf.error().message.c_str());
        return;
    }
    std::vector<double> create_ms, update_ms;
    platform::Texture texture;
    for (int i = 0; i < runs; ++i) {
        texture = platform::Texture{};  // the previous one's glDeleteTextures is not timed
        (*pf)->finish();
        auto start = Clock::now();
        texture = must(platform::Texture::upload(picture.width, picture.height, picture.pixels.data()), "upload");
        (*pf)->finish();
        create_ms.push_back(ms_since(start));
        start = Clock::now();
        must(texture.update(picture.pixels.data()), "update");
        (*pf)->finish();
        update_ms.push_back(ms_since(start));
    }
    const Stats c = stats(create_ms), u = stats(update_ms);
    std::printf("   renderer %s; wall ms min/median/p95 over %d runs (load average %s):\n", (*pf)->renderer_name().c_str(), runs,
                load_average().c_str());
    std::printf("   new texture (glTexImage2D) + glFinish      %6.2f %6.2f %6.2f\n", c.min, c.median, c.p95);
    std::printf("   same texture (glTexSubImage2D) + glFinish  %6.2f %6.2f %6.2f\n", u.min, u.median, u.p95);
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
    bool quick = false;
    int runs = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick") quick = true;
        else if (arg == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
        else {
            std::printf("usage: guichet-media-bench [--quick] [--runs N]\n"
                        "Prints the media figures of issue #7: 4000×3000 JPEG decode (libjpeg-turbo beside FFmpeg) and\n"
                        "texture upload, capture, bytes per page, 720p decoding. --runs: decode runs per case (default 20).\n");
            return arg == "--help" ? 0 : 2;
        }
    }
    if (runs <= 0) runs = quick ? 3 : 20;
    try {
        const Image picture = bench_decode(runs);
        bench_upload(picture, runs);
        bench_capture(quick ? 1 : 5);
        bench_video(quick);
    } catch (const bench::BenchError& e) {
        std::fprintf(stderr, "guichet-media-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
