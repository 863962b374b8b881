// The signature pad: the resident signs with the finger in a white frame
// (strokes kept in memory, in pad coordinates), « Effacer » starts again,
// « Valider ma signature » renders it to a PNG on the capture worker.
#include "ui/screens/capture.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui {

void SignatureScreen::draw(Ui& ui, capture::CaptureSession& s) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px();
    text(ui, s.field_label(), ui.fonts.h2, t.text);
    text(ui, tr(ui, "signature.hint"), ui.fonts.body, t.muted);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));

    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::floor(w * static_cast<float>(capture::kSignatureSize.height) /
                               static_cast<float>(capture::kSignatureSize.width));
    const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + w, p0.y + h);
    // A child window: the content region's drag-to-scroll leaves the pad alone.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("pad", ImVec2(w, h), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::InvisibleButton("##pad", ImVec2(w, h));
    const ImGuiIO& io = ImGui::GetIO();
    const bool busy = s.signing();
    if (ImGui::IsItemActivated() && !busy) {
        s.strokes.emplace_back();
        drawing = true;
    }
    if (!ImGui::IsItemActive()) drawing = false;
    if (drawing && !s.strokes.empty()) {
        const capture::PadPoint pt{std::clamp((io.MousePos.x - p0.x) / w, 0.0f, 1.0f),
                                   std::clamp((io.MousePos.y - p0.y) / h, 0.0f, 1.0f)};
        capture::Stroke& st = s.strokes.back();
        if (st.empty() || std::hypot((pt.x - st.back().x) * w, (pt.y - st.back().y) * h) >= 2.0f) st.push_back(pt);
    }
    dl->AddRectFilled(p0, p1, IM_COL32(255, 255, 255, 255), 12.0f);
    dl->AddRect(p0, p1, to_u32(t.text), 12.0f, 0, 3.0f);
    const float base = p0.y + h * 0.75f;
    dl->AddLine(ImVec2(p0.x + 40, base), ImVec2(p1.x - 40, base), IM_COL32(150, 150, 150, 255), 2.0f);
    const float pen = 6.0f * w / static_cast<float>(capture::kSignatureSize.width);
    for (const capture::Stroke& st : s.strokes) {
        if (st.size() == 1) dl->AddCircleFilled(ImVec2(p0.x + st[0].x * w, p0.y + st[0].y * h), pen * 0.5f, IM_COL32(0, 0, 0, 255));
        for (std::size_t i = 1; i < st.size(); ++i)
            dl->AddLine(ImVec2(p0.x + st[i - 1].x * w, p0.y + st[i - 1].y * h), ImVec2(p0.x + st[i].x * w, p0.y + st[i].y * h),
                        IM_COL32(0, 0, 0, 255), pen);
    }
    ui.record.elements.push_back({"", p0.x, p0.y, p1.x, p1.y, "signature:pad"});
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(1, gap));

    if (!s.error().empty()) text(ui, s.error(), ui.fonts.bold, t.error);
    if (busy) {
        text(ui, tr(ui, "signature.storing"), ui.fonts.h2, t.text);
        return;
    }
    const float bw = (w - gap) * 0.5f;
    if (big_button(ui, tr(ui, "signature.clear"), "", bw)) s.clear_strokes();
    ImGui::SameLine(0, gap);
    if (capture::has_ink(s.strokes)) {
        if (big_button(ui, tr(ui, "signature.confirm"), "", bw)) s.confirm_signature();
    } else {
        big_button(ui, tr(ui, "signature.confirm"), tr(ui, "signature.confirm_disabled"), bw, t.status_bg, t.muted, true);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "capture.back"))) s.close();
}

}  // namespace guichet::ui
