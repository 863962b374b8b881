#include "ui/screens/screens.hpp"
#include "ui/strings.hpp"

#include <imgui.h>

#include <algorithm>

namespace guichet::ui {

namespace {

const char* kCheck = "\xE2\x9C\x93 ";  // ✓, marks the current choice besides the colour

struct Choice {
    std::string label;
    bool current;
};

// The choices of one setting side by side, in as many rows as their labels
// need at the current text size (so ×2 reflows instead of overflowing).
// Returns the index tapped, or -1.
int choice_row(Ui& ui, const std::vector<Choice>& choices) {
    const float gap = ui.metrics.gap_px();
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = 2 * 28.0f * ui.metrics.text_scale;
    ImFont* f = ui.fonts.bold;
    std::vector<std::string> labels;
    std::vector<float> natural;
    for (const Choice& c : choices) {
        labels.push_back(c.current ? kCheck + c.label : c.label);
        natural.push_back(f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, labels.back().c_str()).x + pad);
    }
    // Rows: as many choices as fit; then each row's spare width shared equally.
    int tapped = -1;
    std::size_t i = 0;
    while (i < choices.size()) {
        std::size_t end = i;
        float used = 0;
        while (end < choices.size() && (end == i || used + gap + natural[end] <= width)) {
            used += (end == i ? 0 : gap) + natural[end];
            ++end;
        }
        const float extra = (width - used) / static_cast<float>(end - i);
        for (std::size_t k = i; k < end; ++k) {
            if (k > i) ImGui::SameLine(0, gap);
            const bool cur = choices[k].current;
            const float w = std::min(width, natural[k] + extra);
            const std::size_t before = ui.record.elements.size();
            if (big_button(ui, labels[k], "", w, cur ? ui.theme.text : ui.theme.button_bg,
                           cur ? ui.theme.background : ui.theme.button_text, true)) {
                tapped = static_cast<int>(k);
            }
            if (ui.record.elements.size() > before) ui.record.elements.back().checked = cur ? 1 : 0;  // speech: « option »
        }
        ImGui::Dummy(ImVec2(1, gap * 0.5f));
        i = end;
    }
    return tapped;
}

void section(Ui& ui, const std::string& title, const std::string& explanation) {
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    text(ui, title, ui.fonts.h2, ui.theme.text);
    if (!explanation.empty()) text(ui, explanation, ui.fonts.body, ui.theme.muted);
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.3f));
}

}  // namespace

void SettingsScreen::draw(Ui& ui, Settings& s, Nav& nav) {
    text(ui, tr(ui, "settings.title"), ui.fonts.h1, ui.theme.text);
    text(ui, tr(ui, "settings.note"), ui.fonts.body,
         ui.theme.muted);

    section(ui, tr(ui, "settings.contrast"), "");
    switch (choice_row(ui, {{tr(ui, "settings.contrast_normal"), !s.high_contrast}, {tr(ui, "settings.contrast_high"), s.high_contrast}})) {
        case 0: s.high_contrast = false; break;
        case 1: s.high_contrast = true; break;
        default: break;
    }

    section(ui, tr(ui, "settings.text_size"), "");
    const float scales[] = {1.0f, 1.5f, 2.0f};
    const int size = choice_row(ui, {{tr(ui, "settings.size_normal"), s.text_scale == scales[0]},
                                     {tr(ui, "settings.size_large"), s.text_scale == scales[1]},
                                     {tr(ui, "settings.size_xlarge"), s.text_scale == scales[2]}});
    if (size >= 0) s.text_scale = scales[size];

    section(ui, tr(ui, "settings.reach"), tr(ui, "settings.reach_note"));
    switch (choice_row(ui, {{tr(ui, "settings.reach_usual"), !s.low_reach}, {tr(ui, "settings.reach_low"), s.low_reach}})) {
        case 0: s.low_reach = false; break;
        case 1: s.low_reach = true; break;
        default: break;
    }

    section(ui, tr(ui, "settings.speech"), tr(ui, "settings.speech_note"));
    switch (choice_row(ui, {{tr(ui, "settings.speech_off"), !s.speech}, {tr(ui, "settings.speech_on"), s.speech}})) {
        case 0: s.speech = s.non_visual = false; break;
        case 1: s.speech = true; break;
        default: break;
    }
    if (s.speech) {
        section(ui, tr(ui, "settings.speech_rate"), "");
        const int rate = choice_row(ui, {{tr(ui, "settings.rate_slow"), s.speech_rate == 0},
                                         {tr(ui, "settings.rate_normal"), s.speech_rate == 1},
                                         {tr(ui, "settings.rate_fast"), s.speech_rate == 2}});
        if (rate >= 0) s.speech_rate = rate;
        section(ui, tr(ui, "settings.speech_volume"), "");
        const int volume = choice_row(ui, {{tr(ui, "settings.volume_low"), s.speech_volume == 0},
                                           {tr(ui, "settings.volume_medium"), s.speech_volume == 1},
                                           {tr(ui, "settings.volume_high"), s.speech_volume == 2}});
        if (volume >= 0) s.speech_volume = volume;
    }

    // Staff: a PIN pad follows; residents who tap it by mistake just go back.
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
    if (big_button(ui, tr(ui, "settings.staff"), tr(ui, "settings.staff_note"), 0, ui.theme.status_bg,
                   ui.theme.status_text, true)) {
        nav = {Nav::Staff, {}};
    }
}

}  // namespace guichet::ui
