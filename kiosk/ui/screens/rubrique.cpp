#include "ui/screens/screens.hpp"

#include <imgui.h>

namespace guichet::ui {

void RubriqueScreen::draw(Ui& ui, const Content& c, const std::string& menu_id, Nav& nav) {
    const MenuItem* m = c.find_menu(menu_id);
    if (m == nullptr) {
        nav = {Nav::Home, {}};
        return;
    }
    const float gap = ui.metrics.gap_px() * 0.5f;
    text(ui, m->title, ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, gap));
    for (const MenuItem& child : m->children) {
        if (big_button(ui, child.title)) nav = {Nav::Menu, child.id};
        ImGui::Dummy(ImVec2(1, gap));
    }
    for (const std::string& id : m->forms) {
        const FormSummary* f = c.form(id);
        if (f == nullptr) continue;
        if (big_button(ui, f->title, f->summary)) nav = {Nav::Form, id};
        ImGui::Dummy(ImVec2(1, gap));
    }
    // Then the rubrique's own page, below the choices a resident came for.
    if (const PageInfo* p = c.page(m->page)) {
        ImGui::Dummy(ImVec2(1, gap));
        draw_doc(ui, p->body, p->path, nav, true);
    }
}

}  // namespace guichet::ui
