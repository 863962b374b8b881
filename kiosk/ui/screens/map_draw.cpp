// The map screen's drawing: raster tiles (textures from the cache, a parent
// tile's part while a tile is decoding), zoning fills and outlines and parcel
// outlines (GPU vertex buffers drawn by one draw-list callback), the
// selection, labels placed without collision, the scale bar, the legend, the
// « + » / « − » buttons' faces.
#include "geo/projection.hpp"
#include "ui/map/format.hpp"
#include "ui/map/layer_style.hpp"
#include "ui/screens/map.hpp"
#include "ui/strings.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace guichet::ui {

namespace {

struct Palette {
    ImU32 ground, parcel, selected_fill, selected_line, zone_line, label, halo, marker, legend_bg;
    ImU32 zone_fill[5];  // U, AU, A, N, other
    ImU32 network[3];    // water, sewer, electricity (the usual colours of French network plans: blue, brown, red)
};

bool dark(const Theme& t) { return relative_luminance(t.background) < 0.2; }

Palette palette(const Theme& t) {
    if (dark(t)) {  // high contrast: white lines and text on black, saturated zones
        return {IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 235), IM_COL32(255, 255, 0, 110),
                IM_COL32(255, 255, 0, 255), IM_COL32(0, 255, 255, 255), IM_COL32(255, 255, 255, 255),
                IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 0, 255), IM_COL32(0, 0, 0, 235),
                {IM_COL32(230, 0, 60, 150), IM_COL32(255, 120, 0, 150), IM_COL32(180, 160, 0, 150),
                 IM_COL32(0, 150, 60, 150), IM_COL32(120, 120, 120, 120)},
                {IM_COL32(90, 170, 255, 255), IM_COL32(255, 170, 60, 255), IM_COL32(255, 70, 70, 255)}};
    }
    return {IM_COL32(242, 239, 233, 255), IM_COL32(70, 70, 70, 200), IM_COL32(255, 190, 0, 120),
            IM_COL32(200, 80, 0, 255), IM_COL32(140, 30, 30, 230), IM_COL32(20, 20, 20, 255),
            IM_COL32(255, 255, 255, 230), IM_COL32(200, 0, 0, 255), IM_COL32(255, 255, 255, 225),
            {IM_COL32(235, 90, 90, 80), IM_COL32(245, 160, 50, 80), IM_COL32(240, 215, 60, 80),
             IM_COL32(80, 175, 80, 80), IM_COL32(150, 150, 150, 60)},
            {IM_COL32(0, 100, 215, 255), IM_COL32(130, 75, 20, 255), IM_COL32(215, 0, 0, 255)}};
}

ImU32 network_color(const Palette& pal, std::string_view kind) {
    return kind == "water" ? pal.network[0] : kind == "sewer" ? pal.network[1] : pal.network[2];
}

ImVec2 iv(map::Vec2 v) { return {v.x, v.y}; }

// A label with a halo, when it finds room within CANVAS (moved in from its
// edge when SHIFT, else left out there: never cut). Returns whether it was drawn.
bool label(ImDrawList* dl, map::LabelPlacer& placer, ImFont* f, ImVec2 at, const std::string& s, ImU32 fg, ImU32 halo,
           const map::LabelBox& canvas, bool shift) {
    const ImVec2 size = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str());
    const auto box = map::fit_inside({at.x - size.x * 0.5f - 4, at.y - size.y * 0.5f - 2, at.x + size.x * 0.5f + 4, at.y + size.y * 0.5f + 2},
                                     canvas, shift);
    if (!box || !placer.place(*box)) return false;
    const ImVec2 p(box->x0 + 4, box->y0 + 2);
    for (const ImVec2 o : {ImVec2(-2, -2), ImVec2(2, -2), ImVec2(-2, 2), ImVec2(2, 2)})  // the halo: 4 copies, not 8
        dl->AddText(f, f->FontSize, ImVec2(p.x + o.x, p.y + o.y), halo, s.c_str());
    dl->AddText(f, f->FontSize, p, fg, s.c_str());
    return true;
}

}  // namespace

