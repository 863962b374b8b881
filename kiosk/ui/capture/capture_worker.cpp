#include "ui/capture/capture_worker.hpp"

#include "crypto/secure.hpp"
#include "media/frame_convert.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/v4l2_camera.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <thread>

namespace guichet::ui::capture {

namespace fs = std::filesystem;

namespace {

constexpr auto kPreviewInterval = std::chrono::milliseconds(66);  // ~15 pictures a second at most
constexpr std::uintmax_t kMaxFileBytes = 64u * 1024 * 1024;

media::Image to_rgba(media::Image img) {
    if (img.format == media::PixelFormat::rgba) return img;
    media::Image out(img.width, img.height, media::PixelFormat::rgba);
    for (std::size_t i = 0, n = static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height); i < n; ++i) {
        out.pixels[4 * i] = out.pixels[4 * i + 1] = out.pixels[4 * i + 2] = img.pixels[i];
        out.pixels[4 * i + 3] = 255;
    }
    img.wipe();
    return out;
}

// A copy fitted in kViewBox, RGBA.
Result<media::Image> view_of(const media::Image& img) {
    const media::Size s = media::fit_within(img.size(), kViewBox);
    if (s == img.size()) {
        media::Image copy = img;
        return to_rgba(std::move(copy));
    }
    auto r = media::resize(img, s);
    if (!r) return r;
    return to_rgba(std::move(*r));
}

std::string lower_ext(const fs::path& p) {
    std::string e = p.extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

// "jpeg" for .jpg/.jpeg, "png", "webp", "pdf"; "" otherwise.
std::string kind_of(const fs::path& p) {
    const std::string e = lower_ext(p);
    if (e == ".jpg" || e == ".jpeg") return "jpeg";
    if (e == ".png") return "png";
    if (e == ".webp") return "webp";
    if (e == ".pdf") return "pdf";
    return {};
}

Result<Bytes> read_file(const fs::path& path) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return fail(path.string() + ": " + ec.message());
    if (size > kMaxFileBytes) return fail(path.string() + ": larger than 64 MiB");
    Bytes out;
    out.reserve(static_cast<std::size_t>(size));
    out.resize(static_cast<std::size_t>(size));
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size()))) {
        crypto::wipe(out);
        return fail(path.string() + ": cannot read");
    }
    return out;
}

CaptureResult failed(std::string french, std::string detail) {
    CaptureResult r;
    r.kind = CaptureResult::Failed;
    r.error = std::move(french);
    r.detail = std::move(detail);
    return r;
}

}  // namespace

void CaptureResult::wipe() {
    view.wipe();
    page.wipe();
    crypto::wipe(bytes);
}

Result<std::unique_ptr<media::Camera>> open_camera(const std::string& spec) {
    if (spec == "synthetic") return std::unique_ptr<media::Camera>(std::make_unique<media::SyntheticDocumentCamera>());
    if (!spec.empty()) {
        auto cam = media::V4l2Camera::open(spec);
        if (!cam) return fail(cam.error().message);
        return std::unique_ptr<media::Camera>(std::move(*cam));
    }
    std::string why = "no /dev/video* device";
    for (int i = 0; i < 10; ++i) {
        const std::string dev = "/dev/video" + std::to_string(i);
        std::error_code ec;
        if (!fs::exists(dev, ec)) continue;
        auto cam = media::V4l2Camera::open(dev);
        if (cam) return std::unique_ptr<media::Camera>(std::move(*cam));
        why = cam.error().message;
    }
    return fail(why);
}

Result<std::vector<UsbFile>> list_usb(const fs::path& dir, const std::vector<std::string>& accept) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return fail(dir.string() + ": no such folder (is the stick plugged in?)");
    std::vector<UsbFile> out;
    auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) return fail(dir.string() + ": " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        const std::string fname = p.filename().string();
        if (!fname.empty() && fname.front() == '.') {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_directory(ec)) {
            if (it.depth() >= 1) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        const std::string kind = kind_of(p);
        if (kind.empty() || std::find(accept.begin(), accept.end(), kind) == accept.end()) continue;
        UsbFile f;
        f.path = p;
        f.name = fs::relative(p, dir, ec).string();
        f.size = it->file_size(ec);
        f.pdf = kind == "pdf";
        out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const UsbFile& a, const UsbFile& b) { return a.name < b.name; });
    return out;
}

CaptureWorker::CaptureWorker(std::function<void()> on_ready)
    : queue_([this](CaptureJob& job) { return run_job(job); }, std::move(on_ready)) {}

CaptureWorker::~CaptureWorker() {
    queue_.stop();  // before the pictures are wiped: the worker may be using them
    last_.wipe();
    still_.wipe();
}

std::uint64_t CaptureWorker::post(CaptureJob job) {
    const std::uint64_t t = job.ticket = next_ticket_++;
    queue_.post(std::move(job));
    return t;
}

std::optional<CaptureResult> CaptureWorker::poll() { return queue_.poll_one(); }

void CaptureWorker::wait_idle() { queue_.wait_idle(); }

bool CaptureWorker::busy() const { return !queue_.idle(); }

void CaptureWorker::forget() {
    queue_.clear();  // each result wipes itself
    CaptureJob close;
    close.kind = CaptureJob::CloseCamera;
    post(std::move(close));
}

std::optional<CaptureResult> CaptureWorker::run_job(CaptureJob& job) {
    CaptureResult r = handle(job);
    r.ticket = job.ticket;
    r.job = job.kind;
    wipe_strokes(job.strokes);
    if (job.kind == CaptureJob::CloseCamera) return std::nullopt;  // nothing to show; r wipes itself
    return r;
}

