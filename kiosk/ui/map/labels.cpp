#include "ui/map/labels.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui::map {

std::optional<LabelBox> fit_inside(const LabelBox& box, const LabelBox& area, bool shift) {
    const float w = box.x1 - box.x0, h = box.y1 - box.y0;
    if (w > area.x1 - area.x0 || h > area.y1 - area.y0) return std::nullopt;
    const bool inside = box.x0 >= area.x0 && box.x1 <= area.x1 && box.y0 >= area.y0 && box.y1 <= area.y1;
    if (inside) return box;
    if (!shift) return std::nullopt;
    const float x0 = std::clamp(box.x0, area.x0, area.x1 - w), y0 = std::clamp(box.y0, area.y0, area.y1 - h);
    return LabelBox{x0, y0, x0 + w, y0 + h};
}

LabelBox place_button(float w, float h, const Room& first, const Room& second) {
    if (w <= first.x1 - first.x0) return {first.x1 - w, first.y, first.x1, first.y + h};
    const float fitted = std::min(w, second.x1 - second.x0);
    return {second.x1 - fitted, second.y, second.x1, second.y + h};
}

template <class F> void LabelPlacer::cells(const LabelBox& b, F&& f) const {
    const auto cx0 = static_cast<std::int64_t>(std::floor(b.x0 / cell_)), cx1 = static_cast<std::int64_t>(std::floor(b.x1 / cell_));
    const auto cy0 = static_cast<std::int64_t>(std::floor(b.y0 / cell_)), cy1 = static_cast<std::int64_t>(std::floor(b.y1 / cell_));
    for (std::int64_t cy = cy0; cy <= cy1; ++cy)
        for (std::int64_t cx = cx0; cx <= cx1; ++cx) f((cy << 32) ^ (cx & 0xffffffff));
}

void LabelPlacer::clear() {
    boxes_.clear();
    grid_.clear();
}

bool LabelPlacer::free(const LabelBox& box) const {
    bool ok = true;
    cells(box, [&](std::int64_t key) {
        if (!ok) return;
        auto it = grid_.find(key);
        if (it == grid_.end()) return;
        for (std::uint32_t i : it->second)
            if (boxes_[i].intersects(box)) ok = false;
    });
    return ok;
}

void LabelPlacer::insert(const LabelBox& box) {
    const auto i = static_cast<std::uint32_t>(boxes_.size());
    boxes_.push_back(box);
    cells(box, [&](std::int64_t key) { grid_[key].push_back(i); });
}

bool LabelPlacer::place(const LabelBox& box) {
    if (!free(box)) return false;
    insert(box);
    return true;
}

void LabelPlacer::block(const LabelBox& box) { insert(box); }

}  // namespace guichet::ui::map
