// The map screen (issue #6): the pack's cadastre, zoning plan and raster
// background drawn on the GPU (vector layers as vertex buffers, ui/map/mesh.hpp;
// tiles as textures; the rest with ImGui draw lists); one-finger pan with inertia, pinch,
// double-tap and « + » / « − » zoom; layer toggles; a search box on the
// on-screen keyboard (addresses, parcel references); a tap on a parcel opens
// its card, from which the cadastral-extract and urbanism-certificate
// démarches start already filled in. Maths: ui/map/view.hpp; data: ui/map/map_data.hpp.
#pragma once

#include "ui/content.hpp"
#include "ui/keyboard.hpp"
#include "ui/map/labels.hpp"
#include "ui/map/shapes.hpp"
#include "ui/map/tile_cache.hpp"
#include "ui/map/tile_loader.hpp"
#include "ui/map/vector_tile_cache.hpp"
#include "ui/map/view.hpp"
#include "ui/screens/map_views.hpp"
#include "ui/widgets.hpp"
#include "platform/vector_mesh.hpp"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct ImDrawList;

namespace guichet::ui {

// Answers the wizard starts with (WizardScreen::prefill).
struct MapPrefill {
    std::string form_id;
    nlohmann::json answers;
};

struct MapLabel {
    float x = 0, y = 0;  // centre, screen pixels
    std::string text;
    double priority = 0;  // larger first
    bool zone = false;    // zone codes before parcel numbers
    bool place = false;   // a lieu-dit's name (italic), with the zone codes
};

struct MapSearchResult {
    std::string label, detail;
    geo::Point at;
    bool parcel = false;
};

// Answers of FORM_ID pre-filled from a parcel card: the parcel reference
// (its area and the ADDRESS searched, when there was one, for the urbanism
// certificate), only for fields the form has.
nlohmann::json prefill_answers(const FormSummary& form, const geo::ParcelCard& card, const std::string& address = {});

struct MapScreen {
    static constexpr std::size_t kTileCacheBytes = 48u << 20;  // ≈ 190 tiles of 256×256 RGBA

    map::MapView view;
    map::Inertia inertia;
    const map::MapData* shown_for = nullptr;  // the view was fitted to these maps
    bool layer_parcels = true, layer_zoning = true, layer_raster = false;  // parcels: with buildings and lieux-dits
    bool layer_networks = true;                                             // water, sewer, electricity
    MapViewChooser places;  // the pack's views (« Anor (démonstration) »…), screens/map_views.hpp

    // Gestures
    bool pressing = false, dragging = false, pinching = false;
    map::Vec2 press_at, last_tap{-1000, -1000};
    double clock = 0, last_tap_time = -10;
    std::vector<Finger> last_fingers;

    // The parcel card and the search
    std::optional<geo::ParcelCard> card;
    std::optional<geo::Point> marker;  // the address or parcel found
    float card_top = 0;                // screen y of the card last frame (taps above it reach the map)
    float last_card_h = 520;           // its measured height
    double card_opened_at = -10;       // clock when it opened
    TextEntry entry;
    std::string query, results_for;
    std::vector<MapSearchResult> results;
    std::optional<MapPrefill> prefill;
    std::string found_address;  // the address chosen in the search (« 3 Rue de l’Église, 59186 Anor »)
    std::size_t results_total = 0;  // parcels of the section searched (« ae »), when the query is a section alone
    double nothing_at = -10;        // clock when a tap found neither parcel nor zone (a short message says so)

    // Drawing caches (not personal data: kept across sessions)
    map::ShapeCache shapes;
    std::unique_ptr<map::TileCache> tiles = std::make_unique<map::TileCache>(kTileCacheBytes);
    std::set<std::uint64_t> failed_tiles;
    std::set<std::uint64_t> translucent_tiles;  // tiles with some alpha under 255: blended
    map::LabelPlacer labels;
    std::vector<MapLabel> pending_labels;  // this frame's, placed by draw_overlays
    std::shared_ptr<map::TileLoader> loader = std::make_shared<map::TileLoader>();
    // Vector layers on the GPU, uploaded on first use from MapData's meshes:
    // key (slot << 8) | level; the pass this frame's draw list calls back.
    std::map<std::uint32_t, platform::GpuMesh> gpu_meshes;
    std::set<std::uint32_t> failed_meshes;  // no GL context (unit tests), or GL refused
    platform::MeshPass mesh_pass;
    map::VectorTileCache vector_tiles;  // the pass rendered into tiles while panning; cleared with gpu_meshes
    map::Background background;         // this frame's ground and raster tiles, drawn by draw_vectors

    void reset();
    void draw(Ui& ui, const Content& c, Nav& nav);
    void wait_idle() { loader->wait_idle(); }  // replays: every wanted tile decoded
    std::optional<MapPrefill> take_prefill() { return std::exchange(prefill, std::nullopt); }

private:
    void upload_tiles();
    bool draw_search(Ui& ui, const map::MapData& d);
    void draw_layer_chips(Ui& ui, const map::MapData& d);
    void handle_input(Ui& ui, const map::MapData& d, const std::vector<std::pair<map::Vec2, map::Vec2>>& overlays);
    void open_card_at(const map::MapData& d, geo::Point p, float tolerance_px);
    void close_card();  // and the search that found it: the box is empty again
    // Plans the map's GROUND colour (left out under opaque tiles covering the view) and the raster tiles (BACKGROUND).
    void draw_rasters(ImDrawList* dl, const map::MapData& d, unsigned ground);  // ImU32
    void draw_vectors(Ui& ui, ImDrawList* dl, const map::MapData& d);
    void draw_background(ImDrawList* dl);  // BACKGROUND directly (not from the cached tiles)
    const platform::GpuMesh* gpu_mesh(int slot, const map::VectorLayer& v, std::size_t level);
    void draw_overlays(Ui& ui, ImDrawList* dl, const map::MapData& d);
    void draw_card(Ui& ui, const Content& c, Nav& nav);
    void draw_parcel_card(Ui& ui, const Content& c, Nav& nav, float inner);
    void draw_zone_card(Ui& ui, const Content& c, Nav& nav, float inner);
    void draw_line_card(Ui& ui, float inner);
    // The zones' legend, top left of the map at (X0, Y0), when the zoning is shown (screen pixels).
    std::optional<map::LabelBox> legend_box(Ui& ui, const map::MapData& d, float x0, float y0) const;
};

}  // namespace guichet::ui
