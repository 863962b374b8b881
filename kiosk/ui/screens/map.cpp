// The map screen: layout, gestures, search, the parcel card (drawing of the
// map itself: screens/map_draw.cpp).
#include "ui/screens/map.hpp"

#include "geo/parcel_search.hpp"
#include "ui/map/format.hpp"
#include "ui/map/layer_style.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace guichet::ui {

namespace {

constexpr const char* kSearchField = "carte:recherche";
constexpr double kDoubleTapSeconds = 0.35;

float dist(map::Vec2 a, map::Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

bool inside(map::Vec2 p, const std::pair<map::Vec2, map::Vec2>& r) {
    return p.x >= r.first.x && p.x <= r.second.x && p.y >= r.first.y && p.y <= r.second.y;
}

bool has_field(const FormSummary& f, const std::string& id) {
    if (!f.compiled) return false;
    for (const forms::Section& s : f.compiled->form().sections)
        for (const forms::Field& field : s.fields)
            if (field.id == id) return true;
    return false;
}

// A square touch button with a drawn « + » or « − » (bars, not a glyph), recorded under LABEL.
bool zoom_button(Ui& ui, const char* id, const std::string& label, bool plus, ImVec2 p0, float size) {
    ImGui::SetCursorScreenPos(p0);
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
    const bool held = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + size, p0.y + size);
    dl->AddRectFilled(p0, p1, to_u32(held ? ui.theme.button_pressed : ui.theme.button_bg), 18.0f);
    dl->AddRect(p0, p1, to_u32(ui.theme.background), 18.0f, 0, 3.0f);
    const ImVec2 c(p0.x + size * 0.5f, p0.y + size * 0.5f);
    const float arm = size * 0.22f, half = std::max(3.0f, size * 0.04f);
    dl->AddRectFilled(ImVec2(c.x - arm, c.y - half), ImVec2(c.x + arm, c.y + half), to_u32(ui.theme.button_text));
    if (plus) dl->AddRectFilled(ImVec2(c.x - half, c.y - arm), ImVec2(c.x + half, c.y + arm), to_u32(ui.theme.button_text));
    ui.record.elements.push_back({label, p0.x, p0.y, p1.x, p1.y});
    return pressed;
}

}  // namespace

nlohmann::json prefill_answers(const FormSummary& form, const geo::ParcelCard& card, const std::string& address) {
    nlohmann::json a = nlohmann::json::object();
    if (has_field(form, "parcelles")) {
        a["parcelles"] = nlohmann::json::array(
            {{{"section", map::strip_zeros(card.section)}, {"numero", map::strip_zeros(card.number)}}});
    }
    if (has_field(form, "superficie") && !card.area_m2.empty()) a["superficie"] = map::strip_zeros(card.area_m2);
    if (has_field(form, "adresse_terrain") && !address.empty()) a["adresse_terrain"] = address;
    return a;
}

void MapScreen::reset() {
    shown_for = nullptr;  // the next visit starts from the whole commune again
    places.reset();       // and from the first view
    layer_parcels = layer_zoning = layer_networks = true;
    layer_raster = false;
    pressing = dragging = pinching = false;
    last_fingers.clear();
    last_tap_time = -10;
    inertia.stop();
    card.reset();
    marker.reset();
    entry.reset();
    query.clear();
    results_for.clear();
    results.clear();
    prefill.reset();
    found_address.clear();
    results_total = 0;
    nothing_at = -10;
    pending_labels.clear();
    vector_tiles.clear();
}

void MapScreen::upload_tiles() {
    for (map::TileResult& r : loader->poll()) {
        if (!r.image || r.image->format != media::PixelFormat::rgba) {
            failed_tiles.insert(r.key);
            continue;
        }
        auto tex = platform::Texture::upload(r.image->width, r.image->height, r.image->pixels.data());
        if (!tex) {
            failed_tiles.insert(r.key);  // no GL context (unit tests)
            continue;
        }
        tiles->put(r.key, std::move(*tex), r.image->pixels.size());
        if (!r.opaque) translucent_tiles.insert(r.key);
    }
}

