// Partial redraw (platform/damage.hpp): the damage between two frames of
// ImGui draw data, without GL. The pixel-level check that a partly redrawn
// frame equals a full redraw is the replay "partial redraw" (compare_redraw.sh).
#include "platform/damage.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>

using guichet::platform::collect_draw_items;
using guichet::platform::DamageTracker;
using guichet::platform::DrawItem;
using guichet::platform::PixelRect;

namespace {

// An ImGui context of 800×600 with the default font, for building frames.
struct ImGuiFrames {
    ImGuiFrames() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800, 600);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(1)));
    }
    ~ImGuiFrames() { ImGui::DestroyContext(); }

    // One frame: a fixed window of text at (20, 20), a second one at (X, 300)
    // and, when IMAGE, an image of texture 7 at (500, 40) in the first.
    std::vector<DrawItem> frame(float x, bool image, const std::map<void*, std::uint64_t>& generations = {},
                                ImDrawCallback callback = nullptr) {
        ImGui::NewFrame();
        const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
        ImGui::SetNextWindowPos(ImVec2(20, 20));
        ImGui::SetNextWindowSize(ImVec2(400, 200));
        ImGui::Begin("fixed", nullptr, fixed);
        ImGui::TextUnformatted("Mairie d'Anor");
        if (callback != nullptr) ImGui::GetWindowDrawList()->AddCallback(callback, nullptr);
        ImGui::End();
        if (image) {
            ImGui::SetNextWindowPos(ImVec2(500, 40));
            ImGui::SetNextWindowSize(ImVec2(120, 120));
            ImGui::Begin("picture", nullptr, fixed);
            ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(7)), ImVec2(64, 64));
            ImGui::End();
        }
        ImGui::SetNextWindowPos(ImVec2(x, 300));
        ImGui::SetNextWindowSize(ImVec2(200, 100));
        ImGui::Begin("moving", nullptr, fixed);
        ImGui::TextUnformatted("Suivant");
        ImGui::End();
        ImGui::Render();
        return collect_draw_items(*ImGui::GetDrawData(), [&](void* id) {
            auto it = generations.find(id);
            return it == generations.end() ? std::uint64_t{0} : it->second;
        });
    }
};

bool contains(const PixelRect& outer, const PixelRect& inner) {
    return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}

}  // namespace

TEST_CASE("damage: the first frame, a size change and a forced frame redraw everything") {
    DamageTracker t;
    const std::vector<DrawItem> items{{{10, 10, 20, 20}, 1}};
    CHECK(t.update(items, 800, 600, false) == PixelRect{0, 0, 800, 600});
    CHECK(t.update(items, 800, 600, false).empty());
    CHECK(t.update(items, 600, 800, false) == PixelRect{0, 0, 600, 800});
    CHECK(t.update(items, 600, 800, true) == PixelRect{0, 0, 600, 800});
}

TEST_CASE("damage: an item inserted, removed or changed damages only its pixels, old and new") {
    DamageTracker t;
    const DrawItem a{{0, 0, 100, 50}, 11}, b{{0, 60, 100, 110}, 22}, c{{0, 120, 100, 170}, 33};
    t.update({a, b, c}, 800, 600, false);
    SUBCASE("inserted in the middle: the items after it still match") {
        const DrawItem x{{300, 300, 310, 310}, 44};
        CHECK(t.update({a, x, b, c}, 800, 600, false) == x.rect);
    }
    SUBCASE("removed") { CHECK(t.update({a, c}, 800, 600, false) == b.rect); }
    SUBCASE("moved: both places") {
        const DrawItem moved{{400, 60, 500, 110}, 55};
        CHECK(t.update({a, moved, c}, 800, 600, false) == PixelRect{0, 60, 500, 110});
    }
    SUBCASE("two items swapped: drawing order matters, one of them is redrawn") {
        const PixelRect d = t.update({a, c, b}, 800, 600, false);
        CHECK_FALSE(d.empty());
        CHECK((d == b.rect || d == c.rect));
    }
}

TEST_CASE("damage: from ImGui draw data") {
    ImGuiFrames g;
    DamageTracker t;
    CHECK(t.update(g.frame(100, true), 800, 600, false) == PixelRect{0, 0, 800, 600});

    SUBCASE("the same frame again: nothing to redraw") { CHECK(t.update(g.frame(100, true), 800, 600, false).empty()); }
    SUBCASE("a window moved: its old and new places, not the fixed window") {
        const PixelRect d = t.update(g.frame(160, true), 800, 600, false);
        CHECK(contains(d, PixelRect{100, 300, 360, 400}));
        CHECK(d.y0 >= 290);  // the fixed window (20–220) and the picture (40–160) are above
        CHECK(d.y1 <= 410);
    }
    SUBCASE("a texture changed in place (a video frame): where it is drawn") {
        void* seven = reinterpret_cast<void*>(static_cast<std::uintptr_t>(7));
        const PixelRect d = t.update(g.frame(100, true, {{seven, 2}}), 800, 600, false);
        CHECK_FALSE(d.empty());
        CHECK(contains(PixelRect{490, 30, 630, 170}, d));
    }
    SUBCASE("a callback draws what the hash cannot see: it damages its clip rectangle every frame") {
        ImDrawCallback draw_something = [](const ImDrawList*, const ImDrawCmd*) {};
        t.update(g.frame(100, true, {}, draw_something), 800, 600, false);
        const PixelRect d = t.update(g.frame(100, true, {}, draw_something), 800, 600, false);
        CHECK_FALSE(d.empty());
        CHECK(contains(PixelRect{0, 0, 440, 240}, d));  // the fixed window's clip rectangle, with a pixel of margin
    }
    SUBCASE("ImGui's render-state reset draws nothing and changes nothing") {
        t.update(g.frame(100, true, {}, ImDrawCallback_ResetRenderState), 800, 600, false);
        CHECK(t.update(g.frame(100, true, {}, ImDrawCallback_ResetRenderState), 800, 600, false).empty());
    }
}
