#include "ui/screens/map_views.hpp"

#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>

namespace guichet::ui {

namespace {

// « Cadastre · Bâtiments · Zonage (PLU) »: what a view shows, under its title.
std::string layer_summary(Ui& ui, const map::MapData& v) {
    std::string out;
    auto add = [&](bool present, const char* key) {
        if (!present) return;
        out += (out.empty() ? "" : " \xC2\xB7 ") + tr(ui, key);
    };
    add(!v.parcels.empty(), "map.layer_parcels");
    add(!v.buildings.empty(), "map.layer_buildings");
    add(!v.lieux_dits.empty(), "map.layer_lieux_dits");
    add(!v.zoning.empty(), "map.layer_zoning");
    add(!v.networks.empty(), "map.layer_networks");
    add(v.addresses && v.addresses->size() > 0, "map.layer_addresses");
    add(!v.rasters.empty(), "map.layer_raster");
    return out;
}

}  // namespace

std::shared_ptr<const map::MapData> MapViewChooser::shown(const std::shared_ptr<const map::MapData>& all) const {
    if (!all || all->views.empty()) return all;
    return all->views[current < all->views.size() ? current : 0];
}

bool MapViewChooser::draw_list(Ui& ui, const map::MapData& all) {
    if (all.views.size() < 2) open = false;
    if (current >= all.views.size()) current = 0;
    if (!open) return false;
    const float gap = ui.metrics.gap_px() * 0.5f;
    text(ui, tr(ui, "map.views_title"), ui.fonts.h1, ui.theme.text);
    ImGui::Dummy(ImVec2(1, gap));
    for (std::size_t i = 0; i < all.views.size(); ++i) {
        const map::MapData& v = *all.views[i];
        const std::string title = (i == current ? "\xE2\x9C\x93 " : "") + v.title;
        if (big_button(ui, title, layer_summary(ui, v))) {
            current = i;
            open = false;
        }
        ImGui::Dummy(ImVec2(1, gap));
    }
    if (big_button(ui, tr(ui, "map.views_back"))) open = false;
    return true;
}

bool MapViewChooser::place(Ui& ui, const map::MapData& all, const map::Room& first, const map::Room& second) {
    shown_button = all.views.size() >= 2 && second.x1 - second.x0 > 200;
    if (!shown_button) return false;
    ImFont* f = ui.fonts.bold;
    const float pad = 20.0f * ui.metrics.text_scale;
    const std::string label = trf(ui, "map.view_current", {{"view", all.views[std::min(current, all.views.size() - 1)]->title}});
    const float tw = std::max(f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x,
                              ui.fonts.small->CalcTextSizeA(ui.fonts.small->FontSize, FLT_MAX, 0, tr(ui, "map.view_change").c_str()).x);
    const float h = ui.metrics.target_px();
    const map::LabelBox slot = map::place_button(tw + 2 * pad, h, first, second);
    rect = {{slot.x0, slot.y0}, {slot.x1, slot.y1}};  // right-aligned: the legend keeps the top left
    return true;
}

void MapViewChooser::draw_button(Ui& ui, const map::MapData& all) {
    if (!shown_button || all.views.size() < 2) return;
    const Theme& t = ui.theme;
    const ImVec2 p0(rect.first.x, rect.first.y), p1(rect.second.x, rect.second.y);
    ImGui::SetCursorScreenPos(p0);
    const bool pressed = ImGui::InvisibleButton("##mapviews", ImVec2(p1.x - p0.x, p1.y - p0.y));
    const bool held = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, to_u32(held ? t.button_pressed : t.background, 0.94f), 14.0f);
    dl->AddRect(p0, p1, to_u32(t.text), 14.0f, 0, 2.0f);
    const std::string label = trf(ui, "map.view_current", {{"view", all.views[std::min(current, all.views.size() - 1)]->title}});
    const std::string& hint = tr(ui, "map.view_change");
    ImFont* f = ui.fonts.bold;
    ImFont* s = ui.fonts.small;
    const float pad = 20.0f * ui.metrics.text_scale;
    const float content_h = f->FontSize + 6 + s->FontSize;
    const float y = p0.y + (p1.y - p0.y - content_h) * 0.5f;
    dl->PushClipRect(p0, p1, true);
    dl->AddText(f, f->FontSize, ImVec2(p0.x + pad, y), to_u32(t.text), label.c_str());
    dl->AddText(s, s->FontSize, ImVec2(p0.x + pad, y + f->FontSize + 6), to_u32(t.link), hint.c_str());
    dl->PopClipRect();
    ui.record.elements.push_back({label, p0.x, p0.y, p1.x, p1.y});
    ui.record.texts.push_back(label);
    ui.record.texts.push_back(hint);
    if (pressed) open = true;
}

}  // namespace guichet::ui
