#include "ui/list_model.hpp"
#include "ui/printing.hpp"
#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

namespace {

// A feed entry (docs/feeds.md §7) has no body: its fields, one line each, under its title.
void draw_feed_card(Ui& ui, const PageInfo& p) {
    auto field = [&p](const char* key) {
        auto it = p.fields.find(key);
        return it == p.fields.end() ? std::string() : it->second;
    };
    auto line = [&ui](const std::string& s, ImFont* font) {
        text(ui, s, font, ui.theme.text);
        ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.25f));
    };
    auto labelled = [&](const char* key, const char* name) {
        if (const std::string v = field(name); !v.empty()) line(trf(ui, key, {{"value", v}}), ui.fonts.body);
    };
    if (p.kind == "job_offer") {
        labelled("feed.employer", "employer");
        labelled("feed.contract", "contract");
        labelled("feed.place", "place");
        if (!field("posted").empty()) line(trf(ui, "feed.posted", {{"date", french_date(field("posted"))}}), ui.fonts.body);
        if (!field("expires").empty()) {
            line(trf(ui, "feed.expires", {{"date", french_date(field("expires"))}}), ui.fonts.bold);
        }
    } else if (p.kind == "event") {
        const std::string start = french_date(field("date_start")), end = field("date_end");
        line(end.empty() || end == field("date_start") ? trf(ui, "feed.event_day", {{"date", start}})
                                                       : trf(ui, "list.event_dates", {{"start", start}, {"end", french_date(end)}}),
             ui.fonts.bold);
        labelled("feed.time", "time");
        labelled("feed.place", "place");
    }
    if (const std::string v = field("summary"); !v.empty()) line(v, ui.fonts.body);
    labelled("feed.contact", "contact");
}

}  // namespace

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
    if (p->path.rfind("feed:", 0) == 0) {
        draw_feed_card(ui, *p);
        return;
    }
    draw_doc(ui, p->body, p->path, nav);
    print_page_button(ui, c, *p);
}

}  // namespace guichet::ui
