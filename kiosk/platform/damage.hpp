// Partial redraw: which pixels of a frame can differ from the last frame drawn.
//
// llvmpipe's cost is pixels (docs/benchmarks.md), and most frames change a
// small part of the screen: while the map pans, only the map. Each frame's
// ImGui draw data becomes a list of items — one per draw command, with the
// pixels it covers and a hash of everything its pixels depend on (vertices,
// texture and the texture's content generation, clip rectangle). Matching it
// against the last drawn frame's list, in order, gives the damage: the
// rectangle covering every item that is new, gone or changed. Outside it, the
// same items cover the same pixels in the same order, so the pixels kept from
// the last frame are exactly what a full redraw would give.
// Callbacks draw what their data says, which the hash cannot see: they always
// damage their clip rectangle (ImGui's "reset render state" excepted).
// No GL here (unit-tested); Platform::render() applies the rectangle.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

struct ImDrawData;

namespace guichet::platform {

// Framebuffer pixels, top-left origin, [x0, x1) × [y0, y1).
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
    void unite(const PixelRect& r);
    bool operator==(const PixelRect&) const = default;
};

struct DrawItem {
    PixelRect rect;          // the pixels it may touch (empty: none, e.g. a state change)
    std::uint64_t hash = 0;  // equal hashes: the same pixels
};

// The draw data's commands as items, in drawing order. TEXTURE_GENERATION
// gives a texture's content generation (0 for textures that never change,
// such as the font atlas): a texture updated in place damages where it is drawn.
std::vector<DrawItem> collect_draw_items(const ImDrawData& dd,
                                         const std::function<std::uint64_t(void*)>& texture_generation);

class DamageTracker {
public:
    // ITEMS are the frame about to be drawn into a back buffer that still
    // holds the last frame given here. Returns the rectangle to redraw: empty
    // when nothing changed, the whole WIDTH×HEIGHT on the first frame, after a
    // size change or when FULL (the caller knows the buffer was not kept, a
    // font or the clear colour changed).
    PixelRect update(std::vector<DrawItem> items, int width, int height, bool full);

private:
    std::vector<DrawItem> last_;
    int width_ = 0, height_ = 0;
    bool have_last_ = false;
};

}  // namespace guichet::platform
