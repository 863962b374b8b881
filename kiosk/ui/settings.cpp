#include "ui/settings.hpp"

#include <algorithm>

namespace guichet::ui {

bool valid_text_scale(float scale) {
    for (float s : kTextScales)
        if (s == scale) return true;
    return false;
}

Theme theme_for(const Settings& s) { return s.high_contrast ? high_contrast_theme() : default_theme(); }

float min_content_height(const Metrics& m) { return 2 * m.target_px() + 2 * m.margin_px(); }

float layout_header_height(bool low_reach, float band_h, float screen_h, float below, float min_content) {
    if (!low_reach) return band_h;
    return std::max(band_h, std::min(screen_h * kLowReachTopShare, screen_h - below - min_content));
}

}  // namespace guichet::ui
