#include "ui/settings.hpp"

namespace guichet::ui {

bool valid_text_scale(float scale) {
    for (float s : kTextScales)
        if (s == scale) return true;
    return false;
}

Theme theme_for(const Settings& s) { return s.high_contrast ? high_contrast_theme() : default_theme(); }

}  // namespace guichet::ui
