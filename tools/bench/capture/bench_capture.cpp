// guichet-capture-bench: document capture as the kiosk does it, through the
// capture session and its worker thread (ui/capture/), with the stand-in
// camera (1920×1080):
//   1. preview: frames a second the worker delivers (grab + fit to 960 px);
//   2. « Utiliser cette photo » → attachment in the draft: crop to the sheet,
//      document mode, encode under the 300 KB page budget (median, p95, max);
//      also from « Prendre la photo », which includes the frozen frame's view
//      and the document-mode review picture;
//   3. bytes per page against a plain JPEG at FFmpeg qscale 2 (≈ libjpeg
//      quality 90) of the same crop, colour and document mode, SSIM beside.
#include "../bench_util.hpp"
#include "media/capture.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/quality.hpp"
#include "ui/capture/capture_session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace guichet;
using namespace guichet::ui::capture;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Stats {
    double median, p95, max;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))]; };
    return {at(0.5), at(0.95), v.back()};
}

template <class Pred>
void settle(CaptureSession& s, demarche::Draft& d, Pred want) {
    for (int i = 0; i < 100 && !want(); ++i) {
        s.wait_idle();
        s.pump(&d);
    }
    if (!want()) throw bench::BenchError("the capture session did not reach the expected step");
}

NormRect sheet() {
    const media::Rect p = media::SyntheticDocumentCamera().page();
    return {static_cast<float>(p.x) / 1920.0f, static_cast<float>(p.y) / 1080.0f,
            static_cast<float>(p.x + p.width) / 1920.0f, static_cast<float>(p.y + p.height) / 1080.0f};
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 15;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0) {
            std::printf("Usage: guichet-capture-bench [--runs N]\n\n"
                        "Times document capture through the kiosk's capture session and worker (stand-in camera):\n"
                        "preview rate, photo to attachment, bytes per page against a plain JPEG.\n");
            return 0;
        }
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "guichet-capture-bench: unknown argument %s (see --help)\n", argv[i]);
            return 2;
        }
    }
    try {
        forms::Field field;
        field.id = "justificatif_domicile";
        field.label = "Justificatif";
        field.type = forms::FieldType::attachment;
        field.accept = {"jpeg", "png", "pdf"};
        field.max_size_kb = 3000;

        CaptureSession s;
        s.configure({"synthetic", {}, {}});
        demarche::Draft draft("changement-adresse");

        // 1. Preview rate.
        s.open_camera(field);
        settle(s, draft, [&] { return s.step() == CaptureSession::Step::preview; });
        const int frames = 30;
        const auto p0 = Clock::now();
        for (int i = 0; i < frames; ++i) {
            s.wait_idle();
            s.pump(&draft);
        }
        const double preview_ms = ms_since(p0) / frames;
        std::printf("1. live preview (stand-in camera 1920×1080, fitted to 960×540 on the worker; capped at 15/s)\n");
        std::printf("   %.1f ms a frame, %.1f frames/s\n\n", preview_ms, 1000.0 / preview_ms);

        // 2. Photo to attachment.
        std::vector<double> use_ms, take_ms;
        std::size_t bytes = 0;
        for (int r = 0; r < runs; ++r) {
            if (!s.active()) {
                s.open_camera(field);
                settle(s, draft, [&] { return s.step() == CaptureSession::Step::preview; });
            }
            const auto t0 = Clock::now();
            s.take_photo();
            settle(s, draft, [&] { return s.step() == CaptureSession::Step::review; });
            s.wait_idle();  // the document-mode review picture
            s.pump(&draft);
            const auto t1 = Clock::now();
            s.crop = sheet();
            s.use_photo();
            settle(s, draft, [&] { return !s.active(); });
            use_ms.push_back(ms_since(t1));
            take_ms.push_back(ms_since(t0));
            bytes = draft.files().at(field.id).bytes.size();
            s.remove(field.id, draft);
        }
        const Stats u = stats(use_ms), t = stats(take_ms);
        std::printf("2. photo to attachment in the draft (%d runs; crop to the sheet, document mode, ≤ 300 KB, SSIM ≥ 0.95)\n", runs);
        std::printf("   « Utiliser cette photo » → attached:      median %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", u.median, u.p95, u.max);
        std::printf("   « Prendre la photo » → attached (review pictures included, no waiting for the resident): median %6.1f ms  p95 %6.1f ms\n",
                    t.median, t.p95);
        std::printf("   page: %zu bytes\n\n", bytes);

        // 3. Bytes per page against a plain JPEG of the same crop.
        media::SyntheticDocumentCamera cam;
        const media::Image frame = bench::must(cam.grab(), "grab");
        media::CaptureSettings colour;
        colour.crop = cam.page();
        colour.document_mode = false;
        media::CaptureSettings doc = colour;
        doc.document_mode = true;
        const media::Image colour_page = bench::must(media::prepare_page(frame, colour), "crop");
        const media::Image doc_page = bench::must(media::prepare_page(frame, doc), "document mode");
        media::EncodeOptions q90;
        q90.jpeg_qscale = 2;
        auto plain = [&](const media::Image& page, const char* label) {
            const Bytes b = bench::must(media::encode_image(page, q90, "plain"), "plain JPEG");
            const media::Image back = bench::must(media::decode_image(b, "plain"), "decode").image;
            const double ss = bench::must(media::ssim(media::luma(page), media::luma(back)), "ssim");
            std::printf("   %-58s %8zu bytes  SSIM %.4f\n", label, b.size(), ss);
            return b.size();
        };
        std::printf("3. bytes per page (the sheet, %d×%d)\n", colour_page.width, colour_page.height);
        const std::size_t plain_colour = plain(colour_page, "plain JPEG qscale 2 (≈ q90), colour crop");
        const std::size_t plain_doc = plain(doc_page, "plain JPEG qscale 2 (≈ q90), document-mode crop");
        media::PageBudget budget;
        const media::EncodedPage ours = bench::must(media::encode_page(doc_page, budget, "page"), "encode_page");
        std::printf("   %-58s %8zu bytes  SSIM %.4f (qscale %d, %d encodes)\n", "kiosk page (document mode, encode_page)",
                    ours.bytes.size(), ours.ssim, ours.jpeg_qscale, ours.encodes);
        std::printf("   kiosk page / plain colour: %.1f %%, / plain document mode: %.1f %%\n",
                    100.0 * static_cast<double>(ours.bytes.size()) / static_cast<double>(plain_colour),
                    100.0 * static_cast<double>(ours.bytes.size()) / static_cast<double>(plain_doc));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "guichet-capture-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
