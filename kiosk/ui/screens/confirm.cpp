// « Avez-vous noté votre code ? » and « Effacer la démarche en cours ? »: a
// panel over the screen that takes every touch until answered.
#include "ui/screens/screens.hpp"
#include "ui/settings.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

ConfirmScreen::Choice ConfirmScreen::draw(Ui& ui, bool low_reach) {
    if (kind == None) return Undecided;
    const Theme& t = ui.theme;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float W = vp->Size.x, H = vp->Size.y;
    const float margin = ui.metrics.margin_px();
    const float gap = ui.metrics.gap_px();
    const bool receipt = kind == Receipt;

    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 170));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("confirm", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const float panel_x = margin, panel_w = W - 2 * margin;
    // Low reach: the panel stands on the bottom edge, its buttons lowest; taller than the lower 60 %
    // (×2 text), it rises as far as it needs rather than losing « Oui » under the screen's edge.
    float top = H * 0.2f;
    if (low_reach) top = panel_h > 0 ? std::max(margin, H - margin - panel_h) : H * kLowReachTopShare;
    else if (panel_h > 0 && top + panel_h > H - margin) top = std::max(margin, H - margin - panel_h);
    ImGui::SetCursorPos(ImVec2(panel_x + margin, top + margin));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui.record.regions.push_back({"confirm", {panel_x, top, panel_x + panel_w, H - margin}});
    ImGui::BeginChild("confirm-panel", ImVec2(panel_w - 2 * margin, H - top - 2 * margin), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    const Rgb surface = ui.surface;
    ui.surface = t.background;
    text(ui, tr(ui, receipt ? (ui.printing ? "confirm.receipt_question_print" : "confirm.receipt_question") : "confirm.draft_question"), ui.fonts.h1, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    text(ui, tr(ui, receipt ? "confirm.receipt_detail" : "confirm.draft_detail"), ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap));
    Choice choice = Undecided;
    // Staying is the first and safest answer; leaving is in the reset colours.
    if (big_button(ui, tr(ui, receipt ? "confirm.receipt_stay" : "confirm.draft_stay"))) choice = Stay;
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, receipt ? (ui.printing ? "confirm.receipt_leave_print" : "confirm.receipt_leave") : "confirm.draft_leave"), "", 0, t.reset_bg,
                   t.reset_text, true))
        choice = Leave;
    const float used = ImGui::GetCursorPosY() + margin;
    panel_h = used + margin;
    ui.surface = surface;
    ImGui::EndChild();
    dl->AddRectFilled(ImVec2(panel_x, top), ImVec2(panel_x + panel_w, top + used + margin), to_u32(t.background), 24.0f);
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    return choice;
}

}  // namespace guichet::ui
