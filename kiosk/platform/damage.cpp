#include "platform/damage.hpp"

#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace guichet::platform {

namespace {

// A fast 64-bit hash of a stream of words: accidental collisions only matter
// (the input is our own draw data), so a multiply–rotate mix with a
// splitmix64 finish is enough.
struct Hash64 {
    std::uint64_t h = 0x243F6A8885A308D3ull;
    void add(std::uint64_t v) {
        h ^= v * 0x9E3779B97F4A7C15ull;
        h = ((h << 27) | (h >> 37)) * 0xBF58476D1CE4E5B9ull + 0x94D049BB133111EBull;
    }
    void add_float(float f) {
        std::uint32_t u = 0;
        std::memcpy(&u, &f, sizeof u);
        add(u);
    }
    std::uint64_t done() const {
        std::uint64_t z = h;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

// Callbacks other than ImGui's state reset never match: a fresh hash each time.
std::atomic<std::uint64_t> g_callback_serial{0};

}  // namespace

void PixelRect::unite(const PixelRect& r) {
    if (r.empty()) return;
    if (empty()) {
        *this = r;
        return;
    }
    x0 = std::min(x0, r.x0), y0 = std::min(y0, r.y0);
    x1 = std::max(x1, r.x1), y1 = std::max(y1, r.y1);
}

std::vector<DrawItem> collect_draw_items(const ImDrawData& dd,
                                         const std::function<std::uint64_t(void*)>& texture_generation) {
    std::vector<DrawItem> items;
    const ImVec2 pos = dd.DisplayPos, scale = dd.FramebufferScale;
    const float fb_w = dd.DisplaySize.x * scale.x, fb_h = dd.DisplaySize.y * scale.y;
    // Display coordinates to framebuffer pixels, rounded outwards, one pixel
    // of margin for rasterisation rules, clamped to the framebuffer.
    auto to_pixels = [&](float x0, float y0, float x1, float y1) {
        PixelRect r;
        r.x0 = static_cast<int>(std::floor(std::max(0.0f, (x0 - pos.x) * scale.x - 1)));
        r.y0 = static_cast<int>(std::floor(std::max(0.0f, (y0 - pos.y) * scale.y - 1)));
        r.x1 = static_cast<int>(std::ceil(std::min(fb_w, (x1 - pos.x) * scale.x + 1)));
        r.y1 = static_cast<int>(std::ceil(std::min(fb_h, (y1 - pos.y) * scale.y + 1)));
        return r;
    };
    for (int n = 0; n < dd.CmdListsCount; ++n) {
        const ImDrawList* list = dd.CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            const ImVec4 clip = cmd.ClipRect;
            DrawItem item;
            if (cmd.UserCallback != nullptr) {
                Hash64 h;
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    h.add(1);  // draws nothing; the same every frame
                } else {
                    h.add(g_callback_serial.fetch_add(1) + 2);
                    item.rect = to_pixels(clip.x, clip.y, clip.z, clip.w);
                }
                item.hash = h.done();
                items.push_back(item);
                continue;
            }
            if (cmd.ElemCount == 0) continue;
            Hash64 h;
            h.add(reinterpret_cast<std::uintptr_t>(cmd.TextureId));
            h.add(texture_generation ? texture_generation(cmd.TextureId) : 0);
            for (float c : {clip.x, clip.y, clip.z, clip.w}) h.add_float(c);
            float min_x = clip.z, min_y = clip.w, max_x = clip.x, max_y = clip.y;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                const ImDrawVert& v = vtx[idx[i]];
                std::uint64_t pos_bits = 0, uv_bits = 0;
                std::memcpy(&pos_bits, &v.pos, sizeof pos_bits);
                std::memcpy(&uv_bits, &v.uv, sizeof uv_bits);
                h.add(pos_bits);
                h.add(uv_bits ^ (static_cast<std::uint64_t>(v.col) << 1));
                min_x = std::min(min_x, v.pos.x), max_x = std::max(max_x, v.pos.x);
                min_y = std::min(min_y, v.pos.y), max_y = std::max(max_y, v.pos.y);
            }
            item.hash = h.done();
            item.rect = to_pixels(std::max(min_x, clip.x), std::max(min_y, clip.y), std::min(max_x, clip.z),
                                  std::min(max_y, clip.w));
            items.push_back(item);
        }
    }
    return items;
}

PixelRect DamageTracker::update(std::vector<DrawItem> items, int width, int height, bool full) {
    const PixelRect whole{0, 0, width, height};
    if (full || !have_last_ || width != width_ || height != height_) {
        last_ = std::move(items);
        width_ = width, height_ = height;
        have_last_ = true;
        return whole;
    }
    // Match the new items to the last frame's in order (greedy, monotone):
    // an old item skipped over, a new item without a match, both damage.
    struct Positions {
        std::vector<std::uint32_t> at;
        std::size_t next = 0;
    };
    std::unordered_map<std::uint64_t, Positions> old_at;
    old_at.reserve(last_.size());
    for (std::uint32_t i = 0; i < last_.size(); ++i) old_at[last_[i].hash].at.push_back(i);
    PixelRect damage;
    std::size_t old_next = 0;
    for (const DrawItem& item : items) {
        auto it = old_at.find(item.hash);
        if (it != old_at.end()) {
            Positions& p = it->second;
            while (p.next < p.at.size() && p.at[p.next] < old_next) ++p.next;
            if (p.next < p.at.size()) {
                const std::size_t match = p.at[p.next++];
                for (std::size_t k = old_next; k < match; ++k) damage.unite(last_[k].rect);
                old_next = match + 1;
                continue;
            }
        }
        damage.unite(item.rect);
    }
    for (std::size_t k = old_next; k < last_.size(); ++k) damage.unite(last_[k].rect);
    last_ = std::move(items);
    damage.x0 = std::max(damage.x0, 0), damage.y0 = std::max(damage.y0, 0);
    damage.x1 = std::min(damage.x1, width), damage.y1 = std::min(damage.y1, height);
    return damage.empty() ? PixelRect{} : damage;
}

}  // namespace guichet::platform
