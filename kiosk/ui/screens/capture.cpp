// The camera screen: live preview, « Prendre la photo », then the review
// with four crop corners to drag, « Pivoter », « Mode document »,
// « Recommencer » and « Utiliser cette photo »; and the wizard's cards for
// attachment and signature fields.
#include "ui/screens/capture.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui {

using capture::CaptureSession;

namespace {

bool named_button(Ui& ui, const std::string& label, const std::string& name, float width = 0,
                  const std::string& sub = "") {
    const std::size_t before = ui.record.elements.size();
    const bool pressed = big_button(ui, label, sub, width);
    if (ui.record.elements.size() > before) ui.record.elements.back().name = name;
    return pressed;
}

// Two buttons side by side; returns 1 or 2 when one is tapped.
int button_pair(Ui& ui, const std::string& a, const std::string& b) {
    const float gap = ui.metrics.gap_px();
    const float w = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
    int hit = 0;
    if (big_button(ui, a, "", w)) hit = 1;
    ImGui::SameLine(0, gap);
    if (big_button(ui, b, "", w)) hit = 2;
    ImGui::Dummy(ImVec2(1, gap));
    return hit;
}

// The picture fitted in the available width and at most MAX_H high; returns its rectangle.
void fit_box(media::Size pic, float avail_w, float max_h, ImVec2& size) {
    if (pic.width <= 0 || pic.height <= 0) pic = {16, 9};
    const float s = std::min(avail_w / static_cast<float>(pic.width), max_h / static_cast<float>(pic.height));
    size = ImVec2(std::floor(static_cast<float>(pic.width) * s), std::floor(static_cast<float>(pic.height) * s));
}

const char* kCornerNames[4] = {"crop:haut-gauche", "crop:haut-droite", "crop:bas-droite", "crop:bas-gauche"};

}  // namespace

void CaptureScreens::draw(Ui& ui) {
    switch (session.mode()) {
        case CaptureSession::Mode::camera: photo.draw(ui, session); break;
        case CaptureSession::Mode::usb:
            if (session.step() == CaptureSession::Step::review || session.step() == CaptureSession::Step::encoding)
                photo.draw(ui, session);
            else
                usb.draw(ui, session);
            break;
        case CaptureSession::Mode::signature: signature.draw(ui, session); break;
        case CaptureSession::Mode::none: break;
    }
}

void CaptureScreen::draw(Ui& ui, CaptureSession& s) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    const CaptureSession::Step step = s.step();
    const bool review = step == CaptureSession::Step::review || step == CaptureSession::Step::encoding;
    text(ui, s.field_label(), ui.fonts.h2, t.text);
    text(ui,
         review ? tr(ui, "capture.crop_hint")
                : tr(ui, "capture.take_hint"),
         ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap));

    if (step == CaptureSession::Step::opening) {
        text(ui, tr(ui, "capture.starting"), ui.fonts.h2, t.text);
        return;
    }
    if (step == CaptureSession::Step::failed) {
        text(ui, s.error(), ui.fonts.h2, t.error);
        text(ui,
             s.usb_enabled() ? tr(ui, "capture.failed_usb")
                             : tr(ui, "capture.failed_desk"),
             ui.fonts.body, t.text);
        ImGui::Dummy(ImVec2(1, gap));
        if (big_button(ui, tr(ui, "capture.back"))) s.close();
        return;
    }

    // [Picture] in a child window: the content region's drag-to-scroll leaves it alone.
    const float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 size;
    // At most 70 % of the content's height: the picture's window takes every drag, and at ×2 it
    // filled the view, leaving no place to scroll to « Utiliser cette photo » (issue #18).
    fit_box(s.view_size(), avail, std::min(900.0f, 0.7f * ImGui::GetWindowHeight()), size);
    const float pad = review ? 36.0f : 0.0f;  // room for the corner handles above and below the photo
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 p0(origin.x + (avail - size.x) * 0.5f, origin.y + pad);
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("photo", ImVec2(avail, size.y + 2 * pad), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::InvisibleButton("##surface", ImVec2(avail, size.y + 2 * pad));
    const bool activated = ImGui::IsItemActivated(), active = ImGui::IsItemActive();
    if (const platform::Texture* tex = s.view()) {
        dl->AddImage(tex->id(), p0, p1);
    } else {
        dl->AddRectFilled(p0, p1, to_u32(t.status_bg));
    }
    if (review) {
        const ImGuiIO& io = ImGui::GetIO();
        auto corner_at = [&](int i) {
            const capture::NormRect& c = s.crop;
            const float u = (i == 0 || i == 3) ? c.x0 : c.x1, v = (i == 0 || i == 1) ? c.y0 : c.y1;
            return ImVec2(p0.x + u * size.x, p0.y + v * size.y);
        };
        if (activated && step == CaptureSession::Step::review) {
            float best = 110.0f;  // touch target radius, px
            dragging = -1;
            for (int i = 0; i < 4; ++i) {
                const ImVec2 c = corner_at(i);
                const float d = std::hypot(io.MousePos.x - c.x, io.MousePos.y - c.y);
                if (d < best) best = d, dragging = i;
            }
        }
        if (!active) dragging = -1;
        // Not on the touch-down frame: the pointer may have jumped there from elsewhere.
        if (dragging >= 0 && !activated && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) && size.x > 0 && size.y > 0)
            s.crop = capture::drag_corner(s.crop, dragging, io.MouseDelta.x / size.x, io.MouseDelta.y / size.y);
        // Shade what the crop leaves out; frame and corners of what it keeps.
        const ImVec2 a = corner_at(0), b = corner_at(2);
        const ImU32 shade = IM_COL32(0, 0, 0, 140);
        dl->AddRectFilled(p0, ImVec2(p1.x, a.y), shade);
        dl->AddRectFilled(ImVec2(p0.x, b.y), p1, shade);
        dl->AddRectFilled(ImVec2(p0.x, a.y), ImVec2(a.x, b.y), shade);
        dl->AddRectFilled(ImVec2(b.x, a.y), ImVec2(p1.x, b.y), shade);
        dl->AddRect(a, b, IM_COL32(255, 200, 0, 255), 0, 0, 5.0f);
        for (int i = 0; i < 4; ++i) {
            const ImVec2 c = corner_at(i);
            const float r = dragging == i ? 34.0f : 28.0f;
            dl->AddCircleFilled(c, r, IM_COL32(255, 200, 0, 255), 32);
            dl->AddCircle(c, r, IM_COL32(0, 0, 0, 255), 32, 4.0f);
            ui.record.elements.push_back({"", c.x - 55, c.y - 55, c.x + 55, c.y + 55, kCornerNames[i]});
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(1, gap));

    if (!s.error().empty()) text(ui, s.error(), ui.fonts.bold, t.error);
    if (step == CaptureSession::Step::preview || step == CaptureSession::Step::taking) {
        if (named_button(ui, step == CaptureSession::Step::taking ? tr(ui, "capture.taking") : tr(ui, "capture.take"), "capture:take"))
            s.take_photo();
        return;
    }
    if (step == CaptureSession::Step::encoding) {
        text(ui, tr(ui, "capture.preparing"), ui.fonts.h2, t.text);
        return;
    }
    switch (button_pair(ui, tr(ui, "capture.rotate"), s.document_mode() ? tr(ui, "capture.document_mode_on") : tr(ui, "capture.document_mode_off"))) {
        case 1: s.rotate(); break;
        case 2: s.toggle_document_mode(); break;
        default: break;
    }
    switch (button_pair(ui, tr(ui, "capture.retake"), tr(ui, "capture.use"))) {
        case 1: s.back(); break;
        case 2: s.use_photo(); break;
        default: break;
    }
}

