// Documents and signatures captured at the kiosk (issue #7), drawn inside the
// démarche wizard: the camera with its live preview, the review of a photo
// (crop handles, « Pivoter », « Mode document »), the USB stick chooser
// (screens/usb.cpp), the signature pad (screens/signature.cpp), and the
// cards the wizard shows for attachment and signature fields. The state and
// the worker are in ui/capture/capture_session.hpp.
#pragma once

#include "ui/capture/capture_session.hpp"
#include "ui/widgets.hpp"

namespace guichet::ui {

// The photo (camera preview, or the taken photo under review with its crop handles).
struct CaptureScreen {
    int dragging = -1;  // the crop corner under the finger
    void reset() { dragging = -1; }
    void draw(Ui& ui, capture::CaptureSession& s);
};

// « Depuis une clé USB »: the stick's pictures and PDFs as large rows.
struct UsbScreen {
    void reset() {}
    void draw(Ui& ui, capture::CaptureSession& s);
};

// The signature pad: draw with the finger, « Effacer », « Valider ma signature ».
struct SignatureScreen {
    bool drawing = false;
    void reset() { drawing = false; }
    void draw(Ui& ui, capture::CaptureSession& s);
};

// What the wizard holds: the session and its three screens.
struct CaptureScreens {
    capture::CaptureSession session;
    CaptureScreen photo;
    UsbScreen usb;
    SignatureScreen signature;

    void reset() {
        session.reset();
        photo.reset();
        usb.reset();
        signature.reset();
    }
    bool active() const { return session.active(); }
    void back() { session.back(); }
    // Once per frame from the wizard, before anything is drawn.
    void pump(demarche::Draft* draft) { session.pump(draft); }
    // The open sub-screen.
    void draw(Ui& ui);
};

// The wizard's card for an attachment field: the document taken, or the
// buttons to take it. PATH: the field's path when it is inside a repeated
// group's item ("enfants[2].certificat"; FIELD below is then that path).
// Element names for replays: "photo:FIELD", "usb:FIELD",
// "page:FIELD" (another page), "page-usb:FIELD" (another page from the stick),
// "remove:FIELD". A PDF from the stick is attached as is: no page can be added
// to it, and the card says so.
void draw_attachment_card(Ui& ui, capture::CaptureSession& s, const forms::Field& field, demarche::Draft& draft,
                          const std::string& path = {});
// The card for a signature field ("sign:FIELD").
void draw_signature_card(Ui& ui, capture::CaptureSession& s, const forms::Field& field, const demarche::Draft& draft);
// The review screen's line: "justificatif_domicile.jpg — 1 page — 182 Ko"; "" when nothing is attached.
std::string document_summary(const Ui& ui, const capture::CaptureSession& s, const std::string& field_id);

}  // namespace guichet::ui
