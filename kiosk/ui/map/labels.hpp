// Map labels that never overlap: greedy placement, most important first.
// Each accepted rectangle is recorded in a coarse grid; a candidate is
// refused when it intersects one already placed (unit-tested).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace guichet::ui::map {

struct LabelBox {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool intersects(const LabelBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// BOX kept within AREA: moved in by the least distance when SHIFT (a zone's
// code near the map's edge), else nothing when it crosses an edge (a parcel
// number belongs where it is); nothing when it is larger than AREA.
std::optional<LabelBox> fit_inside(const LabelBox& box, const LabelBox& area, bool shift);

// A horizontal room for a button: from x0 to x1 at y.
struct Room {
    float x0 = 0, y = 0, x1 = 0;
};
// A button W × H right-aligned in FIRST when it fits there (the map's top,
// right of the legend), else right-aligned in SECOND (its bottom right), as
// wide as it can be there (its text then clipped).
LabelBox place_button(float w, float h, const Room& first, const Room& second);

class LabelPlacer {
public:
    explicit LabelPlacer(float cell = 128.0f) : cell_(cell) {}
    void clear();
    // Places BOX when it overlaps no placed label; returns whether it did.
    bool place(const LabelBox& box);
    // Reserves BOX (buttons, the scale bar) without a test.
    void block(const LabelBox& box);
    std::size_t placed() const { return boxes_.size(); }

private:
    bool free(const LabelBox& box) const;
    void insert(const LabelBox& box);
    template <class F> void cells(const LabelBox& box, F&& f) const;
    float cell_;
    std::vector<LabelBox> boxes_;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid_;
};

}  // namespace guichet::ui::map
