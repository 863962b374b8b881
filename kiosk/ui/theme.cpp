#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace guichet::ui {

Theme default_theme() {
    Theme t;
    t.name = "défaut";
    t.background = {255, 255, 255};
    t.text = {26, 26, 26};
    t.muted = {84, 84, 84};
    t.link = {0, 61, 153};
    t.header_bg = {0, 45, 110};
    t.header_text = {255, 255, 255};
    t.button_bg = {0, 70, 160};
    t.button_text = {255, 255, 255};
    t.button_pressed = {0, 40, 95};
    t.reset_bg = {150, 30, 30};
    t.reset_text = {255, 255, 255};
    t.status_bg = {235, 235, 235};
    t.status_text = {40, 40, 40};
    t.accent_bg = t.header_bg;
    t.accent_text = t.header_text;
    t.error = {150, 30, 30};
    t.outline = t.muted;
    return t;
}

Theme high_contrast_theme() {
    Theme t;
    t.name = "contraste élevé";
    t.background = {0, 0, 0};
    t.text = {255, 255, 255};
    t.muted = {230, 230, 230};
    t.link = {255, 230, 0};
    t.header_bg = {0, 0, 0};
    t.header_text = {255, 230, 0};
    t.button_bg = {255, 230, 0};  // yellow buttons with black text
    t.button_text = {0, 0, 0};
    t.button_pressed = {255, 255, 255};
    t.reset_bg = {255, 255, 255};
    t.reset_text = {0, 0, 0};
    t.status_bg = {0, 0, 0};
    t.status_text = {255, 255, 255};
    t.accent_bg = {255, 255, 255};  // white on the black keyboard band, where yellow keys are
    t.accent_text = {0, 0, 0};
    t.error = {255, 150, 150};  // light red: 10:1 on black, and not the white of labels
    t.outline = {255, 255, 255};
    return t;
}

std::vector<TextPair> text_pairs(const Theme& t) {
    return {
        {"texte", t.text, t.background},
        {"texte secondaire", t.muted, t.background},
        {"lien", t.link, t.background},
        {"bandeau", t.header_text, t.header_bg},
        {"bouton", t.button_text, t.button_bg},
        {"bouton appuyé", t.button_text, t.button_pressed},
        {"terminer et effacer", t.reset_text, t.reset_bg},
        {"barre d’état", t.status_text, t.status_bg},
        {"message d’erreur d’un champ", t.error, t.background},  // the wizard's validation messages
        {"touche Valider", t.accent_text, t.accent_bg},
        {"texte sur la bande du clavier", t.status_text, t.status_bg},
    };
}

double relative_luminance(Rgb c) {
    auto lin = [](std::uint8_t v) {
        double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
    double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool stands_out(Rgb fill, Rgb around) { return contrast_ratio(fill, around) >= kShapeContrast; }

float Metrics::target_px() const { return std::max(min_target_mm * px_per_mm, 120.0f * text_scale); }
float Metrics::gap_px() const { return std::max(min_gap_mm * px_per_mm, 24.0f); }

}  // namespace guichet::ui
