#include "ui/keyboard.hpp"
#include "ui/strings.hpp"
#include "ui/list_model.hpp"
#include "ui/screens/screens.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

namespace {

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string field(const PageInfo& p, const char* key) {
    auto it = p.fields.find(key);
    return it == p.fields.end() ? std::string() : it->second;
}

// The line under an entry's title: what a resident needs to choose.
std::string entry_detail(const Ui& ui, const PageInfo& p) {
    const char* sep = " \xC2\xB7 ";
    if (p.kind == "event") {
        std::string when = french_date(field(p, "date_start"));
        if (!field(p, "date_end").empty() && field(p, "date_end") != field(p, "date_start")) {
            when = trf(ui, "list.event_dates", {{"start", when}, {"end", french_date(field(p, "date_end"))}});
        }
        return when + sep + field(p, "place");
    }
    if (p.kind == "legal_notice") return trf(ui, "list.shown_until", {{"date", french_date(field(p, "display_until"))}});
    if (p.kind == "job_offer") return field(p, "contract") + sep + field(p, "employer");
    return field(p, "summary");
}

constexpr const char* kSearchField = "liste:recherche";

// The search box: shows the query; a tap opens the on-screen keyboard under
// it (a physical keyboard and replays' `type` go through the same entry).
void search_box(Ui& ui, ListState& st) {
    const Theme& t = ui.theme;
    const bool focused = st.entry.has_focus(kSearchField);
    if (focused) st.query = st.entry.text;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ui.metrics.target_px();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##search", ImVec2(w, h)) && !ui.drag_scrolling && !focused) {
        st.entry.focus(kSearchField, st.query, KeyboardLayout::Text, 60);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 12.0f);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(focused ? t.link : t.muted), 12.0f, 0, focused ? 5.0f : 3.0f);
    const bool placeholder = st.query.empty() && !focused;
    const std::string shown =
        placeholder ? tr(ui, "list.search_placeholder") : st.query + (focused ? "|" : "");
    ImFont* f = ui.fonts.body;
    const float pad = 24.0f * ui.metrics.text_scale;
    dl->PushClipRect(p0, ImVec2(p0.x + w - pad, p0.y + h), true);
    dl->AddText(f, f->FontSize, ImVec2(p0.x + pad, p0.y + (h - f->FontSize) * 0.5f), to_u32(placeholder ? t.muted : t.text),
                shown.c_str());
    dl->PopClipRect();
    if (ImGui::IsItemVisible()) {
        ui.record.elements.push_back({tr(ui, "list.search"), p0.x, p0.y, p0.x + w, p0.y + h});
        ui.record.texts.push_back(trf(ui, "list.search_text", {{"query", st.query}}));
    }
    if (focused) {
        draw_keyboard(ui, st.entry);
        st.query = st.entry.text;
        if (st.entry.validated) st.entry.close();
    }
}

// Filter chips, wrapped over as many rows as needed.
void chips(Ui& ui, ListState& st, const std::vector<std::string>& facets) {
    const float gap = ui.metrics.gap_px() * 0.5f;
    const float width = ImGui::GetContentRegionAvail().x;
    ImFont* f = ui.fonts.bold;
    const float pad = 2 * 28.0f * ui.metrics.text_scale;
    std::vector<std::string> all{""};
    all.insert(all.end(), facets.begin(), facets.end());
    float x = 0;
    for (const std::string& facet : all) {
        const bool on = st.facet == facet;
        const std::string label = (on ? "\xE2\x9C\x93 " : "") + (facet.empty() ? tr(ui, "list.all") : capitalised(facet));
        const float w = std::min(width, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x + pad);
        if (x > 0 && x + gap + w <= width) {
            ImGui::SameLine(0, gap);
            x += gap;
        } else {
            if (x > 0) ImGui::Dummy(ImVec2(1, gap));
            x = 0;
        }
        if (big_button(ui, label, "", w, on ? ui.theme.text : ui.theme.button_bg,
                       on ? ui.theme.background : ui.theme.button_text, true)) {
            st.facet = on ? std::string() : facet;
        }
        x += w;
    }
}

}  // namespace

void draw_list(Ui& ui, const Content& c, const MenuItem& menu, const std::string& today, ListState& st, Nav& nav) {
    if (st.menu_id != menu.id) {
        st.entry.close();
        st.query.clear();
        st.facet.clear();
        st.menu_id = menu.id;
    }
    const float gap = ui.metrics.gap_px() * 0.5f;
    const std::vector<const PageInfo*> entries = list_entries(c, menu, today);
    search_box(ui, st);
    ImGui::Dummy(ImVec2(1, gap));
    const std::vector<std::string> fs = facets(entries);
    if (fs.size() >= 2) {
        chips(ui, st, fs);
        ImGui::Dummy(ImVec2(1, gap));
    }
    int shown = 0;
    for (const PageInfo* p : entries) {
        if (!st.facet.empty() && facet_of(*p) != st.facet) continue;
        if (!matches_query(*p, st.query)) continue;
        if (big_button(ui, p->title, entry_detail(ui, *p))) {
            st.entry.close();
            nav = {Nav::Page, p->path};
        }
        ImGui::Dummy(ImVec2(1, gap));
        ++shown;
    }
    ui.record.list_count = shown;  // speech announces it (ui/reader.hpp)
    if (shown == 0) {
        text(ui,
             st.query.empty() ? tr(ui, "list.empty") : trf(ui, "list.no_result", {{"query", st.query}}),
             ui.fonts.body, ui.theme.text);
    }
}

}  // namespace guichet::ui