void MapScreen::draw_rasters(ImDrawList* dl, const map::MapData& d, ImU32 ground) {
    // Planned here, drawn by draw_vectors: directly (draw_background) or inside
    // the cached tiles. Split the draw list so that what draw_vectors draws
    // meanwhile (the parcels' hint, the selection) goes over them.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    background.images.clear();
    const ImVec4 g = ImGui::ColorConvertU32ToFloat4(ground);
    background.ground = {g.x, g.y, g.z, g.w};
    background.ground_needed = true;
    background.layers = layer_raster ? static_cast<int>(d.rasters.size()) : 0;
    if (!layer_raster) return;
    // One cached tile's width around the view: the tiles rendered ahead of the pan have their pictures.
    const map::PixelGrid grid = map::PixelGrid::of(view);
    const geo::BBox vis = [&] {
        geo::BBox b = view.visible();
        const double m = map::kVectorTilePx * grid.mpp;
        return geo::BBox{b.min_x - m, b.min_y - m, b.max_x + m, b.max_y + m};
    }();
    std::vector<map::TileRequest> wanted;
    // Opaque tiles are drawn first without blending (llvmpipe then never reads
    // the pixels under them), translucent ones after, blended.
    std::vector<map::BackgroundImage> opaque, translucent;
    bool covered = false;  // some layer's opaque tiles cover the whole view: no ground under them
    bool layer_covered = true;
    auto image = [&](std::uint64_t key, const platform::Texture* tex, geo::BBox tb, ImVec2 uv0 = ImVec2(0, 0), ImVec2 uv1 = ImVec2(1, 1)) {
        const bool see_through = translucent_tiles.count(key) != 0;
        layer_covered = layer_covered && !see_through;
        const map::ScreenPoint p0 = grid.to_screen({tb.min_x, tb.max_y}), p1 = grid.to_screen({tb.max_x, tb.min_y});
        (see_through ? translucent : opaque).push_back({tex->id(), p0.x, p0.y, p1.x, p1.y, uv0.x, uv0.y, uv1.x, uv1.y, see_through});
    };
    for (std::size_t ri = 0; ri < d.rasters.size(); ++ri) {
        const map::RasterLayer& r = d.rasters[ri];
        const int z = std::clamp(static_cast<int>(std::lround(view.zoom)), r.min_zoom, r.max_zoom);
        const geo::TileId a = geo::tile_at({vis.min_x, vis.max_y}, z), b = geo::tile_at({vis.max_x, vis.min_y}, z);
        if ((b.x - a.x + 1) * (b.y - a.y + 1) > 120) continue;  // far too zoomed out for this layer
        layer_covered = true;
        for (std::uint32_t y = a.y; y <= b.y; ++y) {
            for (std::uint32_t x = a.x; x <= b.x; ++x) {
                const geo::TileId t{x, y, z};
                const geo::BBox tb = geo::tile_bounds(t);
                const std::uint64_t key = map::tile_key(static_cast<int>(ri), t);
                if (const platform::Texture* tex = tiles->find(key)) {
                    image(key, tex, tb);
                    continue;
                }
                if (!failed_tiles.count(key)) {
                    if (auto path = d.catalog.tile_path(r.id, t)) wanted.push_back({key, *path});
                    else failed_tiles.insert(key);
                }
                // Meanwhile, the part of the nearest ancestor already uploaded.
                bool ancestor = false;
                for (int dz = 1; dz <= z - r.min_zoom; ++dz) {
                    const geo::TileId p{x >> dz, y >> dz, z - dz};
                    const std::uint64_t pkey = map::tile_key(static_cast<int>(ri), p);
                    const platform::Texture* tex = tiles->find(pkey);
                    if (tex == nullptr) continue;
                    const geo::BBox pb = geo::tile_bounds(p);
                    const double w = pb.max_x - pb.min_x, h = pb.max_y - pb.min_y;
                    const ImVec2 uv0(static_cast<float>((tb.min_x - pb.min_x) / w), static_cast<float>((pb.max_y - tb.max_y) / h));
                    const ImVec2 uv1(static_cast<float>((tb.max_x - pb.min_x) / w), static_cast<float>((pb.max_y - tb.min_y) / h));
                    image(pkey, tex, tb, uv0, uv1);
                    ancestor = true;
                    break;
                }
                layer_covered = layer_covered && ancestor;
            }
        }
        covered = covered || layer_covered;
    }
    background.ground_needed = !covered;
    background.images = std::move(opaque);
    background.images.insert(background.images.end(), translucent.begin(), translucent.end());
    loader->want(std::move(wanted));
}

