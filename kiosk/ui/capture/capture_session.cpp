#include "ui/capture/capture_session.hpp"

#include "crypto/secure.hpp"
#include "forms/check.hpp"
#include "ui/capture/pdf.hpp"

#include <algorithm>
#include <cstdio>

namespace guichet::ui::capture {

void FieldDocument::wipe() {
    for (media::EncodedPage& p : pages) p.wipe();
    pages.clear();
    whole_file = false;
    name.clear();
    size = 0;
}

CaptureSession::~CaptureSession() { reset(); }

void CaptureSession::configure(CaptureConfig config) { config_ = std::move(config); }

CaptureWorker& CaptureSession::worker() {
    if (!worker_) worker_ = std::make_unique<CaptureWorker>(config_.wake);
    return *worker_;
}

void CaptureSession::reset() {
    close();
    for (auto& [id, doc] : documents_) doc.wipe();
    documents_.clear();
}

void CaptureSession::close() {
    if (worker_) worker_->forget();  // drops queued pictures; the camera is closed and the photo wiped
    mode_ = Mode::none;
    step_ = Step::opening;
    preview_ticket_ = still_ticket_ = edit_ticket_ = encode_ticket_ = list_ticket_ = load_ticket_ = signature_ticket_ = 0;
    listing_ = false;
    next_page_ = false;
    from_file_ = false;
    files_.clear();
    error_.clear();
    pending_.wipe();
    pending_ = {};
    has_pending_ = false;
    view_tex_ = {};  // the picture leaves the GPU too
    view_size_ = {};
    wipe_strokes(strokes);
}

void CaptureSession::back() {
    if (mode_ == Mode::camera && (step_ == Step::review || (step_ == Step::failed && full_.width > 0)) && !from_file_) {
        retake();
        return;
    }
    if (mode_ == Mode::usb && (step_ == Step::review || step_ == Step::encoding)) {
        mode_ = Mode::usb;
        step_ = Step::opening;
        error_.clear();
        view_tex_ = {};
        from_file_ = false;
        return;
    }
    close();
}

void CaptureSession::open(const forms::Field& field, Mode mode, const std::string& path) {
    close();
    mode_ = mode;
    field_id_ = path.empty() ? field.id : path;
    field_label_ = field.label;
    max_bytes_ = field.max_size_kb * 1000;
    accept_ = field.accept;
    if (accept_.empty()) accept_ = {"jpeg", "png", "webp", "pdf"};
    multi_page_ = std::find(accept_.begin(), accept_.end(), "pdf") != accept_.end();
    crop = NormRect{};
    rotation_ = media::Rotation::none;
    document_mode_ = true;
    full_ = {};
}

void CaptureSession::open_camera(const forms::Field& field, const std::string& path) {
    open(field, Mode::camera, path);
    CaptureJob j;
    j.kind = CaptureJob::OpenCamera;
    j.spec = config_.camera;
    worker().post(std::move(j));
}

void CaptureSession::open_usb(const forms::Field& field, bool next_page, const std::string& path) {
    open(field, Mode::usb, path);
    next_page_ = next_page;
    CaptureJob j;
    j.kind = CaptureJob::ListUsb;
    j.path = config_.usb_dir;
    j.accept = accept_;
    if (next_page) std::erase(j.accept, std::string("pdf"));
    listing_ = true;
    list_ticket_ = worker().post(std::move(j));
}

void CaptureSession::open_signature(const forms::Field& field) { open(field, Mode::signature); }

void CaptureSession::wait_idle() {
    if (worker_) worker_->wait_idle();
}

void CaptureSession::show(media::Image view) {
    pending_.wipe();
    pending_ = std::move(view);
    has_pending_ = true;
}

void CaptureSession::take_photo() {
    if (mode_ != Mode::camera || step_ != Step::preview) return;
    CaptureJob j;
    j.kind = CaptureJob::Take;
    still_ticket_ = worker().post(std::move(j));
    preview_ticket_ = 0;
    step_ = Step::taking;
}

void CaptureSession::retake() {
    if (mode_ != Mode::camera) return;
    error_.clear();
    crop = NormRect{};
    rotation_ = media::Rotation::none;
    full_ = {};
    step_ = Step::preview;
    CaptureJob j;
    j.kind = CaptureJob::Preview;
    preview_ticket_ = worker().post(std::move(j));
}

void CaptureSession::post_edit() {
    CaptureJob j;
    j.kind = CaptureJob::Edit;
    j.settings.rotation = rotation_;
    j.settings.document_mode = document_mode_;
    edit_ticket_ = worker().post(std::move(j));
}

void CaptureSession::rotate() {
    if (step_ != Step::review) return;
    rotation_ = next_rotation(rotation_);
    crop = turn_clockwise(crop);
    post_edit();
}

void CaptureSession::toggle_document_mode() {
    if (step_ != Step::review) return;
    document_mode_ = !document_mode_;
    post_edit();
}

std::optional<std::size_t> CaptureSession::next_budget(const forms::Field& field, const std::string& path) const {
    std::vector<std::size_t> sizes;
    if (const FieldDocument* d = document(path.empty() ? field.id : path)) {
        if (d->whole_file) return std::nullopt;
        for (const media::EncodedPage& p : d->pages) sizes.push_back(p.bytes.size());
    }
    const bool multi = std::find(field.accept.begin(), field.accept.end(), "pdf") != field.accept.end() || field.accept.empty();
    return next_page_budget(field.max_size_kb * 1000, sizes, multi);
}

void CaptureSession::use_photo() {
    if (step_ != Step::review) return;
    std::vector<std::size_t> sizes;
    if (auto it = documents_.find(field_id_); it != documents_.end() && !it->second.whole_file)
        for (const media::EncodedPage& p : it->second.pages) sizes.push_back(p.bytes.size());
    else if (it != documents_.end())
        sizes.clear();  // a whole file is replaced by the photo
    const auto budget = next_page_budget(max_bytes_, sizes, multi_page_);
    if (!budget) {
        error_ = "Ce document a déjà toutes les pages possibles.";
        return;
    }
    CaptureJob j;
    j.kind = CaptureJob::Encode;
    j.settings.crop = frame_crop(crop, rotation_, full_);
    j.settings.rotation = rotation_;
    j.settings.document_mode = document_mode_;
    j.settings.budget.max_bytes = *budget;
    encode_ticket_ = worker().post(std::move(j));
    error_.clear();
    step_ = Step::encoding;
}

void CaptureSession::choose(std::size_t index) {
    if (mode_ != Mode::usb || index >= files_.size() || load_ticket_ != 0) return;
    CaptureJob j;
    j.kind = CaptureJob::LoadFile;
    j.path = files_[index].path;
    error_.clear();
    load_ticket_ = worker().post(std::move(j));
}

void CaptureSession::confirm_signature() {
    if (mode_ != Mode::signature || !has_ink(strokes) || signature_ticket_ != 0) return;
    CaptureJob j;
    j.kind = CaptureJob::Signature;
    j.strokes = strokes;  // the copy is wiped by the worker
    signature_ticket_ = worker().post(std::move(j));
}

const FieldDocument* CaptureSession::document(const std::string& field_id) const {
    auto it = documents_.find(field_id);
    return it == documents_.end() ? nullptr : &it->second;
}

void CaptureSession::remove(const std::string& field_id, demarche::Draft& draft) {
    if (auto it = documents_.find(field_id); it != documents_.end()) {
        it->second.wipe();
        documents_.erase(it);
    }
    draft.detach(field_id);
}

void CaptureSession::group_item_removed(const forms::Field& group, const std::string& group_path, std::size_t item, std::size_t count,
                                        demarche::Draft& draft) {
    auto key = [&](std::size_t n, const forms::Field& sub) { return group_path + "[" + std::to_string(n) + "]." + sub.id; };
    for (const forms::Field& sub : group.fields) {
        if (sub.type != forms::FieldType::attachment) continue;
        remove(key(item, sub), draft);
        for (std::size_t n = item + 1; n <= count; ++n) {
            const std::string from = key(n, sub), to = key(n - 1, sub);
            draft.rename_file(from, to);
            if (auto it = documents_.find(from); it != documents_.end()) {
                documents_[to] = std::move(it->second);
                documents_.erase(from);
            }
        }
    }
    if (active() && field_id_.starts_with(group_path + "[")) close();  // its item may have moved
}

void CaptureSession::attach_pages(demarche::Draft& draft) {
    FieldDocument& doc = documents_[field_id_];
    demarche::AttachedFile file;
    const int n = static_cast<int>(doc.pages.size());
    file.name = attachment_name(field_id_, n);
    if (n == 1) {
        file.mime = doc.pages[0].mime;
        file.bytes.reserve(doc.pages[0].bytes.size());
        file.bytes.assign(doc.pages[0].bytes.begin(), doc.pages[0].bytes.end());
    } else {
        std::vector<JpegPage> pages;
        for (const media::EncodedPage& p : doc.pages) pages.push_back({p.bytes, p.size.width, p.size.height});
        file.mime = "application/pdf";
        file.bytes = assemble_pdf(pages);
    }
    doc.name = file.name;
    doc.size = file.bytes.size();
    draft.attach(field_id_, std::move(file));
}

void CaptureSession::pump(demarche::Draft* draft) {
    while (worker_) {
        std::optional<CaptureResult> r = worker_->poll();
        if (!r) break;
        switch (r->kind) {
            case CaptureResult::CameraReady:
                if (mode_ != Mode::camera) break;
                retake();
                break;
            case CaptureResult::PreviewFrame:
                if (r->ticket != preview_ticket_ || step_ != Step::preview) break;
                show(std::move(r->view));
                {
                    CaptureJob j;
                    j.kind = CaptureJob::Preview;
                    preview_ticket_ = worker_->post(std::move(j));
                }
                break;
            case CaptureResult::Still:
                if (r->ticket != still_ticket_ && r->ticket != load_ticket_) break;
                from_file_ = r->ticket == load_ticket_;
                load_ticket_ = still_ticket_ = 0;
                full_ = r->full;
                // A photo's corners start just inside the frame; a file from the stick is usually
                // already the document alone: all of it.
                crop = from_file_ ? NormRect{0, 0, 1, 1} : NormRect{};
                rotation_ = media::Rotation::none;
                view_size_ = r->view.size();
                show(std::move(r->view));
                step_ = Step::review;
                post_edit();  // document mode is on by default
                break;
            case CaptureResult::Edited:
                if (r->ticket != edit_ticket_) break;
                view_size_ = r->view.size();
                show(std::move(r->view));
                break;
            case CaptureResult::Encoded: {
                if (r->ticket != encode_ticket_) break;
                encode_ticket_ = 0;
                if (draft == nullptr) break;
                FieldDocument& doc = documents_[field_id_];
                if (doc.whole_file) doc.wipe();
                doc.pages.push_back(std::move(r->page));
                attach_pages(*draft);
                close();
                break;
            }
            case CaptureResult::FileLoaded: {
                if (r->ticket != load_ticket_) break;
                load_ticket_ = 0;
                if (draft == nullptr) break;
                if (max_bytes_ != 0 && r->bytes.size() > max_bytes_) {
                    error_ = "Ce fichier PDF pèse " + kilo_octets(r->bytes.size()) + " : la limite est de " +
                             kilo_octets(max_bytes_) +
                             ". Choisissez un autre fichier, ou photographiez le document.";
                    break;
                }
                FieldDocument& doc = documents_[field_id_];
                doc.wipe();
                doc.whole_file = true;
                doc.name = r->name;
                doc.size = r->bytes.size();
                draft->attach(field_id_, {r->name, r->mime, std::move(r->bytes)});
                close();
                break;
            }
            case CaptureResult::Listing:
                if (r->ticket != list_ticket_) break;
                listing_ = false;
                files_ = std::move(r->files);
                break;
            case CaptureResult::SignatureDone:
                if (r->ticket != signature_ticket_) break;
                signature_ticket_ = 0;
                if (draft == nullptr) break;
                draft->attach(field_id_, {"signature.png", "image/png", std::move(r->bytes)});
                // check.hpp: a signature's answer is a non-empty string; the PNG travels as its attachment.
                forms::wipe_json(draft->answers()[field_id_]);
                draft->answers()[field_id_] = "signature.png";
                close();
                break;
            case CaptureResult::Failed:
                std::fprintf(stderr, "guichet-kiosk: capture: %s\n", r->detail.c_str());
                if (r->ticket == list_ticket_) listing_ = false;
                if (r->ticket == load_ticket_) load_ticket_ = 0;
                if (r->ticket == signature_ticket_) signature_ticket_ = 0;
                if (r->ticket == encode_ticket_) {
                    encode_ticket_ = 0;
                    step_ = Step::review;
                } else if (r->job == CaptureJob::OpenCamera || r->job == CaptureJob::Preview || r->job == CaptureJob::Take) {
                    step_ = Step::failed;
                }
                error_ = r->error;
                break;
        }
    }
    if (has_pending_) {
        // The frame boundary: the only upload of this frame.
        if (view_size_.width == 0 || step_ == Step::preview) view_size_ = pending_.size();
        if (view_tex_.id() != nullptr && view_tex_.width() == pending_.width && view_tex_.height() == pending_.height) {
            // One streaming texture: the live preview's frames replace its pixels in place.
            if (!view_tex_.update(pending_.pixels.data())) view_tex_ = {};
        } else {
            auto t = platform::Texture::upload(pending_.width, pending_.height, pending_.pixels.data());
            view_tex_ = t ? std::move(*t) : platform::Texture{};
        }
        pending_.wipe();
        pending_ = {};
        has_pending_ = false;
    }
}

}  // namespace guichet::ui::capture
