#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

void NoContentScreen::draw(Ui& ui, bool loading, const std::vector<std::string>& problems) {
    if (loading) {
        text(ui, tr(ui, "no_content.loading"), ui.fonts.h1, ui.theme.text);
        return;
    }
    text(ui, tr(ui, "no_content.title"), ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
    text(ui, tr(ui, "no_content.body"), ui.fonts.body, ui.theme.text);
    if (!problems.empty()) {
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 2));
        text(ui, tr(ui, "no_content.staff"), ui.fonts.bold, ui.theme.muted);
        for (const std::string& p : problems) text(ui, p, ui.fonts.small, ui.theme.muted);
    }
}

}  // namespace guichet::ui