void MapScreen::draw_background(ImDrawList* dl) {
    const ImVec2 g0(view.x(), view.y()), g1(view.x() + view.width(), view.y() + view.height());
    const ImU32 ground = ImGui::ColorConvertFloat4ToU32(ImVec4(background.ground[0], background.ground[1], background.ground[2], background.ground[3]));
    bool opaque = false;  // opaque pictures (and the ground) without blending: llvmpipe need not read what is under them
    auto set_opaque = [&](bool on) {
        if (on == opaque) return;
        if (on) platform::add_opaque_begin(dl);
        else platform::add_opaque_end(dl);
        opaque = on;
    };
    if (background.ground_needed) {
        set_opaque(true);
        dl->AddRectFilled(g0, g1, ground);
    }
    for (const map::BackgroundImage& im : background.images) {
        set_opaque(!im.translucent);
        dl->AddImage(im.texture, ImVec2(static_cast<float>(im.x0), static_cast<float>(im.y0)),
                     ImVec2(static_cast<float>(im.x1), static_cast<float>(im.y1)), ImVec2(im.u0, im.v0), ImVec2(im.u1, im.v1));
    }
    set_opaque(false);
}

const platform::GpuMesh* MapScreen::gpu_mesh(int slot, const map::VectorLayer& v, std::size_t level) {
    if (!v.meshes || level >= v.meshes->size()) return nullptr;
    const std::uint32_t key = (static_cast<std::uint32_t>(slot) << 8) | static_cast<std::uint32_t>(level);
    if (auto it = gpu_meshes.find(key); it != gpu_meshes.end()) return &it->second;
    if (failed_meshes.count(key)) return nullptr;
    const map::LayerMesh& m = (*v.meshes)[level];
    auto g = platform::GpuMesh::upload(m.vertices, m.fill, m.lines);
    if (!g) {
        failed_meshes.insert(key);  // no GL context (unit tests) or an empty layer
        return nullptr;
    }
    return &gpu_meshes.emplace(key, std::move(*g)).first->second;
}

