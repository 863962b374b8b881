// Colours and sizes. Every text/background pair a theme uses is listed by
// text_pairs() so that a test can check its contrast (WCAG 2: ≥ 4.5:1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace guichet::ui {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

struct Theme {
    std::string name;
    Rgb background, text, muted;            // page
    Rgb link;                               // links in page text, on background
    Rgb header_bg, header_text;             // top band
    Rgb button_bg, button_text, button_pressed;
    Rgb reset_bg, reset_text;               // "Terminer et effacer"
    Rgb status_bg, status_text;             // bottom status bar
    Rgb accent_bg, accent_text;             // the keyboard's « Valider »: stands out on the keyboard's band
    Rgb error;                              // validation messages, on background: never the labels' colour
    Rgb outline;                            // drawn round a control whose fill does not stand out (< 3:1)
};

Theme default_theme();        // every text pair ≥ 4.5:1 (WCAG AA)
Theme high_contrast_theme();  // every text pair ≥ 7:1 (WCAG AAA): light text on black

struct TextPair {
    std::string what;
    Rgb fg, bg;
};
std::vector<TextPair> text_pairs(const Theme& t);

double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);  // ≥ 1, symmetric
// WCAG 2.1 § 1.4.11: a control's shape must stand out from what is around it by 3:1.
constexpr double kShapeContrast = 3.0;
bool stands_out(Rgb fill, Rgb around);

// Physical sizes: the configured screen density turns millimetres into pixels.
struct Metrics {
    float px_per_mm = 3.6f;   // 24" 1080×1920 portrait panel ≈ 3.6 px/mm
    float text_scale = 1.0f;  // ×1 (×1.5, ×2 later)
    float min_target_mm = 9.0f;
    float min_gap_mm = 2.5f;

    float base_font_px() const { return 32.0f * text_scale; }
    // Touch targets: at least 9 mm, and never smaller than the comfortable
    // 120 px×scale used on the reference panel.
    float target_px() const;
    float gap_px() const;
    // Between targets of one group (keys, a question's option rows): 2.5 mm.
    float tight_gap_px() const { return min_gap_mm * px_per_mm; }
    float margin_px() const { return 40.0f; }
};

}  // namespace guichet::ui