void MapScreen::draw(Ui& ui, const Content& c, Nav& nav) {
    ImGuiIO& io = ImGui::GetIO();
    clock += io.DeltaTime;
    if (c.maps && places.draw_list(ui, *c.maps)) return;  // the list of places takes the screen
    const std::shared_ptr<const map::MapData> view_maps = places.shown(c.maps);  // the view shown
    const map::MapData* d = view_maps.get();
    if (d == nullptr || (d->parcels.empty() && d->zoning.empty() && d->rasters.empty() && d->buildings.empty() && d->networks.empty())) {
        text(ui, tr(ui, "map.title"), ui.fonts.h1, ui.theme.text);
        text(ui, tr(ui, "map.unavailable"), ui.fonts.body, ui.theme.text);
        return;
    }
    loader->set_source(view_maps);
    upload_tiles();  // at the frame boundary, before anything is drawn
    const float gap = ui.metrics.gap_px() * 0.5f;
    if (draw_search(ui, *d)) return;  // the keyboard and the results take the screen
    ImGui::Dummy(ImVec2(1, gap));
    draw_layer_chips(ui, *d);
    ImGui::Dummy(ImVec2(1, gap));

    // The attribution line under the map: every layer shown.
    std::string attribution;
    auto add = [&](const std::string& a) {
        if (a.empty() || attribution.find(a) != std::string::npos) return;
        attribution += (attribution.empty() ? "" : " \xC2\xB7 ") + a;
    };
    const geo::BBox seen = view.visible();  // last frame's view: layers far away are not credited
    if (layer_parcels) for (const auto& l : d->parcels) if (l.layer->bounds().intersects(seen)) add(l.attribution);
    if (layer_zoning) for (const auto& l : d->zoning) if (l.layer->bounds().intersects(seen)) add(l.attribution);
    const map::LayerStyle* buildings_style = map::layer_style("buildings");  // drawn from its zoom only: credited from it too
    const bool buildings_drawn = buildings_style == nullptr || view.zoom >= buildings_style->min_zoom;
    if (layer_parcels && buildings_drawn) for (const auto& l : d->buildings) if (l.layer->bounds().intersects(seen)) add(l.attribution);
    if (layer_parcels) for (const auto& l : d->lieux_dits) if (l.layer->bounds().intersects(seen)) add(l.attribution);
    if (layer_networks && view.zoom >= map::kNetworkMinZoom)
        for (const auto& l : d->networks) if (l.layer->bounds().intersects(seen)) add(l.attribution);
    if (layer_raster) for (const auto& l : d->rasters) add(l.attribution);
    // Every source of the view: credited when nothing of it is on screen (or
    // every layer is off), and the room reserved under the map, so that the
    // map's height never depends on what is in view: nothing scrolls, and the
    // tile cache is not dropped as layers come into view while panning.
    std::string every;
    std::swap(every, attribution);
    for (const auto* list : {&d->parcels, &d->zoning, &d->buildings, &d->lieux_dits, &d->networks})
        for (const auto& l : *list) add(l.attribution);
    for (const auto& l : d->rasters) add(l.attribution);
    std::swap(every, attribution);
    if (attribution.empty()) attribution = every;
    ImFont* small = ui.fonts.small;
    const float W = ImGui::GetContentRegionAvail().x;
    const float attr_h = std::max(small->CalcTextSizeA(small->FontSize, FLT_MAX, W, every.empty() ? " " : every.c_str()).y,
                                  small->CalcTextSizeA(small->FontSize, FLT_MAX, W, attribution.empty() ? " " : attribution.c_str()).y) *
                             1.3f +
                         gap;
    const float H = std::max(300.0f, ImGui::GetContentRegionAvail().y - attr_h - ui.metrics.margin_px() - 4);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    view.set_viewport(p0.x, p0.y, W, H);
    if (shown_for != d) {
        shown_for = d;
        view.min_zoom = 10;
        view.max_zoom = 21;
        view.fit(d->home, 20);
        card.reset();
        marker.reset();
        query.clear();  // another view: a new search
        results_for.clear();
        nothing_at = -10;
        shapes.clear();
        tiles->clear();
        vector_tiles.clear();  // its signature names the meshes
        gpu_meshes.clear();
        failed_meshes.clear();
        failed_tiles.clear();
        translucent_tiles.clear();
    }

    // Overlay buttons: « + » / « − » at the right edge.
    const float bs = ui.metrics.target_px();
    const ImVec2 plus_at(p0.x + W - bs - 16, p0.y + 16), minus_at(p0.x + W - bs - 16, p0.y + 16 + bs + 12);
    std::vector<std::pair<map::Vec2, map::Vec2>> overlays = {
        {{plus_at.x, plus_at.y}, {plus_at.x + bs, minus_at.y + bs}}};
    if (card) overlays.push_back({{p0.x, card_top}, {p0.x + W, p0.y + H}});
    // The place's button: top right, beside the legend; when it does not fit
    // there, bottom right (above the card), never over the legend nor over the
    // middle of the map where a search puts the parcel found.
    const std::optional<map::LabelBox> legend = legend_box(ui, *d, p0.x, p0.y);
    const float beside = legend ? legend->x1 + 16 : p0.x + 16;
    const float bottom = card && card_top > p0.y + bs ? std::min(card_top, p0.y + H) : p0.y + H;
    if (places.place(ui, *c.maps, {beside, p0.y + 16, plus_at.x - 16}, {p0.x + W * 0.4f, bottom - bs - 16, p0.x + W - 16}))
        overlays.push_back(places.rect);
    handle_input(ui, *d, overlays);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, ImVec2(p0.x + W, p0.y + H), true);
    labels.clear();
    labels.block({overlays[0].first.x, overlays[0].first.y, overlays[0].second.x, overlays[0].second.y});
    if (card) labels.block({p0.x, card_top, p0.x + W, p0.y + H});
    if (places.shown_button) labels.block({places.rect.first.x, places.rect.first.y, places.rect.second.x, places.rect.second.y});
    draw_rasters(dl, *d, relative_luminance(ui.theme.background) < 0.2 ? IM_COL32(0, 0, 0, 255) : IM_COL32(242, 239, 233, 255));
    draw_vectors(ui, dl, *d);
    draw_overlays(ui, dl, *d);
    dl->PopClipRect();
    dl->AddRect(p0, ImVec2(p0.x + W, p0.y + H), to_u32(ui.theme.muted), 0, 0, 2);
    if (zoom_button(ui, "##plus", "+", true, plus_at, bs)) view.zoom_about({p0.x + W * 0.5f, p0.y + H * 0.5f}, std::round(view.zoom) + 1);
    if (zoom_button(ui, "##minus", "\xE2\x88\x92", false, minus_at, bs)) view.zoom_about({p0.x + W * 0.5f, p0.y + H * 0.5f}, std::round(view.zoom) - 1);
    ui.record.texts.push_back("Zoom " + std::to_string(static_cast<int>(std::lround(view.zoom))));
    places.draw_button(ui, *c.maps);
    if (card) draw_card(ui, c, nav);

    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + H + gap * 0.5f));
    if (!attribution.empty()) text(ui, attribution, small, ui.theme.muted);
}

