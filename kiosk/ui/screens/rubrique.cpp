#include "ui/icons.hpp"
#include "ui/list_model.hpp"
#include "ui/printing.hpp"
#include "ui/screens/screens.hpp"

#include <imgui.h>

namespace guichet::ui {

namespace {

bool has_list_children(const Content& c, const MenuItem& m) {
    for (const MenuItem& child : m.children) {
        const PageInfo* p = c.page(child.page);
        if (p != nullptr && is_list_kind(p->kind)) return true;
    }
    return false;
}

}  // namespace

void RubriqueScreen::draw(Ui& ui, const Content& c, const std::string& menu_id, const std::string& today, Nav& nav) {
    const MenuItem* m = c.find_menu(menu_id);
    if (m == nullptr) {
        nav = {Nav::Home, {}};
        return;
    }
    const float gap = ui.metrics.gap_px();  // docs/kiosk.md: targets at least 24 px apart
    const bool is_list = has_list_children(c, *m);
    text(ui, m->title, ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, gap));
    const PageInfo* own_page = c.page(m->page);
    if (is_list && own_page != nullptr) {
        // A list shows its page's summary only: the page itself links every
        // entry, including those outside their display period.
        if (auto s = own_page->fields.find("summary"); s != own_page->fields.end()) {
            text(ui, s->second, ui.fonts.body, ui.theme.muted);
            ImGui::Dummy(ImVec2(1, gap));
        }
    }
    for (const MenuItem& child : m->children) {
        const PageInfo* p = c.page(child.page);
        if (is_list && p != nullptr && is_list_kind(p->kind)) continue;  // in the list below
        if (big_button_icon(ui, icon_glyph(child.icon), child.title)) nav = {Nav::Menu, child.id};
        ImGui::Dummy(ImVec2(1, gap));
    }
    // « Services en ligne » (issue #22): each site opens in the kiosk's web view.
    for (std::size_t i = 0; i < m->sites.size(); ++i) {
        const OnlineSite& site = m->sites[i];
        if (big_button_icon(ui, icon_glyph(site.icon), site.title, site.summary))
            nav = {Nav::Online, m->id + "#" + std::to_string(i)};
        ImGui::Dummy(ImVec2(1, gap));
    }
    for (const std::string& id : m->forms) {
        const FormSummary* f = c.form(id);
        if (f == nullptr) continue;
        if (big_button(ui, f->title, f->summary)) nav = {Nav::Form, id};
        ImGui::Dummy(ImVec2(1, gap));
    }
    if (is_list) {
        ImGui::Dummy(ImVec2(1, gap));
        draw_list(ui, c, *m, today, list, nav);
        return;
    }
    // Then the rubrique's own page, below the choices a resident came for.
    if (own_page != nullptr) {
        ImGui::Dummy(ImVec2(1, gap));
        draw_doc(ui, own_page->body, own_page->path, nav, true);
        print_page_button(ui, c, *own_page);
    }
}

}  // namespace guichet::ui