std::string document_summary(const Ui& ui, const CaptureSession& s, const std::string& field_id) {
    const capture::FieldDocument* d = s.document(field_id);
    if (d == nullptr) return {};
    std::string out = d->name + " — ";
    if (d->whole_file) {
        out += tr(ui, "capture.pdf");
    } else {
        const std::size_t n = d->pages.size();
        out += trf(ui, n > 1 ? "capture.pages_many" : "capture.pages_one", {{"n", std::to_string(n)}});
    }
    return out + " — " + capture::kilo_octets(d->size);
}

void draw_attachment_card(Ui& ui, CaptureSession& s, const forms::Field& field, demarche::Draft& draft, const std::string& path) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    const std::string key = path.empty() ? field.id : path;
    if (const capture::FieldDocument* d = s.document(key)) {
        text(ui, trf(ui, "capture.attached", {{"document", document_summary(ui, s, key)}}), ui.fonts.bold, t.text);
        ImGui::Dummy(ImVec2(1, gap));
        if (d->whole_file) {
            // A PDF from the stick is sent as it is: the kiosk makes PDFs of its own pages only.
            text(ui, tr(ui, "capture.pdf_as_is"), ui.fonts.body, t.muted);
            ImGui::Dummy(ImVec2(1, gap));
        } else if (s.next_budget(field, key)) {
            if (named_button(ui, tr(ui, "capture.add_page"), "page:" + key, 0, tr(ui, "capture.add_page_detail")))
                s.open_camera(field, key);
            ImGui::Dummy(ImVec2(1, gap));
            if (s.usb_enabled() &&
                named_button(ui, tr(ui, "capture.add_page_usb"), "page-usb:" + key, 0, tr(ui, "capture.add_page_usb_detail")))
                s.open_usb(field, true, key);
            ImGui::Dummy(ImVec2(1, gap));
        }
        if (named_button(ui, tr(ui, "capture.remove"), "remove:" + key)) s.remove(key, draft);
        return;
    }
    if (named_button(ui, tr(ui, "capture.photograph"), "photo:" + key)) s.open_camera(field, key);
    if (s.usb_enabled()) {
        ImGui::Dummy(ImVec2(1, gap));
        if (named_button(ui, tr(ui, "capture.from_usb"), "usb:" + key)) s.open_usb(field, false, key);
    }
}

void draw_signature_card(Ui& ui, CaptureSession& s, const forms::Field& field, const demarche::Draft& draft) {
    const nlohmann::json& a = draft.answers();
    const bool signed_ = a.is_object() && a.contains(field.id) && a[field.id].is_string() &&
                         !a[field.id].get_ref<const std::string&>().empty();
    if (signed_) {
        text(ui, tr(ui, "signature.signed"), ui.fonts.bold, ui.theme.text);
        if (named_button(ui, tr(ui, "signature.sign_again"), "sign:" + field.id)) s.open_signature(field);
        return;
    }
    if (named_button(ui, tr(ui, "signature.sign"), "sign:" + field.id)) s.open_signature(field);
}

}  // namespace guichet::ui
