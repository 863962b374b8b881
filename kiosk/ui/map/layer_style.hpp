// How each kind of polygon layer is drawn on the map: one row per kind in
// layer_style.cpp (a new kind — buildings… — is one more row there, and its
// colours one more case in screens/map_draw.cpp's layer_colors()).
#pragma once

#include <string_view>

namespace guichet::ui::map {

struct LayerStyle {
    std::string_view kind;
    bool fill = false;     // triangulated at load time and filled by style (zone class) under the outlines
    float line_px = 1;     // outline width in whole pixels (aliased GL lines: no fringe to blend)
    double min_zoom = 0;   // hidden below this zoom
    double full_zoom = 0;  // outlines fade in from min_zoom (a quarter of their alpha) to here
};

// Null for a kind the map does not draw as polygons (addresses, rasters).
const LayerStyle* layer_style(std::string_view kind);

// Network layers (issue #14): water, sewer, electricity, drawn as lines.
bool is_network_kind(std::string_view kind);
// Their width in whole pixels at ZOOM: 2 up to zoom 14, one more per level, 6 from zoom 18.
float network_line_px(double zoom);
// Drawn from this zoom (the whole commune at 13).
inline constexpr double kNetworkMinZoom = 13.0;

}  // namespace guichet::ui::map
