// The kiosk's fonts: DejaVu Sans read once at start, the atlas rebuilt from
// memory whenever the text size changes (×1, ×1.5, ×2), so that FreeType
// rasterises every size natively (crisp, no scaling of bitmaps) and the UI
// thread reads no file during a session.
#pragma once

#include "common/result.hpp"
#include "ui/widgets.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

class FontFiles {
public:
    // Reads DejaVuSans.ttf and DejaVuSans-Bold.ttf from DIR ("" for Debian's
    // /usr/share/fonts/truetype/dejavu), and the menu's pictograms from
    // ICON_FONT ("" for Debian's fonts-font-awesome); without the latter the
    // menu shows no pictograms (icons_missing() says so). Start-up only.
    static Result<FontFiles> read(const std::string& dir = "", const std::string& icon_font = "");
    bool icons_missing() const { return icons_.empty(); }
    // Rebuilds ImGui's font atlas for METRICS' text scale (the caller then
    // re-uploads the texture: platform::Platform::reload_font_texture).
    Result<Fonts> build(const Metrics& metrics) const;

private:
    std::vector<unsigned char> regular_, bold_, icons_;
};

}  // namespace guichet::ui
