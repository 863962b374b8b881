#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

IdleWarningScreen::Choice IdleWarningScreen::draw(Ui& ui, int seconds_left, int extensions_left, bool low_reach) {
    const Theme& t = ui.theme;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float W = vp->Size.x, H = vp->Size.y;
    const float margin = ui.metrics.margin_px();
    const float gap = ui.metrics.gap_px();

    // A window over everything: it takes every touch, so nothing underneath reacts.
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 170));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("idle-warning", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);

    // The panel: centred, or in the lower part of the screen in low-reach mode.
    const float panel_x = margin, panel_w = W - 2 * margin;
    const float top = low_reach ? H * kLowReachTopShare : H * 0.2f;
    ImGui::SetCursorPos(ImVec2(panel_x + margin, top + margin));
    // The child's draw list is rendered after this window's: the panel drawn
    // below ends up under the text.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui.record.regions.push_back({"alerte", {panel_x, top, panel_x + panel_w, H - margin}});  // speech reads only it
    ImGui::BeginChild("panel", ImVec2(panel_w - 2 * margin, H - top - 2 * margin), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    text(ui, tr(ui, "idle.title"), ui.fonts.h1, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    text(ui, tr(ui, "idle.body"), ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    const std::string count =
        trf(ui, seconds_left > 1 ? "idle.seconds_many" : "idle.seconds_one", {{"n", std::to_string(seconds_left)}});
    text(ui, count, ui.fonts.h1, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    text(ui, tr(ui, "idle.privacy"), ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap));
    Choice choice = None;
    if (extensions_left > 0) {
        if (big_button(ui, tr(ui, "idle.continue"), tr(ui, "idle.continue_detail"))) choice = Continue;
    } else {
        text(ui, tr(ui, "idle.no_more"), ui.fonts.bold, t.text);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, tr(ui, "footer.finish"), "", 0, t.reset_bg, t.reset_text, true)) choice = Finish;
    const float used = ImGui::GetCursorPosY() + margin;
    ImGui::EndChild();
    dl->AddRectFilled(ImVec2(panel_x, top), ImVec2(panel_x + panel_w, top + used + margin), to_u32(t.background),
                      24.0f);

    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    return choice;
}

}  // namespace guichet::ui
