#include "ui/screens/screens.hpp"

#include <imgui.h>

namespace guichet::ui {

void NoContentScreen::draw(Ui& ui, bool loading, const std::vector<std::string>& problems) {
    if (loading) {
        text(ui, "Chargement\xE2\x80\xA6", ui.fonts.h1, ui.theme.text);
        return;
    }
    text(ui, "Le kiosque n\xE2\x80\x99" "a pas de contenu install\xC3\xA9.", ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
    text(ui, "La borne ne peut pas vous aider pour le moment. Adressez-vous \xC3\xA0 l\xE2\x80\x99" "accueil de la mairie.",
         ui.fonts.body, ui.theme.text);
    if (!problems.empty()) {
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 2));
        text(ui, "Pour le personnel :", ui.fonts.bold, ui.theme.muted);
        for (const std::string& p : problems) text(ui, p, ui.fonts.small, ui.theme.muted);
    }
}

}  // namespace guichet::ui
