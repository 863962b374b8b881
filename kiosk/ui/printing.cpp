#include "ui/printing.hpp"

#include "ui/list_model.hpp"
#include "ui/screens/wizard.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <ctime>

namespace guichet::ui {

void Printing::button(Ui& ui, const Content& c, const std::string& label, const std::string& sheet_id,
                      const std::string& owner, const std::function<print::SheetData()>& data,
                      const Doc* pictures_of) {
    auto it = c.pack->sheets.find(sheet_id);
    if (it == c.pack->sheets.end()) return;
    const bool mine = owner == owner_;
    if (big_button(ui, state_ == Busy && mine ? tr(ui, "print.busy") : label) && state_ != Busy) {
        print::SheetData d = data();
        ticket_ = worker_.print({it->second, std::move(d), pictures_of ? pictures_for(c, *pictures_of) : print::PictureSource{}});
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

// « Imprimer » under a page: the sheet of its kind, with its catalog fields.
void print_page_button(Ui& ui, const Content& c, const PageInfo& p) {
    if (!ui.printing) return;
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
    ui.printing->button(ui, c, tr(ui, "print.page"), sheet_for_page_kind(p.kind), "page:" + p.path, [&] {
        print::SheetData d = common_sheet_values(c, std::time(nullptr));
        auto field = [&p](const char* key) {
            auto it = p.fields.find(key);
            return it == p.fields.end() ? std::string() : it->second;
        };
        auto date = [&](const char* key) { return field(key).empty() ? std::string() : french_date(field(key)); };
        d.values["titre"] = p.title;
        d.values["resume"] = field("summary");
        d.values["employeur"] = field("employer");
        d.values["contrat"] = field("contract");
        d.values["publiee"] = date("posted");
        d.values["expire"] = date("expires");
        d.values["reference"] = field("reference");
        d.values["contact"] = field("contact");
        d.values["affiche_du"] = date("display_from");
        d.values["affiche_au"] = date("display_until");
        d.body_doc = &p.body;
        d.keep = c.pack;  // a feed page's (empty) body lives in the content: printed as its fields only
        return d;
    }, &p.body);
}

print::SheetData common_sheet_values(const Content& c, std::int64_t now) {
    print::SheetData d;
    d.values["commune"] = c.pack->commune;
    d.values["borne"] = c.pack->title;
    d.values["imprime_le"] = french_date_time(now);
    return d;
}

print::PictureSource pictures_for(const Content& c, const Doc& doc) {
    auto found = std::make_shared<std::map<std::string, std::shared_ptr<const media::Image>>>();
    for (const Block& b : doc.blocks)
        if (b.kind == BlockKind::Image)
            if (auto it = c.pictures.find(b.src); it != c.pictures.end() && it->second) found->emplace(b.src, it->second);
    if (found->empty()) return {};
    return [found](const std::string& src) -> std::optional<print::Picture> {
        auto it = found->find(src);
        if (it == found->end()) return std::nullopt;
        const media::Image& img = *it->second;
        print::Picture p;
        p.width = img.width;
        p.height = img.height;
        if (img.format == media::PixelFormat::rgba) {
            p.rgba.assign(img.pixels.begin(), img.pixels.end());
        } else {
            p.rgba.reserve(img.pixels.size() * 4);
            for (std::uint8_t g : img.pixels) p.rgba.insert(p.rgba.end(), {g, g, g, 255});
        }
        return p;
    };
}

std::string sheet_for_page_kind(const std::string& kind) {
    if (kind == "job_offer") return "offre-emploi";
    if (kind == "legal_notice") return "affichage-legal";
    return "page";
}

}  // namespace guichet::ui
