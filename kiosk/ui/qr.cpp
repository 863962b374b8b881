#include "ui/qr.hpp"

#include <imgui.h>
#include <qrencode.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

namespace guichet::ui {

namespace {
struct QrFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};
}  // namespace

Result<QrMatrix> encode_qr(const std::string& text) {
    errno = 0;
    std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) return fail("QR encoding of " + std::to_string(text.size()) + " bytes failed: " + std::strerror(errno));
    QrMatrix m;
    m.size = code->width;
    m.dark.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
    for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;  // bit 0: dark module
    return m;
}

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
