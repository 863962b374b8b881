// « Depuis une clé USB »: the stick's pictures and PDFs (as the field
// accepts) in large rows; a picture goes on to the photo review, a PDF is
// attached as is when it is within the field's limit. To add a page to
// photographed pages, only pictures are listed.
#include "ui/screens/capture.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

void UsbScreen::draw(Ui& ui, capture::CaptureSession& s) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    text(ui, s.field_label(), ui.fonts.h2, t.text);
    text(ui, tr(ui, s.next_page() ? "usb.hint_page" : "usb.hint"), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap));
    if (s.listing()) {
        text(ui, tr(ui, "usb.reading"), ui.fonts.h2, t.text);
        return;
    }
    if (!s.error().empty()) {
        text(ui, s.error(), ui.fonts.bold, t.error);
        ImGui::Dummy(ImVec2(1, gap));
    }
    if (s.files().empty() && s.error().empty())
        text(ui, tr(ui, s.next_page() ? "usb.empty_pictures" : "usb.empty"), ui.fonts.h2, t.text);
    for (std::size_t i = 0; i < s.files().size(); ++i) {
        const capture::UsbFile& f = s.files()[i];
        const std::string sub = (f.pdf ? tr(ui, "usb.pdf") : tr(ui, "usb.photo")) + " — " + capture::kilo_octets(f.size);
        const std::size_t before = ui.record.elements.size();
        ImGui::PushID(static_cast<int>(i));
        if (big_button(ui, f.name, sub)) s.choose(i);
        ImGui::PopID();
        if (ui.record.elements.size() > before) ui.record.elements.back().name = "file:" + f.name;
        ImGui::Dummy(ImVec2(1, gap));
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "capture.back"))) s.close();
}

}  // namespace guichet::ui