bool MapScreen::draw_search(Ui& ui, const map::MapData& d) {
    const Theme& t = ui.theme;
    const bool focused = entry.has_focus(kSearchField);
    if (focused) query = entry.text;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ui.metrics.target_px();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##mapsearch", ImVec2(w, h)) && !focused) {
        entry.focus(kSearchField, query, KeyboardLayout::Text, 80);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), to_u32(t.background), 12.0f);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), to_u32(focused ? t.link : t.muted), 12.0f, 0, focused ? 5.0f : 3.0f);
    const bool placeholder = query.empty() && !focused;
    const std::string shown = placeholder ? tr(ui, "map.search_placeholder") : query + (focused ? "|" : "");
    ImFont* f = ui.fonts.body;
    const float pad = 24.0f * ui.metrics.text_scale;
    dl->PushClipRect(p0, ImVec2(p0.x + w - pad, p0.y + h), true);
    dl->AddText(f, f->FontSize, ImVec2(p0.x + pad, p0.y + (h - f->FontSize) * 0.5f), to_u32(placeholder ? t.muted : t.text), shown.c_str());
    dl->PopClipRect();
    ui.record.elements.push_back({tr(ui, "map.search"), p0.x, p0.y, p0.x + w, p0.y + h});
    ui.record.texts.push_back(trf(ui, "map.search_text", {{"query", query}}));
    if (!focused) return false;

    // Results of the query as typed: parcel references first, then addresses.
    if (results_for != query) {
        results_for = query;
        results.clear();
        results_total = 0;
        if (utf8_length(query) >= 2) {
            if (auto ref = geo::parse_parcel_reference(query); d.parcel_index && ref) {
                const geo::MapLayer& layer = *d.parcels[0].layer;
                if (ref->number == 0) results_total = d.parcel_index->count(query);  // « ae »: the section's parcels, by number
                for (std::uint32_t fid : d.parcel_index->find(query, 5)) {
                    const map::Shape& s = shapes.get(layer, 0, fid, layer.level_count() - 1);
                    results.push_back({map::parcel_title(layer.attribute(fid, "section"), layer.attribute(fid, "numero")),
                                       map::area_label(layer.attribute(fid, "contenance")), s.label, true});
                }
            }
            if (d.addresses) {
                for (const geo::AddressMatch& m : d.addresses->search(query, 5)) {
                    results.push_back({d.addresses->label(m.address), tr(ui, m.exact_number ? "map.address" : "map.address_nearest"),
                                       d.addresses->record(m.address).position, false});
                }
            }
        }
    }
    const float gap = ui.metrics.gap_px() * 0.5f;
    ImGui::Dummy(ImVec2(1, gap));
    if (results_total > 0) {  // a section alone: how many parcels it has, then the first ones by number
        const auto ref = geo::parse_parcel_reference(query);
        text(ui, trf(ui, results_total == 1 ? "map.section_count_one" : "map.section_count",
                     {{"section", ref ? ref->section : query}, {"n", map::french_integer(std::to_string(results_total))}}),
             ui.fonts.body, ui.theme.text);
        ImGui::Dummy(ImVec2(1, gap));
    }
    for (std::size_t i = 0; i < results.size() && i < 4; ++i) {
        if (big_button(ui, results[i].label, results[i].detail)) {
            const MapSearchResult r = results[i];
            entry.close();
            view.center = r.at;
            view.zoom = std::max(view.zoom, 18.0);
            view.pan_pixels(0, -0.2f * view.height());  // at 30 % of the height, above the card
            marker = r.at;
            found_address = r.parcel ? std::string() : r.label;
            card = d.catalog.card_at(r.at, 1.0);  // the parcel found, or the one under the address
            card_opened_at = clock;
            nothing_at = -10;
            return false;
        }
        ImGui::Dummy(ImVec2(1, gap));
    }
    if (results.empty() && utf8_length(query) >= 2) {
        text(ui, trf(ui, "map.no_result", {{"query", query}}), ui.fonts.body, ui.theme.text);
    }
    draw_keyboard(ui, entry);
    query = entry.text;
    if (entry.validated) entry.close();
    return true;
}