void MapScreen::draw_vectors(Ui& ui, ImDrawList* dl, const map::MapData& d) {
    const Palette pal = palette(ui.theme);
    const geo::BBox vis = view.visible();
    const ImVec2 white = dl->_Data->TexUvWhitePixel;
    std::vector<ImVec2> pts;
    auto to_s = [&](geo::Point p) { return iv(view.to_screen(p)); };
    auto outline = [&](const map::Shape& s, ImU32 col, float thickness) {
        std::uint32_t start = 0;
        for (std::uint32_t end : s.ring_end) {
            pts.clear();
            for (std::uint32_t i = start; i < end; ++i) pts.push_back(to_s(s.points[i]));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, ImDrawFlags_Closed, thickness);
            start = end;
        }
    };
    auto fill = [&](const map::Shape& s, ImU32 col) {
        if (s.triangles.empty() || s.points.size() >= 65000) return;
        dl->PrimReserve(static_cast<int>(s.triangles.size()), static_cast<int>(s.points.size()));
        const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
        for (const geo::Point& p : s.points) dl->PrimWriteVtx(to_s(p), white, col);
        for (std::uint32_t t : s.triangles) dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + t));
    };
    std::vector<MapLabel>& pending = pending_labels;
    pending.clear();
    const double mpp = view.metres_per_pixel(), px_area = mpp * mpp;

    // The polygon layers' fills and outlines: GPU vertex buffers built at load
    // time, one pass for all of them, the chunks in view only — or, while the
    // map pans at one zoom, the same pass rendered into cached tiles
    // (ui/map/vector_tile_cache.hpp). Both place the world origin on a whole
    // pixel (PixelGrid), so that a cached frame looks like a direct one.
    mesh_pass.draws.clear();
    std::vector<const map::LayerMesh*> pass_meshes;  // each draw's mesh (the tiles cull its chunks)
    const map::PixelGrid grid = map::PixelGrid::of(view);
    auto gpu = [&](int slot, const map::VectorLayer& v, std::size_t level, bool lines, float width, const ImU32* colors, int ncolors) {
        const platform::GpuMesh* g = gpu_mesh(slot, v, level);
        if (g == nullptr) return;
        const map::LayerMesh& m = (*v.meshes)[level];
        platform::MeshDraw md;
        md.mesh = g;
        md.lines = lines;
        md.line_width = width;
        md.scale[0] = static_cast<float>(1 / mpp);
        md.scale[1] = static_cast<float>(-1 / mpp);
        const map::ScreenPoint o = grid.mesh_offset(m.origin);
        md.offset[0] = static_cast<float>(o.x);
        md.offset[1] = static_cast<float>(o.y);
        for (int k = 0; k < 8; ++k) {
            const ImVec4 c = ImGui::ColorConvertU32ToFloat4(colors[std::min(k, ncolors - 1)]);
            md.colors[k][0] = c.x, md.colors[k][1] = c.y, md.colors[k][2] = c.z, md.colors[k][3] = c.w;
        }
        for (const map::IndexRange& r : map::visible_ranges(m, vis, !lines)) md.ranges.push_back({r.begin, r.end});
        // Kept even with nothing in view: the tiles' signature must not change as the map pans.
        mesh_pass.draws.push_back(std::move(md));
        pass_meshes.push_back(&m);
    };

    // Zoning: translucent fills by zone type, outlines, zone codes.
    const map::LayerStyle* zs = map::layer_style("zoning");
    if (layer_zoning && zs != nullptr) {
        for (std::size_t li = 0; li < d.zoning.size(); ++li) {
            const geo::MapLayer& layer = *d.zoning[li].layer;
            if (!layer.bounds().intersects(vis)) continue;
            const std::size_t level = layer.level_for_zoom(view.zoom);
            gpu(static_cast<int>(100 + li), d.zoning[li], level, false, 0, pal.zone_fill, 5);
            gpu(static_cast<int>(100 + li), d.zoning[li], level, true, zs->line_px, &pal.zone_line, 1);
            for (std::uint32_t f : layer.features_in(vis)) {
                const map::Shape& s = shapes.get(layer, static_cast<int>(100 + li), f, level);
                if (s.area / px_area > 8000) { const ImVec2 a = to_s(s.label); pending.push_back({a.x, a.y, std::string(layer.attribute(f, "libelle")), s.area, true}); }
            }
        }
    }
    // Buildings (issue #6), with the cadastre from zoom 15: grey fills (bâti
    // léger lighter), darker outlines; high contrast: grey on black, white lines.
    const map::LayerStyle* bs = map::layer_style("buildings");
    if (layer_parcels && bs != nullptr && view.zoom >= bs->min_zoom) {
        const bool hc = dark(ui.theme);
        const ImU32 fills[2] = {hc ? IM_COL32(140, 140, 140, 255) : IM_COL32(188, 182, 174, 255),
                                hc ? IM_COL32(80, 80, 80, 255) : IM_COL32(216, 211, 203, 255)};
        const ImU32 line = hc ? IM_COL32(255, 255, 255, 255) : IM_COL32(105, 98, 90, 255);
        for (std::size_t li = 0; li < d.buildings.size(); ++li) {
            const geo::MapLayer& layer = *d.buildings[li].layer;
            if (!layer.bounds().intersects(vis)) continue;
            const std::size_t level = layer.level_for_zoom(view.zoom);
            gpu(static_cast<int>(200 + li), d.buildings[li], level, false, 0, fills, 2);
            gpu(static_cast<int>(200 + li), d.buildings[li], level, true, bs->line_px, &line, 1);
        }
    }
    // Lieux-dits (issue #6): their names, in italics, placed with the zone codes.
    if (layer_parcels) {
        for (std::size_t li = 0; li < d.lieux_dits.size(); ++li) {
            const geo::MapLayer& layer = *d.lieux_dits[li].layer;
            if (!layer.bounds().intersects(vis)) continue;
            const std::size_t level = layer.level_for_zoom(view.zoom);
            for (std::uint32_t f : layer.features_in(vis)) {
                const map::Shape& s = shapes.get(layer, static_cast<int>(300 + li), f, level);
                if (s.area / px_area < 20000) continue;  // too small on screen for a name
                const ImVec2 a = to_s(s.label);
                MapLabel place{a.x, a.y, std::string(layer.attribute(f, "nom")), s.area, true};
                place.place = true;
                pending.push_back(std::move(place));
            }
        }
    }
    // Parcels: outlines (hidden when too small to tell apart, or too many to
    // tell apart: over kMaxParcels in view below zoom 15), numbers when zoomed in.
    constexpr std::size_t kMaxParcels = 4000, kMaxParcelLabels = 600;
    const map::LayerStyle* ps = map::layer_style("parcels");
    if (layer_parcels && ps != nullptr && view.zoom >= ps->min_zoom) {
        const float alpha = static_cast<float>(std::clamp((view.zoom - ps->min_zoom) / (ps->full_zoom - ps->min_zoom), 0.25, 1.0));
        ImU32 col = pal.parcel;
        col = (col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(static_cast<float>((col >> IM_COL32_A_SHIFT) & 0xff) * alpha) << IM_COL32_A_SHIFT);
        for (std::size_t li = 0; li < d.parcels.size(); ++li) {
            const geo::MapLayer& layer = *d.parcels[li].layer;
            if (!layer.bounds().intersects(vis)) continue;
            const std::size_t level = layer.level_for_zoom(view.zoom);
            const auto feats = layer.features_in(vis);
            if (feats.size() > kMaxParcels && view.zoom < 15) {
                const char* hint = tr(ui, "map.zoom_hint").c_str();
                ImFont* fb = ui.fonts.bold;
                const ImVec2 ts = fb->CalcTextSizeA(fb->FontSize, FLT_MAX, 0, hint);
                float hy = view.y() + view.height() - ts.y - 90;
                if (places.shown_button && places.rect.second.y > hy - 10) hy = std::min(hy, places.rect.first.y - ts.y - 26);  // above the place's button
                const ImVec2 hp(view.x() + (view.width() - ts.x) * 0.5f, hy);
                dl->AddRectFilled(ImVec2(hp.x - 16, hp.y - 10), ImVec2(hp.x + ts.x + 16, hp.y + ts.y + 10), pal.legend_bg, 8);
                dl->AddText(fb, fb->FontSize, hp, pal.label, hint);
                labels.block({hp.x - 16, hp.y - 10, hp.x + ts.x + 16, hp.y + ts.y + 10});
                ui.record.texts.push_back(hint);
                continue;
            }
            gpu(static_cast<int>(li), d.parcels[li], level, true, ps->line_px, &col, 1);
            if (view.zoom < 17 || feats.size() > kMaxParcelLabels) continue;
            for (std::uint32_t f : feats) {
                const map::Shape& s = shapes.get(layer, static_cast<int>(li), f, level);
                if (s.area / px_area > 2500) {
                    const ImVec2 a = to_s(s.label);
                    pending.push_back({a.x, a.y, map::strip_zeros(layer.attribute(f, "numero")), s.area, false});
                }
            }
        }
    }
    // Networks (issue #14): water, sewer, electricity as lines over the
    // cadastre, one colour each, wider as the map zooms in.
    if (layer_networks && view.zoom >= map::kNetworkMinZoom) {
        const float width = map::network_line_px(view.zoom);
        for (std::size_t li = 0; li < d.networks.size(); ++li) {
            // Drawn even when out of view (no chunk then): a network usually covers less than the
            // view's layers, and the tiles' signature must not change as it comes in and out of view.
            const geo::MapLayer& layer = *d.networks[li].layer;
            const ImU32 col = network_color(pal, d.networks[li].kind);
            gpu(static_cast<int>(400 + li), d.networks[li], layer.level_for_zoom(view.zoom), true, width, &col, 1);
        }
    }
    // Under what draw_vectors drew meanwhile (channel 1): the ground, the
    // raster tiles and the layers, from the cached tiles or directly.
    dl->ChannelsSetCurrent(0);
    if (vector_tiles.prepare(mesh_pass, pass_meshes, background, grid, view.x(), view.y(), view.x() + view.width(),
                             view.y() + view.height())) {
        platform::add_mesh_tiles(dl, &mesh_pass);
        ui.record.texts.push_back("vector tiles from the cache");  // replays: the cached path was taken
    } else {
        draw_background(dl);
        if (!mesh_pass.draws.empty()) platform::add_mesh_pass(dl, &mesh_pass);
    }
    dl->ChannelsMerge();
    // The selected parcel.
    if (card && !card->zone_card && !d.parcels.empty()) {
        for (std::size_t li = 0; li < d.parcels.size(); ++li) {
            if (d.parcels[li].id != card->layer_id) continue;
            const geo::MapLayer& layer = *d.parcels[li].layer;
            const map::Shape& s = shapes.get(layer, static_cast<int>(li), card->feature, layer.level_count() - 1);
            fill(s, pal.selected_fill);
            outline(s, pal.selected_line, 5.0f);
        }
    }
    if (card && card->zone_card) {  // the zone touched: its outline at the level drawn
        for (std::size_t li = 0; li < d.zoning.size(); ++li) {
            if (d.zoning[li].id != card->layer_id) continue;
            const geo::MapLayer& layer = *d.zoning[li].layer;
            outline(shapes.get(layer, static_cast<int>(100 + li), card->feature, layer.level_for_zoom(view.zoom)), pal.selected_line, 5.0f);
        }
    }
    if (card && card->line_card) {  // the pipe touched (issue #14): over its network, in the selection's colour
        for (const map::VectorLayer& n : d.networks) {
            if (n.id != card->layer_id) continue;
            for (const geo::LineString& line : n.layer->lines(card->feature, n.layer->level_for_zoom(view.zoom)).lines) {
                pts.clear();
                for (const geo::Point& q : line) pts.push_back(to_s(q));
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), pal.selected_line, ImDrawFlags_None, 5.0f);
            }
        }
    }
    if (marker) {
        const ImVec2 m = to_s(*marker);
        dl->AddCircleFilled(ImVec2(m.x, m.y - 30), 18, pal.marker);
        dl->AddTriangleFilled(ImVec2(m.x - 14, m.y - 22), ImVec2(m.x + 14, m.y - 22), m, pal.marker);
        dl->AddCircleFilled(ImVec2(m.x, m.y - 30), 7, pal.halo);
        labels.block({m.x - 20, m.y - 50, m.x + 20, m.y});
    }
}

