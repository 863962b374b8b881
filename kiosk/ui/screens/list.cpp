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
std::string entry_detail(const PageInfo& p) {
    const char* sep = " \xC2\xB7 ";
    if (p.kind == "event") {
        std::string when = french_date(field(p, "date_start"));
        if (!field(p, "date_end").empty() && field(p, "date_end") != field(p, "date_start")) {
            when = "Du " + when + " au " + french_date(field(p, "date_end"));
        }
        return when + sep + field(p, "place");
    }
    if (p.kind == "legal_notice") return "Affich\xC3\xA9 jusqu\xE2\x80\x99" "au " + french_date(field(p, "display_until"));
    if (p.kind == "job_offer") return field(p, "contract") + sep + field(p, "employer");
    return field(p, "summary");
}

// The search box: shows the query; a tap gives it the focus (typing then
// goes to it).
void search_box(Ui& ui, ListState& st) {
    const Theme& t = ui.theme;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ui.metrics.target_px();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##search", ImVec2(w, h)) && !ui.drag_scrolling) st.search_focused = true;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 12.0f);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(st.search_focused ? t.link : t.muted), 12.0f, 0,
                st.search_focused ? 5.0f : 3.0f);
    const std::string shown = st.query.empty() && !st.search_focused
                                  ? std::string("Rechercher (nom, lieu, mot-cl\xC3\xA9\xE2\x80\xA6)")
                                  : st.query + (st.search_focused ? "|" : "");
    ImFont* f = ui.fonts.body;
    const float pad = 24.0f * ui.metrics.text_scale;
    dl->PushClipRect(p0, ImVec2(p0.x + w - pad, p0.y + h), true);
    dl->AddText(f, f->FontSize, ImVec2(p0.x + pad, p0.y + (h - f->FontSize) * 0.5f),
                to_u32(st.query.empty() && !st.search_focused ? t.muted : t.text), shown.c_str());
    dl->PopClipRect();
    if (ImGui::IsItemVisible()) {
        ui.record.elements.push_back({"Rechercher", p0.x, p0.y, p0.x + w, p0.y + h});
        ui.record.texts.push_back("Rechercher\xC2\xA0: " + st.query);
    }
}

void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Typed text for the focused search box (a physical keyboard, or a replay's `type`).
void take_typing(ListState& st) {
    if (!st.search_focused) return;
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned c = io.InputQueueCharacters[i];
        if (c < 0x20 || st.query.size() > 80) continue;
        append_utf8(st.query, c);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !st.query.empty()) {
        std::size_t n = st.query.size() - 1;
        while (n > 0 && (static_cast<unsigned char>(st.query[n]) & 0xC0) == 0x80) --n;  // whole UTF-8 character
        st.query.erase(n);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) st.search_focused = false;
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
        const std::string label = (on ? "\xE2\x9C\x93 " : "") + (facet.empty() ? std::string("Tout") : capitalised(facet));
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
        st = ListState{};
        st.menu_id = menu.id;
    }
    const float gap = ui.metrics.gap_px() * 0.5f;
    const std::vector<const PageInfo*> entries = list_entries(c, menu, today);
    take_typing(st);
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
        if (big_button(ui, p->title, entry_detail(*p))) {
            st.search_focused = false;
            nav = {Nav::Page, p->path};
        }
        ImGui::Dummy(ImVec2(1, gap));
        ++shown;
    }
    if (shown == 0) {
        text(ui,
             st.query.empty() ? std::string("Rien \xC3\xA0 afficher pour le moment.")
                              : "Aucun r\xC3\xA9sultat pour \xC2\xAB\xE2\x80\xAF" + st.query + "\xE2\x80\xAF\xC2\xBB.",
             ui.fonts.body, ui.theme.text);
    }
}

}  // namespace guichet::ui