void MapScreen::draw_layer_chips(Ui& ui, const map::MapData& d) {
    struct Chip {
        std::string label;
        bool* on;
    };
    std::vector<Chip> chips;
    if (!d.parcels.empty()) chips.push_back({tr(ui, "map.layer_parcels"), &layer_parcels});
    if (!d.zoning.empty()) chips.push_back({tr(ui, "map.layer_zoning"), &layer_zoning});
    if (!d.networks.empty()) chips.push_back({tr(ui, "map.layer_networks"), &layer_networks});
    if (!d.rasters.empty()) chips.push_back({tr(ui, "map.layer_raster"), &layer_raster});
    if (chips.empty()) return;
    const float gap = ui.metrics.gap_px() * 0.5f;
    const float w = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(chips.size() - 1)) / static_cast<float>(chips.size());
    for (std::size_t i = 0; i < chips.size(); ++i) {
        if (i > 0) ImGui::SameLine(0, gap);
        const bool on = *chips[i].on;
        const std::string label = std::string(on ? "\xE2\x9C\x93 " : "") + chips[i].label;
        if (big_button(ui, label, "", w, on ? ui.theme.text : ui.theme.button_bg, on ? ui.theme.background : ui.theme.button_text, true)) {
            *chips[i].on = !on;
        }
    }
}

