// A static, packed R-tree (Hilbert-sorted, as Flatbush) built once at pack
// build time and searched in place from the pack entry's bytes: opening it
// checks the structure, searching allocates nothing but a small stack.
//
// Serialised layout (little-endian, no alignment; docs/map-format.md §5):
//   u32 item_count, u16 node_size, u16 level_count,
//   u32 level_end[level_count]          boxes up to each level's end, leaves first
//   box[total] = 4 × f64 (min_x, min_y, max_x, max_y)
//   u32 ref[total]                      leaf: item index; inner: first child box
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "geo/geometry.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace guichet::geo {

inline constexpr std::uint16_t kRTreeNodeSize = 16;

// Packs ITEMS (one box per feature, index = position) into the layout above.
Bytes build_rtree(const std::vector<BBox>& items, std::uint16_t node_size = kRTreeNodeSize);

class RTreeView {
public:
    // Checks sizes, level boundaries and every child reference, so search()
    // can trust them. Does not copy BYTES: they must outlive the view.
    static Result<RTreeView> open(ByteView bytes);

    RTreeView() = default;
    std::uint32_t item_count() const { return item_count_; }
    // Calls VISIT(item index) for every item whose box intersects AREA;
    // stops early when VISIT returns false.
    void search(const BBox& area, const std::function<bool(std::uint32_t)>& visit) const;
    std::vector<std::uint32_t> search(const BBox& area) const;
    BBox item_box(std::uint32_t position) const;  // leaf box at a leaf position (not item index)

private:
    BBox box(std::uint32_t position) const;
    std::uint32_t ref(std::uint32_t position) const;

    ByteView boxes_, refs_;
    std::vector<std::uint32_t> level_end_;
    std::uint32_t item_count_ = 0;
    std::uint16_t node_size_ = 0;
};

}  // namespace guichet::geo
