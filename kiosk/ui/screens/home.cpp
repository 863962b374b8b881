#include "ui/screens/screens.hpp"

#include "ui/icons.hpp"

#include <imgui.h>

namespace guichet::ui {

void HomeScreen::draw(Ui& ui, const Content& c, Nav& nav) {
    const PageInfo* home = c.page(c.pack->home);
    text(ui, home && !home->title.empty() ? home->title : c.pack->title, ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    for (const MenuItem& m : c.pack->menu) {
        if (big_button_icon(ui, icon_glyph(m.icon), m.title)) nav = {Nav::Menu, m.id};
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));  // docs/kiosk.md: targets at least 24 px apart
    }
    if (home != nullptr) {
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
        draw_doc(ui, home->body, home->path, nav);
    }
}

}  // namespace guichet::ui