void MapScreen::handle_input(Ui& ui, const map::MapData& d, const std::vector<std::pair<map::Vec2, map::Vec2>>& overlays) {
    ImGuiIO& io = ImGui::GetIO();
    const map::Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const std::pair<map::Vec2, map::Vec2> canvas{{view.x(), view.y()}, {view.x() + view.width(), view.y() + view.height()}};
    const float dt = std::max(io.DeltaTime, 1e-4f);

    // Two fingers: pinch (the mouse SDL makes of the first finger is ignored until every finger is up).
    if (ui.fingers.size() >= 2) {
        const Finger& a = ui.fingers[0];
        const Finger& b = ui.fingers[1];
        if (!pinching) {
            pinching = true;
            pressing = dragging = false;
            inertia.stop();
        } else if (last_fingers.size() >= 2 && last_fingers[0].id == a.id && last_fingers[1].id == b.id) {
            view.pinch({last_fingers[0].x, last_fingers[0].y}, {last_fingers[1].x, last_fingers[1].y}, {a.x, a.y}, {b.x, b.y});
        }
        last_fingers = ui.fingers;
        ui.animating = true;
        view.clamp_center(d.home);
        return;
    }
    last_fingers = ui.fingers;
    if (pinching) {
        if (ui.fingers.empty() && !io.MouseDown[0]) pinching = false;
        return;
    }

    // The second tap of a double tap counts even on the card the first one opened.
    const bool second_tap = clock - last_tap_time < kDoubleTapSeconds && dist(mouse, last_tap) < 12.0f * ui.metrics.px_per_mm;
    if (io.MouseClicked[0] && inside(mouse, canvas) &&
        (second_tap || std::none_of(overlays.begin(), overlays.end(), [&](const auto& r) { return inside(mouse, r); }))) {
        pressing = true;
        dragging = false;
        press_at = mouse;
        inertia.stop();
    }
    if (pressing && io.MouseDown[0]) {
        if (!dragging && dist(mouse, press_at) > 3.0f * ui.metrics.px_per_mm) {
            dragging = true;
            view.pan_pixels(mouse.x - press_at.x, mouse.y - press_at.y);
        } else if (dragging) {
            view.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
            inertia.track(io.MouseDelta.x, io.MouseDelta.y, dt);
        }
        ui.animating = dragging;
    } else if (pressing) {  // released
        pressing = false;
        if (dragging) {
            dragging = false;
        } else if (clock - last_tap_time < kDoubleTapSeconds && dist(mouse, last_tap) < 12.0f * ui.metrics.px_per_mm) {
            view.zoom_about(mouse, std::round(view.zoom) + 1);  // double tap: one level closer, about the finger
            last_tap_time = -10;
            nothing_at = -10;
            if (card) close_card();  // the first tap's card: the resident meant to zoom
        } else {
            last_tap_time = clock;
            last_tap = mouse;
            open_card_at(d, view.to_map(mouse), 2.0f * ui.metrics.px_per_mm);
            found_address.clear();  // a parcel touched on the map, not the address searched
        }
    } else if (inertia.step(view, dt)) {
        ui.animating = true;
    }
    if (io.MouseWheel != 0 && inside(mouse, canvas)) view.zoom_about(mouse, view.zoom + io.MouseWheel * 0.5);
    geo::BBox area = d.home;
    if (!area.empty()) {  // a little margin around the commune
        const double mx = (area.max_x - area.min_x) * 0.1, my = (area.max_y - area.min_y) * 0.1;
        area.min_x -= mx, area.max_x += mx, area.min_y -= my, area.max_y += my;
        view.clamp_center(area);
    }
}

void MapScreen::open_card_at(const map::MapData& d, geo::Point p, float tolerance_px) {
    if (card) close_card();
    // A parcel of the cadastre shown, else the zone of the zoning shown (issue #14).
    // A network line first where the lines are drawn (issue #14): a pipe's card.
    card = d.catalog.card_at(p, tolerance_px * view.metres_per_pixel(), nullptr, layer_parcels && !d.parcels.empty(),
                             layer_zoning && !d.zoning.empty(),
                             layer_networks && !d.networks.empty() && view.zoom >= map::kNetworkMinZoom);
    card_opened_at = clock;
    nothing_at = card ? -10 : clock;
    if (!card) marker.reset();
}

