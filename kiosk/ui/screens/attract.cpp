#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

namespace guichet::ui {

namespace {

// Draws TEXT wrapped to WIDTH with every line centred on CENTER_X; returns the height used.
float centered_lines(ImFont* font, float center_x, float y, float width, const std::string& text, unsigned color) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const char* s = text.c_str();
    const char* end = s + text.size();
    float h = 0;
    while (s < end) {
        const char* brk = font->CalcWordWrapPositionA(1.0f, s, end, width);
        if (brk == s) brk = s + 1;  // a single word wider than the screen: never loop forever
        const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s, brk).x;
        dl->AddText(font, font->FontSize, ImVec2(center_x - w * 0.5f, y + h), color, s, brk);
        h += font->FontSize * 1.25f;
        s = brk;
        while (s < end && *s == ' ') ++s;
    }
    return h;
}

}  // namespace

bool AttractScreen::draw(Ui& ui, const std::string& town) {
    const Theme& t = ui.theme;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float W = vp->Size.x, H = vp->Size.y;
    const float margin = ui.metrics.margin_px();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(W, H), to_u32(t.header_bg));

    const std::string& invite = tr(ui, "attract.invite");
    const std::string& note = tr(ui, "attract.note");
    float y = H * 0.3f;
    y += centered_lines(ui.fonts.h1, W * 0.5f, y, W - 2 * margin, town, to_u32(t.header_text));
    y += margin;
    centered_lines(ui.fonts.body, W * 0.5f, y, W - 2 * margin, note, to_u32(t.header_text));

    // The invitation, in a large button-coloured band across the lower half.
    const float band_h = ui.fonts.h1->FontSize * 4;
    const float by = H * 0.6f;
    dl->AddRectFilled(ImVec2(margin, by), ImVec2(W - margin, by + band_h), to_u32(t.button_bg), 24.0f);
    const float text_h = ui.fonts.h1->FontSize * 1.25f *
                         (ui.fonts.h1->CalcTextSizeA(ui.fonts.h1->FontSize, FLT_MAX, 0, invite.c_str()).x >
                                  W - 4 * margin
                              ? 2.0f
                              : 1.0f);
    centered_lines(ui.fonts.h1, W * 0.5f, by + (band_h - text_h) * 0.5f, W - 4 * margin, invite, to_u32(t.button_text));

    // The whole screen is the button: any touch starts.
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    const bool touched = ImGui::InvisibleButton("##attract", ImVec2(W, H));
    ui.record.texts.push_back(town);
    ui.record.texts.push_back(note);
    ui.record.texts.push_back(invite);
    ui.record.elements.push_back({invite, margin, by, W - margin, by + band_h});
    return touched;
}

}  // namespace guichet::ui
