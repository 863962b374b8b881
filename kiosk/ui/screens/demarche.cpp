#include "ui/printing.hpp"
#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <ctime>

namespace guichet::ui {

void DemarcheScreen::draw(Ui& ui, const Content& c, const std::string& form_id, Nav& nav) {
    const FormSummary* f = c.form(form_id);
    if (f == nullptr) {
        nav = {Nav::Back, {}};
        return;
    }
    const float gap = ui.metrics.gap_px();
    text(ui, f->title, ui.fonts.h1, ui.theme.text);
    if (!f->summary.empty()) {
        ImGui::Dummy(ImVec2(1, gap * 0.3f));
        text(ui, f->summary, ui.fonts.italic, ui.theme.muted);
    }
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    draw_doc(ui, f->note, f->page.empty() ? "pages/demarches/index.md" : f->page, nav);
    Doc pieces;
    pieces.blocks.push_back({BlockKind::Heading, 2, 0, {{tr(ui, "demarche.pieces"), false, false, {}}}});
    if (f->pieces.empty()) {
        pieces.blocks.push_back({BlockKind::Paragraph, 0, 0, {{tr(ui, "demarche.no_pieces"), false, false, {}}}});
    }
    for (const std::string& piece : f->pieces) {
        pieces.blocks.push_back({BlockKind::ListItem, 1, 0, {{piece, false, false, {}}}});
    }
    draw_doc(ui, pieces, "", nav);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));
    if (ui.printing) {
        ui.printing->button(ui, c, tr(ui, "print.notice"), "notice", "notice:" + form_id, [&] {
            print::SheetData d = common_sheet_values(c, std::time(nullptr));
            d.values["demarche"] = f->title;
            d.values["resume"] = f->summary;
            for (const demarche::Recipient& rec : c.pack->recipients)
                if (rec.id == f->recipient) d.values["service"] = rec.name;
            d.lists["pieces"] = f->pieces;
            d.body_doc = &f->note;
            d.keep = c.pack;  // the note lives in the pack's content, kept while printing
            return d;
        }, &f->note);
        ImGui::Dummy(ImVec2(1, gap * 0.5f));
    }
    if (f->compiled) {
        const std::string steps = trf(ui, "demarche.steps", {{"n", std::to_string(f->compiled->form().sections.size())}});
        if (big_button(ui, tr(ui, "demarche.start"), steps)) nav = {Nav::Wizard, form_id};
    } else {
        text(ui, tr(ui, "demarche.not_fillable"), ui.fonts.bold, ui.theme.text);
    }
    if (!f->page.empty() && c.page(f->page) != nullptr) {
        ImGui::Dummy(ImVec2(1, gap));
        if (big_button(ui, tr(ui, "demarche.more"), c.page(f->page)->title)) nav = {Nav::Page, f->page};
    }
}

}  // namespace guichet::ui