void MapScreen::close_card() {
    card.reset();
    marker.reset();
    query.clear();  // the search that found it is done with
    results_for.clear();
    results.clear();
    results_total = 0;
    found_address.clear();
}

void MapScreen::draw_card(Ui& ui, const Content& c, Nav& nav) {
    const Theme& t = ui.theme;
    const float pad = 24.0f;
    const float W = view.width();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    const float top = view.y() + view.height() - std::max(0.0f, last_card_h);
    ImGui::SetCursorScreenPos(ImVec2(view.x() + pad, top + pad));
    ImGui::PushClipRect(ImVec2(view.x(), view.y()), ImVec2(view.x() + W, view.y() + view.height()), true);
    ImGui::BeginGroup();
    ImGui::PushItemWidth(W - 2 * pad);
    const float inner = W - 2 * pad;
    ImGui::Dummy(ImVec2(inner, 1));
    if (card->line_card) {
        draw_line_card(ui, inner);
    } else if (card->zone_card) {
        draw_zone_card(ui, c, nav, inner);
    } else {
        draw_parcel_card(ui, c, nav, inner);
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    const float h = ImGui::GetItemRectMax().y - top + pad;
    ImGui::PopClipRect();
    dl->ChannelsSetCurrent(0);
    const ImVec2 c0(view.x(), top), c1(view.x() + W, view.y() + view.height());
    dl->AddRectFilled(c0, c1, to_u32(t.background), 16.0f, ImDrawFlags_RoundCornersTop);
    dl->AddRect(c0, c1, to_u32(t.text), 16.0f, ImDrawFlags_RoundCornersTop, 3.0f);
    dl->ChannelsMerge();
    card_top = top;
    if (std::fabs(h - last_card_h) > 0.5f) {
        last_card_h = std::min(h, view.height() * 0.75f);
        ui.animating = true;  // laid out again next frame at its measured height
    }
}

// A zone's own card (issue #14): its code, long title, type and rules — the
// pack's page, and the published rules document's address (urlfic) as text.
void MapScreen::draw_zone_card(Ui& ui, const Content& c, Nav& nav, float inner) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px() * 0.5f;
    text(ui, trf(ui, "map.zone_card_title", {{"zone", card->zone}}), ui.fonts.h2, t.text);
    if (!card->zone_title.empty()) text(ui, card->zone_title, ui.fonts.body, t.text);
    if (!card->zone_type.empty()) {
        static const char* const kinds[] = {"map.zone_kind_u", "map.zone_kind_au", "map.zone_kind_a", "map.zone_kind_n"};
        const int cls = map::zone_class(card->zone_type);
        text(ui,
             cls >= 0 ? trf(ui, "map.zone_type_named", {{"type", card->zone_type}, {"kind", tr(ui, kinds[cls])}})
                      : trf(ui, "map.zone_type", {{"type", card->zone_type}}),
             ui.fonts.body, t.text);
    }
    if (!card->lieu_dit.empty()) text(ui, trf(ui, "map.lieu_dit", {{"name", card->lieu_dit}}), ui.fonts.body, t.text);
    const PageInfo* rules = card->rules_page.empty() ? nullptr : c.page(card->rules_page);
    // The published rules document's address, as text (the kiosk opens no web page).
    if (!card->zone_url.empty()) {
        ImFont* f = ui.fonts.small;
        const std::string url = map::break_long_text(card->zone_url, inner, [f](std::string_view s) {
            return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
        });
        text(ui, tr(ui, "map.zone_rules_url") + "\n" + url, f, t.muted);
        ui.record.texts.push_back(card->zone_url);  // whole, for replays
    }
    ImGui::Dummy(ImVec2(1, gap));
    const float half = (inner - gap) * 0.5f;
    const geo::ParcelCard shown = *card;  // buttons below may close the card
    const bool armed = clock - card_opened_at >= kDoubleTapSeconds;
    if (rules != nullptr) {
        if (big_button(ui, trf(ui, "map.zone_rules", {{"zone", shown.zone}}), "", half) && armed) nav = {Nav::Page, shown.rules_page};
        ImGui::SameLine(0, gap);
    }
    if (big_button(ui, tr(ui, "map.close_card"), "", rules != nullptr ? half : inner) && armed) close_card();
}