CaptureResult CaptureWorker::handle(CaptureJob& job) {
    const std::string no_camera =
        "Aucune caméra n’est branchée sur cette borne.";
    switch (job.kind) {
        case CaptureJob::OpenCamera: {
            camera_.reset();
            auto cam = open_camera(job.spec);
            if (!cam) {
                std::fprintf(stderr, "guichet-kiosk: camera: %s\n", cam.error().message.c_str());
                return failed(no_camera, cam.error().message);
            }
            camera_ = std::move(*cam);
            std::fprintf(stderr, "guichet-kiosk: camera: %s\n", camera_->description().c_str());
            CaptureResult r;
            r.kind = CaptureResult::CameraReady;
            r.full = camera_->frame_size();
            return r;
        }
        case CaptureJob::CloseCamera:
            camera_.reset();
            last_.wipe();
            last_ = {};
            still_.wipe();
            still_ = {};
            return {};
        case CaptureJob::Preview:
        case CaptureJob::Take: {
            if (!camera_) return failed(no_camera, "camera not open");
            if (job.kind == CaptureJob::Preview || last_.empty()) {
                const auto since = std::chrono::steady_clock::now() - last_grab_;
                if (since < kPreviewInterval) std::this_thread::sleep_for(kPreviewInterval - since);
                auto frame = camera_->grab();
                last_grab_ = std::chrono::steady_clock::now();
                if (!frame) return failed("La caméra ne répond pas. Réessayez.", frame.error().message);
                last_.wipe();
                last_ = std::move(*frame);
            }
            CaptureResult r;
            if (job.kind == CaptureJob::Take) {
                still_.wipe();
                still_ = std::move(last_);
                last_ = {};
            }
            const media::Image& src = job.kind == CaptureJob::Take ? still_ : last_;
            auto v = view_of(src);
            if (!v) return failed("La caméra ne répond pas. Réessayez.", v.error().message);
            r.kind = job.kind == CaptureJob::Take ? CaptureResult::Still : CaptureResult::PreviewFrame;
            r.view = std::move(*v);
            r.full = src.size();
            return r;
        }
        case CaptureJob::Edit: {
            if (still_.empty()) return failed("La photo n’est plus disponible. Reprenez-la.", "no still");
            auto v = view_of(still_);
            if (!v) return failed("La photo n’a pas pu être affichée.", v.error().message);
            media::Image shown = media::rotate(*v, job.settings.rotation);
            v->wipe();
            if (job.settings.document_mode) {
                media::Image doc = media::document_mode(shown);
                shown.wipe();
                shown = to_rgba(std::move(doc));
            }
            CaptureResult r;
            r.kind = CaptureResult::Edited;
            r.view = std::move(shown);
            r.full = still_.size();
            return r;
        }
        case CaptureJob::Encode: {
            if (still_.empty()) return failed("La photo n’est plus disponible. Reprenez-la.", "no still");
            auto page = media::prepare_page(still_, job.settings);
            if (!page) return failed("La photo n’a pas pu être préparée. Reprenez-la.", page.error().message);
            auto enc = media::encode_page(*page, job.settings.budget, "page");
            page->wipe();
            if (!enc)
                return failed("Cette page est trop chargée pour être envoyée. Recadrez-la ou reprenez la photo.",
                              enc.error().message);
            CaptureResult r;
            r.kind = CaptureResult::Encoded;
            r.page = std::move(*enc);
            return r;
        }
        case CaptureJob::LoadFile: {
            auto bytes = read_file(job.path);
            if (!bytes) return failed("Ce fichier n’a pas pu être lu sur la clé USB.", bytes.error().message);
            if (kind_of(job.path) == "pdf") {
                CaptureResult r;
                r.kind = CaptureResult::FileLoaded;
                r.bytes = std::move(*bytes);
                r.name = job.path.filename().string();
                r.mime = "application/pdf";
                return r;
            }
            media::DecodeOptions opt;
            opt.box = {4000, 4000};
            auto img = media::decode_image(*bytes, job.path.filename().string(), opt);
            crypto::wipe(*bytes);
            if (!img) return failed("Cette image n’a pas pu être ouverte : elle est peut-être abîmée.", img.error().message);
            still_.wipe();
            still_ = std::move(img->image);
            auto v = view_of(still_);
            if (!v) return failed("Cette image n’a pas pu être affichée.", v.error().message);
            CaptureResult r;
            r.kind = CaptureResult::Still;
            r.view = std::move(*v);
            r.full = still_.size();
            return r;
        }
        case CaptureJob::ListUsb: {
            auto files = list_usb(job.path, job.accept);
            if (!files) return failed("Aucune clé USB n’est branchée, ou elle ne peut pas être lue.", files.error().message);
            CaptureResult r;
            r.kind = CaptureResult::Listing;
            r.files = std::move(*files);
            return r;
        }
        case CaptureJob::Signature: {
            media::Image img = render_signature(job.strokes);
            media::EncodeOptions opt;
            opt.format = media::ImageFormat::png;
            auto png = media::encode_image(img, opt, "signature");
            img.wipe();
            if (!png) return failed("La signature n’a pas pu être enregistrée. Recommencez.", png.error().message);
            CaptureResult r;
            r.kind = CaptureResult::SignatureDone;
            r.bytes = std::move(*png);
            return r;
        }
    }
    return failed("Erreur inattendue.", "unknown job");
}

}  // namespace guichet::ui::capture