void MapScreen::draw_overlays(Ui& ui, ImDrawList* dl, const map::MapData& d) {
    const Palette pal = palette(ui.theme);
    const float x0 = view.x(), y0 = view.y(), x1 = x0 + view.width(), y1 = y0 + view.height();
    // Scale bar, bottom left.
    const double lat = geo::to_lonlat(view.center).lat;
    const map::ScaleBar bar = map::scale_bar(view.metres_per_pixel() * geo::ground_scale(lat), 260);
    if (bar.pixels > 0) {
        ImFont* f = ui.fonts.small;
        const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, bar.label.c_str());
        const float bx = x0 + 24, by = (card ? std::min(y1, card_top) : y1) - 24;
        dl->AddRectFilled(ImVec2(bx - 12, by - ts.y - 30), ImVec2(bx + std::max(bar.pixels, ts.x) + 12, by + 10), pal.legend_bg, 8);
        dl->AddLine(ImVec2(bx, by), ImVec2(bx + bar.pixels, by), pal.label, 4);
        dl->AddLine(ImVec2(bx, by - 12), ImVec2(bx, by), pal.label, 4);
        dl->AddLine(ImVec2(bx + bar.pixels, by - 12), ImVec2(bx + bar.pixels, by), pal.label, 4);
        dl->AddText(f, f->FontSize, ImVec2(bx, by - ts.y - 18), pal.label, bar.label.c_str());
        labels.block({bx - 12, by - ts.y - 30, bx + std::max(bar.pixels, ts.x) + 12, by + 10});
        ui.record.texts.push_back(trf(ui, "map.scale", {{"scale", bar.label}}));
    }
    // Legend, top left: the zone classes when the zoning is shown, then each network shown (its title).
    if (const auto box = legend_box(ui, d, x0, y0)) {
        ImFont* f = ui.fonts.small;
        const float row = f->FontSize * 1.4f, sw = f->FontSize;
        const ImVec2 p0(box->x0, box->y0), p1(box->x1, box->y1);
        dl->AddRectFilled(p0, p1, pal.legend_bg, 8);
        dl->AddRect(p0, p1, pal.label, 8, 0, 2);
        dl->AddText(ui.fonts.bold, f->FontSize, ImVec2(p0.x + 12, p0.y + 8), pal.label, tr(ui, "map.legend").c_str());
        ui.record.texts.push_back(tr(ui, "map.legend"));
        int r = 0;
        if (layer_zoning && !d.zoning.empty()) {
            const std::string* names[] = {&tr(ui, "map.legend_u"), &tr(ui, "map.legend_au"), &tr(ui, "map.legend_a"), &tr(ui, "map.legend_n")};
            for (int i = 0; i < 4; ++i) {
                const float y = p0.y + 8 + row * static_cast<float>(++r);
                dl->AddRectFilled(ImVec2(p0.x + 12, y + 4), ImVec2(p0.x + 12 + sw, y + 4 + sw * 0.8f), pal.zone_fill[i] | IM_COL32_A_MASK);
                dl->AddRect(ImVec2(p0.x + 12, y + 4), ImVec2(p0.x + 12 + sw, y + 4 + sw * 0.8f), pal.zone_line, 0, 0, 2);
                dl->AddText(f, f->FontSize, ImVec2(p0.x + 24 + sw, y), pal.label, names[i]->c_str());
                ui.record.texts.push_back(*names[i]);
            }
        }
        if (layer_networks) {
            for (const map::VectorLayer& n : d.networks) {
                const float y = p0.y + 8 + row * static_cast<float>(++r);
                dl->AddLine(ImVec2(p0.x + 12, y + row * 0.45f), ImVec2(p0.x + 12 + sw, y + row * 0.45f), network_color(pal, n.kind), 5);
                dl->AddText(f, f->FontSize, ImVec2(p0.x + 24 + sw, y), pal.label, n.title.c_str());
                ui.record.texts.push_back(n.title);
            }
        }
        labels.block({p0.x, p0.y, p1.x, p1.y});
    }
    // Labels (after every overlay blocked its rectangle): zone codes first, then parcel numbers, larger first.
    std::stable_sort(pending_labels.begin(), pending_labels.end(), [](const MapLabel& a, const MapLabel& b) {
        return a.zone != b.zone ? a.zone : a.priority > b.priority;
    });
    const ImVec2 c0(view.x(), view.y()), c1(view.x() + view.width(), view.y() + view.height());
    const map::LabelBox canvas{c0.x, c0.y, c1.x, c1.y};
    for (const MapLabel& p : pending_labels) {
        if (p.text.empty() || p.x < c0.x || p.y < c0.y || p.x > c1.x || p.y > c1.y) continue;
        // Zone codes and places' names move in from the edge; parcel numbers stay on their parcel.
        if (label(dl, labels, p.place ? ui.fonts.italic : p.zone ? ui.fonts.bold : ui.fonts.small, ImVec2(p.x, p.y), p.text, pal.label, pal.halo,
                  canvas, p.zone) &&
            (p.place || p.zone))
            ui.record.texts.push_back(p.text);  // replays can expect a lieu-dit's name, a zone's code
    }
    // A tap on nothing says so, for a moment (issue #14).
    constexpr double kNothingSeconds = 2.5;
    if (clock - nothing_at < kNothingSeconds) {
        const std::string& msg = tr(ui, d.zoning.empty() || !layer_zoning ? "map.nothing_here" : "map.nothing_here_zones");
        ImFont* fb = ui.fonts.bold;
        const ImVec2 ts = fb->CalcTextSizeA(fb->FontSize, FLT_MAX, 0, msg.c_str());
        const ImVec2 hp(x0 + (view.width() - ts.x) * 0.5f, y0 + view.height() * 0.5f - ts.y - 80);
        dl->AddRectFilled(ImVec2(hp.x - 20, hp.y - 12), ImVec2(hp.x + ts.x + 20, hp.y + ts.y + 12), pal.legend_bg, 10);
        dl->AddRect(ImVec2(hp.x - 20, hp.y - 12), ImVec2(hp.x + ts.x + 20, hp.y + ts.y + 12), pal.label, 10, 0, 2);
        dl->AddText(fb, fb->FontSize, hp, pal.label, msg.c_str());
        ui.record.texts.push_back(msg);
        ui.animating = true;  // frames until it is gone
    }
    (void)x1;
}

std::optional<map::LabelBox> MapScreen::legend_box(Ui& ui, const map::MapData& d, float x0, float y0) const {
    const bool zones = layer_zoning && !d.zoning.empty(), networks = layer_networks && !d.networks.empty();
    if (!zones && !networks) return std::nullopt;
    ImFont* f = ui.fonts.small;
    const float row = f->FontSize * 1.4f, sw = f->FontSize;
    float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, tr(ui, "map.legend").c_str()).x;
    std::size_t rows = 0;
    if (zones) {
        for (const char* key : {"map.legend_u", "map.legend_au", "map.legend_a", "map.legend_n"})
            w = std::max(w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, tr(ui, key).c_str()).x);
        rows += 4;
    }
    if (networks) {
        for (const map::VectorLayer& n : d.networks) w = std::max(w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, n.title.c_str()).x);
        rows += d.networks.size();
    }
    return map::LabelBox{x0 + 16, y0 + 16, x0 + 16 + sw + w + 44, y0 + 16 + row * static_cast<float>(rows + 1) + 16};
}

}  // namespace guichet::ui