// A network line's card (issue #14): the network's title, then the line's
// attributes as its layer gives them (the usual fields named in French).
void MapScreen::draw_line_card(Ui& ui, float inner) {
    const Theme& t = ui.theme;
    text(ui, card->layer_title, ui.fonts.h2, t.text);
    for (const auto& [field, value] : card->line_attributes) {
        const std::string key = "map.line_field_" + field;
        const std::string* named = ui.strings != nullptr ? ui.strings->find(key) : nullptr;
        text(ui, trf(ui, "map.line_field", {{"field", named != nullptr ? *named : field}, {"value", value}}), ui.fonts.body, t.text);
    }
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    if (big_button(ui, tr(ui, "map.close_card"), "", inner) && clock - card_opened_at >= kDoubleTapSeconds) close_card();
}

void MapScreen::draw_parcel_card(Ui& ui, const Content& c, Nav& nav, float inner) {
    const Theme& t = ui.theme;
    const float gap = ui.metrics.gap_px() * 0.5f;
    text(ui, map::parcel_title(card->section, card->number), ui.fonts.h2, t.text);
    if (!card->area_m2.empty()) text(ui, trf(ui, "map.area", {{"area", map::area_label(card->area_m2)}}), ui.fonts.body, t.text);
    if (!card->zone.empty()) {
        text(ui,
             card->zone_title.empty() ? trf(ui, "map.zone", {{"zone", card->zone}})
                                      : trf(ui, "map.zone_titled", {{"zone", card->zone}, {"title", card->zone_title}}),
             ui.fonts.body, t.text);
    } else if (const auto shown_maps = places.shown(c.maps); shown_maps && !shown_maps->zoning.empty()) {
        text(ui, tr(ui, "map.no_zone"), ui.fonts.body, t.muted);  // (a view without a zoning plan says nothing of zones)
    }
    if (!card->lieu_dit.empty()) text(ui, trf(ui, "map.lieu_dit", {{"name", card->lieu_dit}}), ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap));
    const float half = (inner - gap) * 0.5f;
    const PageInfo* rules = card->rules_page.empty() ? nullptr : c.page(card->rules_page);
    const geo::ParcelCard shown = *card;  // buttons below may close the card
    // Its buttons wait out the double-tap delay: a second tap meant for the map never presses one.
    const bool armed = clock - card_opened_at >= kDoubleTapSeconds;
    if (rules != nullptr) {
        if (big_button(ui, trf(ui, "map.zone_rules", {{"zone", shown.zone}}), "", half) && armed) nav = {Nav::Page, shown.rules_page};
        ImGui::SameLine(0, gap);
    }
    if (big_button(ui, tr(ui, "map.close_card"), "", rules != nullptr ? half : inner) && armed) close_card();
    ImGui::Dummy(ImVec2(1, gap));
    int shown_forms = 0;
    // The town hall takes cadastral requests for its own commune's parcels only.
    const std::shared_ptr<const map::MapData> shown_maps = places.shown(c.maps);
    const std::string& own = shown_maps ? shown_maps->catalog.commune() : std::string();
    if (!own.empty() && !shown.commune.empty() && shown.commune != own) {
        text(ui, tr(ui, "map.other_commune"), ui.fonts.body, t.muted);
        shown_forms = -1;
    }
    for (const char* id : {"extrait-cadastral", "certificat-urbanisme"}) {
        if (shown_forms < 0) break;
        const FormSummary* f = c.form(id);
        if (f == nullptr || !f->compiled) continue;
        if (shown_forms++ > 0) ImGui::SameLine(0, gap);
        const std::string& label = tr(ui, std::string_view(id) == "extrait-cadastral" ? "map.request_extract"
                                                                                      : "map.request_certificate");
        if (big_button(ui, label, "", half) && armed) {
            prefill = MapPrefill{id, prefill_answers(*f, shown, found_address)};
            nav = {Nav::Wizard, id};
        }
    }
}

}  // namespace guichet::ui
