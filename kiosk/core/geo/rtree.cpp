#include "geo/rtree.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace guichet::geo {

namespace {

constexpr std::size_t kBoxBytes = 32;

// Position along a Hilbert curve of order 16 (Warren, Hacker's Delight).
std::uint32_t hilbert(std::uint32_t x, std::uint32_t y) {
    std::uint32_t d = 0;
    for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
        std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) x = s - 1 - x, y = s - 1 - y;
            x &= s - 1, y &= s - 1;
            std::swap(x, y);
        } else {
            x &= s - 1, y &= s - 1;
        }
    }
    return d;
}

void put_f64(std::uint8_t* p, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    store_le64(p, bits);
}

double get_f64(const std::uint8_t* p) {
    std::uint64_t bits = load_le64(p);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

}  // namespace

Bytes build_rtree(const std::vector<BBox>& items, std::uint16_t node_size) {
    BBox extent;
    for (const auto& b : items) extent.extend(b);
    std::vector<std::uint32_t> order(items.size());
    std::iota(order.begin(), order.end(), 0u);
    if (!items.empty()) {
        double w = std::max(extent.max_x - extent.min_x, 1e-9), h = std::max(extent.max_y - extent.min_y, 1e-9);
        std::vector<std::uint32_t> key(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            Point c = items[i].center();
            auto scale = [](double f) { return static_cast<std::uint32_t>(std::clamp(f, 0.0, 1.0) * 65535); };
            key[i] = hilbert(scale((c.x - extent.min_x) / w), scale((c.y - extent.min_y) / h));
        }
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
    }

    std::vector<BBox> boxes;
    std::vector<std::uint32_t> refs;
    std::vector<std::uint32_t> level_end;
    for (auto i : order) boxes.push_back(items[i]), refs.push_back(i);
    level_end.push_back(static_cast<std::uint32_t>(boxes.size()));
    std::size_t level_start = 0;
    // Each level groups NODE_SIZE consecutive boxes of the one below, until one root remains.
    while (boxes.size() - level_start > 1) {
        std::size_t level_stop = boxes.size();
        for (std::size_t first = level_start; first < level_stop; first += node_size) {
            BBox parent;
            for (std::size_t k = first; k < std::min(first + node_size, level_stop); ++k) parent.extend(boxes[k]);
            boxes.push_back(parent);
            refs.push_back(static_cast<std::uint32_t>(first));
        }
        level_start = level_stop;
        level_end.push_back(static_cast<std::uint32_t>(boxes.size()));
    }

    Bytes out;
    ByteWriter w(out);
    w.u32(static_cast<std::uint32_t>(items.size()));
    w.u16(node_size);
    w.u16(static_cast<std::uint16_t>(level_end.size()));
    for (auto e : level_end) w.u32(e);
    std::size_t at = out.size();
    out.resize(at + boxes.size() * kBoxBytes);
    for (const auto& b : boxes) {
        put_f64(&out[at], b.min_x), put_f64(&out[at + 8], b.min_y);
        put_f64(&out[at + 16], b.max_x), put_f64(&out[at + 24], b.max_y);
        at += kBoxBytes;
    }
    for (auto r : refs) w.u32(r);
    return out;
}

