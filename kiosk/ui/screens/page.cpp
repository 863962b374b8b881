#include "ui/list_model.hpp"
#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

void PageScreen::draw(Ui& ui, const Content& c, const std::string& path, const std::string& today, Nav& nav) {
    const PageInfo* p = c.page(path);
    if (p == nullptr) {
        nav = {Nav::Back, {}};
        return;
    }
    if (const auto w = withheld_on(*p, today)) {
        text(ui, p->title, ui.fonts.h1, ui.theme.text);
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
        text(ui, trf(ui, w->key, {{"date", w->date}}), ui.fonts.bold, ui.theme.text);
        return;
    }
    // Pages usually open with their own "# Title"; show the catalog title only if not.
    const bool has_h1 = !p->body.blocks.empty() && p->body.blocks.front().kind == BlockKind::Heading &&
                        p->body.blocks.front().level == 1;
    if (!has_h1 && !p->title.empty()) {
        text(ui, p->title, ui.fonts.h1, ui.theme.text);
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    }
    draw_doc(ui, p->body, p->path, nav);
}

}  // namespace guichet::ui
