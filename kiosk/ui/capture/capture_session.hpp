// The capture side of the démarche wizard, UI thread, no ImGui (the screens
// in ui/screens/capture.cpp, usb.cpp and signature.cpp draw it): which
// sub-screen is open, the flow of a photo (preview → taken → review →
// encoding), the pages taken for each attachment field, and the results of
// the capture worker turned into the draft's attachments.
//
//   1. The wizard's attachment card calls open_camera() / open_usb(); the
//      signature card open_signature().
//   2. Each frame, pump(draft) drains the worker: preview frames and the
//      reviewed photo are uploaded as the one view texture (at the frame
//      boundary, before drawing); an encoded page or a file is attached.
//   3. A page becomes Draft::attach(field, {name, mime, bytes}): one page is a
//      JPEG, several are assembled into one PDF (ui/capture/pdf.hpp). A
//      signature is attached as a PNG and its answer is the file's name.
//   4. reset() wipes the pages, the strokes and the pictures; the draft is
//      wiped by its owner.
#pragma once

#include "demarche/draft.hpp"
#include "forms/form.hpp"
#include "platform/texture.hpp"
#include "ui/capture/capture_math.hpp"
#include "ui/capture/capture_worker.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace guichet::ui::capture {

struct CaptureConfig {
    std::string camera;               // --camera: "synthetic", "/dev/video0"; "": the first V4L2 device
    std::filesystem::path usb_dir;    // --usb: where the stick is mounted; empty: no USB import
    std::function<void()> wake;       // Platform::wake
};

// What the resident attached to one field.
struct FieldDocument {
    std::vector<media::EncodedPage> pages;  // photographed (or imported picture) pages
    bool whole_file = false;                // a PDF from the stick, attached as is
    std::string name;                       // the attachment's name
    std::size_t size = 0;                   // its bytes
    void wipe();
};

class CaptureSession {
public:
    enum class Mode { none, camera, usb, signature };
    enum class Step { opening, preview, taking, review, encoding, failed };

    CaptureSession() = default;
    ~CaptureSession();
    CaptureSession(const CaptureSession&) = delete;
    CaptureSession& operator=(const CaptureSession&) = delete;

    void configure(CaptureConfig config);
    const CaptureConfig& config() const { return config_; }
    bool usb_enabled() const { return !config_.usb_dir.empty(); }

    // Wipes every page, stroke and picture; closes the camera.
    void reset();
    Mode mode() const { return mode_; }
    bool active() const { return mode_ != Mode::none; }
    // « Retour »: one step back (review → preview), else closes the sub-screen.
    void back();
    void close();

    // PATH: where the answer goes — the field's id (empty: the same), or
    // "group[n].id" for an attachment inside item n of a repeated group; the
    // draft's file and the session's document are keyed by it.
    void open_camera(const forms::Field& field, const std::string& path = {});
    // NEXT_PAGE: « Ajouter une page depuis la clé USB » — pictures only, since a
    // PDF from the stick is attached as is and cannot join photographed pages.
    void open_usb(const forms::Field& field, bool next_page = false, const std::string& path = {});
    void open_signature(const forms::Field& field);
    // Before item ITEM (from 1) of COUNT is removed from GROUP (at GROUP_PATH):
    // its documents are removed and wiped, and the later items' documents and
    // files are re-keyed one item up, as their answers will be.
    void group_item_removed(const forms::Field& group, const std::string& group_path, std::size_t item, std::size_t count,
                            demarche::Draft& draft);

    // Once per frame, UI thread, before drawing. DRAFT may be null (submit in flight).
    void pump(demarche::Draft* draft);
    void wait_idle();

    // [Photo] the flow's actions.
    Step step() const { return step_; }
    void take_photo();
    void retake();
    void rotate();
    void toggle_document_mode();
    bool document_mode() const { return document_mode_; }
    media::Rotation rotation() const { return rotation_; }
    void use_photo();
    NormRect crop;  // over the picture as shown (turned)
    const std::string& error() const { return error_; }  // French, shown by the screen
    const platform::Texture* view() const { return view_tex_.id() ? &view_tex_ : nullptr; }
    media::Size view_size() const { return view_size_; }  // of the picture shown (also without texture)

    // [USB]
    bool listing() const { return listing_; }
    bool next_page() const { return next_page_; }  // opened to add a page: pictures only
    const std::vector<UsbFile>& files() const { return files_; }
    void choose(std::size_t index);

    // [Signature] strokes in pad coordinates (0…1).
    std::vector<Stroke> strokes;
    void clear_strokes() { wipe_strokes(strokes); }
    void confirm_signature();
    bool signing() const { return signature_ticket_ != 0; }

    // The field being filled (its path) and its rules.
    const std::string& field_id() const { return field_id_; }
    const std::string& field_label() const { return field_label_; }
    // The field's document, or null.
    const FieldDocument* document(const std::string& field_id) const;
    // Removes FIELD_ID's document from the session and DRAFT.
    void remove(const std::string& field_id, demarche::Draft& draft);
    // Budget of the next page of FIELD at PATH (nullopt: « Ajouter une page » not offered).
    std::optional<std::size_t> next_budget(const forms::Field& field, const std::string& path = {}) const;

private:
    void open(const forms::Field& field, Mode mode, const std::string& path = {});
    void show(media::Image view);
    void post_edit();
    void attach_pages(demarche::Draft& draft);

    CaptureConfig config_;
    std::unique_ptr<CaptureWorker> worker_;
    CaptureWorker& worker();
    Mode mode_ = Mode::none;
    Step step_ = Step::opening;
    std::string field_id_, field_label_;
    std::size_t max_bytes_ = 0;  // the field's max_size_kb × 1000 (0: none)
    bool multi_page_ = false;
    std::vector<std::string> accept_;
    std::string error_;
    std::uint64_t preview_ticket_ = 0, still_ticket_ = 0, edit_ticket_ = 0, encode_ticket_ = 0, list_ticket_ = 0,
                  load_ticket_ = 0, signature_ticket_ = 0;
    bool listing_ = false;
    bool next_page_ = false;
    bool from_file_ = false;  // the photo under review came from the stick
    std::vector<UsbFile> files_;
    media::Rotation rotation_ = media::Rotation::none;
    bool document_mode_ = true;
    media::Size full_;        // of the frozen photo
    media::Image pending_;    // to upload at the next pump
    bool has_pending_ = false;
    platform::Texture view_tex_;
    media::Size view_size_;
    std::map<std::string, FieldDocument> documents_;
};

}  // namespace guichet::ui::capture