Result<RTreeView> RTreeView::open(ByteView bytes) {
    if (bytes.size() < 8) return fail("spatial index: truncated header");
    RTreeView v;
    v.item_count_ = load_le32(bytes.data());
    v.node_size_ = load_le16(bytes.data() + 4);
    std::uint16_t levels = load_le16(bytes.data() + 6);
    if (v.node_size_ < 2) return fail("spatial index: node size " + std::to_string(v.node_size_) + " is below 2");
    if (levels == 0 || levels > 32) return fail("spatial index: " + std::to_string(levels) + " levels is out of range (1-32)");
    if (bytes.size() < 8 + 4ull * levels) return fail("spatial index: truncated level table");
    std::uint64_t previous = 0;
    for (std::uint16_t l = 0; l < levels; ++l) {
        std::uint32_t end = load_le32(bytes.data() + 8 + 4 * l);
        if (end < previous || (l > 0 && end == previous)) return fail("spatial index: level table is not increasing");
        v.level_end_.push_back(end);
        previous = end;
    }
    if (v.level_end_[0] != v.item_count_) return fail("spatial index: first level does not hold exactly the items");
    // Each level must be exactly the packing of the one below, ending in one root.
    for (std::uint16_t l = 1; l < levels; ++l) {
        std::uint32_t below = v.level_end_[l - 1] - (l >= 2 ? v.level_end_[l - 2] : 0);
        std::uint32_t here = v.level_end_[l] - v.level_end_[l - 1];
        if (here != (below + v.node_size_ - 1) / v.node_size_)
            return fail("spatial index: level " + std::to_string(l) + " has " + std::to_string(here) +
                        " nodes, not the packing of the level below");
    }
    std::uint32_t top_count = v.level_end_.back() - (levels >= 2 ? v.level_end_[levels - 2] : 0);
    if (top_count > 1) return fail("spatial index: the top level is not a single root");
    std::uint64_t total = previous;
    std::uint64_t need = 8 + 4ull * levels + total * (kBoxBytes + 4);
    if (bytes.size() != need)
        return fail("spatial index: " + std::to_string(bytes.size()) + " bytes where its tables need " + std::to_string(need));
    std::size_t boxes_at = 8 + 4ull * levels;
    v.boxes_ = bytes.subspan(boxes_at, total * kBoxBytes);
    v.refs_ = bytes.subspan(boxes_at + total * kBoxBytes, total * 4);
    for (std::uint32_t pos = 0; pos < v.level_end_[0]; ++pos)
        if (v.ref(pos) >= v.item_count_)
            return fail("spatial index: leaf " + std::to_string(pos) + " names item " + std::to_string(v.ref(pos)) +
                        " beyond the item count");
    for (std::uint16_t l = 1; l < levels; ++l) {
        std::uint32_t child_start = l >= 2 ? v.level_end_[l - 2] : 0;
        for (std::uint32_t pos = v.level_end_[l - 1], k = 0; pos < v.level_end_[l]; ++pos, ++k)
            if (v.ref(pos) != child_start + k * v.node_size_)
                return fail("spatial index: node " + std::to_string(pos) + " does not point at its children");
    }
    return v;
}

BBox RTreeView::box(std::uint32_t position) const {
    const std::uint8_t* p = boxes_.data() + std::size_t{position} * kBoxBytes;
    BBox b;
    b.min_x = get_f64(p), b.min_y = get_f64(p + 8), b.max_x = get_f64(p + 16), b.max_y = get_f64(p + 24);
    return b;
}

BBox RTreeView::item_box(std::uint32_t position) const { return box(position); }

std::uint32_t RTreeView::ref(std::uint32_t position) const { return load_le32(refs_.data() + std::size_t{position} * 4); }

void RTreeView::search(const BBox& area, const std::function<bool(std::uint32_t)>& visit) const {
    if (item_count_ == 0) return;
    struct Pending {
        std::uint32_t position;
        std::uint32_t level;
    };
    std::vector<Pending> stack;
    auto top = static_cast<std::uint32_t>(level_end_.size() - 1);
    stack.push_back({level_end_[top] - 1, top});  // the root is the last box
    while (!stack.empty()) {
        Pending node = stack.back();
        stack.pop_back();
        if (!box(node.position).intersects(area)) continue;
        if (node.level == 0) {
            if (!visit(ref(node.position))) return;
            continue;
        }
        std::uint32_t first = ref(node.position);
        std::uint32_t stop = std::min<std::uint32_t>(first + node_size_, level_end_[node.level - 1]);
        for (std::uint32_t child = first; child < stop; ++child) stack.push_back({child, node.level - 1});
    }
}

std::vector<std::uint32_t> RTreeView::search(const BBox& area) const {
    std::vector<std::uint32_t> out;
    search(area, [&](std::uint32_t i) {
        out.push_back(i);
        return true;
    });
    return out;
}

}  // namespace guichet::geo
