#include "ui/screens/screens.hpp"

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
    ImGui::BeginChild("panel", ImVec2(panel_w - 2 * margin, H - top - 2 * margin), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    text(ui, "\xC3\x8Ates-vous toujours l\xC3\xA0\xE2\x80\xAF?", ui.fonts.h1, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    text(ui, "Sans action de votre part, l\xE2\x80\x99\xC3\xA9" "cran sera effac\xC3\xA9 dans\xE2\x80\xAF:", ui.fonts.body,
         t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    const std::string count =
        std::to_string(seconds_left) + (seconds_left > 1 ? "\xC2\xA0secondes" : "\xC2\xA0seconde");
    text(ui, count, ui.fonts.h1, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    text(ui, "Ainsi, personne d\xE2\x80\x99" "autre ne verra vos informations.", ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap));
    Choice choice = None;
    if (extensions_left > 0) {
        if (big_button(ui, "Continuer", "J\xE2\x80\x99" "ai besoin de plus de temps")) choice = Continue;
    } else {
        text(ui, "Le temps ne peut plus \xC3\xAAtre prolong\xC3\xA9.", ui.fonts.bold, t.text);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (big_button(ui, "Terminer et effacer", "", 0, t.reset_bg, t.reset_text, true)) choice = Finish;
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
