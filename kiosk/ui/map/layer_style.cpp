#include "ui/map/layer_style.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui::map {

namespace {

constexpr LayerStyle kStyles[] = {
    // kind       fill   line  min   full
    {"zoning", true, 3.0f, 0.0, 0.0},
    {"parcels", false, 1.0f, 13.5, 15.0},
    {"buildings", true, 1.0f, 15.0, 16.0},  // grey fills by type (bâti dur, léger), darker outlines
};

}  // namespace

const LayerStyle* layer_style(std::string_view kind) {
    for (const LayerStyle& s : kStyles)
        if (s.kind == kind) return &s;
    return nullptr;
}

bool is_network_kind(std::string_view kind) { return kind == "water" || kind == "sewer" || kind == "electricity"; }

float network_line_px(double zoom) { return static_cast<float>(std::clamp(std::floor(zoom) - 12.0, 2.0, 6.0)); }

}  // namespace guichet::ui::map
