#include "ui/qr.hpp"

#include <imgui.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

namespace guichet::ui {

void draw_qr(const QrMatrix& m, float side) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const int total = m.size + 8;  // 4-module quiet zone on each side
    const float module = std::floor(side / static_cast<float>(total));
    const float drawn = module * static_cast<float>(total);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Always dark on white, whatever the theme: scanners expect it.
    dl->AddRectFilled(p, ImVec2(p.x + drawn, p.y + drawn), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < m.size; ++y) {
        for (int x = 0; x < m.size; ++x) {
            if (!m.at(x, y)) continue;
            const float x0 = p.x + module * static_cast<float>(x + 4), y0 = p.y + module * static_cast<float>(y + 4);
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + module, y0 + module), IM_COL32(0, 0, 0, 255));
        }
    }
    ImGui::Dummy(ImVec2(drawn, drawn));
}

}  // namespace guichet::ui
