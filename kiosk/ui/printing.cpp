#include "ui/printing.hpp"

#include "ui/screens/wizard.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

void Printing::button(Ui& ui, const Content& c, const std::string& label, const std::string& sheet_id,
                      const std::string& owner, const std::function<print::SheetData()>& data) {
    auto it = c.pack->sheets.find(sheet_id);
    if (it == c.pack->sheets.end()) return;
    const bool mine = owner == owner_;
    if (big_button(ui, state_ == Busy && mine ? tr(ui, "print.busy") : label) && state_ != Busy) {
        print::SheetData d = data();
        ticket_ = worker_.print({it->second, std::move(d), {}});
        state_ = Busy;
        owner_ = owner;
        message_.clear();
    }
    if (!mine || state_ == Idle) return;
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.3f));
    if (state_ == Busy) text(ui, tr(ui, "print.busy"), ui.fonts.bold, ui.theme.text);
    else if (state_ == Done) text(ui, tr(ui, "print.done"), ui.fonts.bold, ui.theme.text);
    else text(ui, message_, ui.fonts.bold, ui.theme.text);
}

void Printing::drain() {
    for (print::PrintEvent& e : worker_.poll()) {
        if (e.ticket != ticket_) continue;  // a reset's or a probe's
        if (e.kind == print::PrintEvent::Printed) {
            state_ = Done;
        } else if (e.kind == print::PrintEvent::Failed) {
            state_ = Failed;
            message_ = e.message_fr;
        }
    }
}

void Printing::reset() {
    worker_.reset();
    worker_.probe();  // the staff screen's printer line, fresh after each session
    state_ = Idle;
    ticket_ = 0;
    owner_.clear();
    message_.clear();
}

print::SheetData common_sheet_values(const Content& c, std::int64_t now) {
    print::SheetData d;
    d.values["commune"] = c.pack->commune;
    d.values["borne"] = c.pack->title;
    d.values["imprime_le"] = french_date_time(now);
    return d;
}

std::string sheet_for_page_kind(const std::string& kind) {
    if (kind == "job_offer") return "offre-emploi";
    if (kind == "legal_notice") return "affichage-legal";
    return "page";
}

}  // namespace guichet::ui
