#include "ui/fonts.hpp"

#include "common/file.hpp"

#include <imgui.h>
#include <imgui_freetype.h>

#include <cmath>

namespace guichet::ui {

namespace {

// Basic Latin + Latin-1 (« » é À Ç …), Latin Extended-A (œ Œ Ÿ), General
// Punctuation (’ — … narrow no-break space), currency (€), arrows (→), ✓.
const ImWchar kFrenchRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2190, 0x21FF, 0x2713, 0x2713, 0,
};

// Font Awesome 4.7's private-use block: the menu's pictograms (ui/icons.hpp).
const ImWchar kIconRanges[] = {0xF000, 0xF2E0, 0};

ImFont* add_font(const std::vector<unsigned char>& ttf, float px, bool oblique, const ImWchar* ranges = kFrenchRanges) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.FontDataOwnedByAtlas = false;  // FontFiles keeps the bytes for the next rebuild
    if (oblique) cfg.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_Oblique;
    // ImGui takes a non-const pointer but does not write through it when it does not own the data.
    void* data = const_cast<unsigned char*>(ttf.data());
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), px, &cfg, ranges);
}

}  // namespace

Result<FontFiles> FontFiles::read(const std::string& font_dir, const std::string& icon_font) {
    const std::string dir = font_dir.empty() ? "/usr/share/fonts/truetype/dejavu" : font_dir;
    FontFiles f;
    for (auto [name, out] : {std::pair{"/DejaVuSans.ttf", &f.regular_}, std::pair{"/DejaVuSans-Bold.ttf", &f.bold_}}) {
        auto bytes = read_file(dir + name, 32 << 20);
        if (!bytes) return fail("font not found: " + dir + name + " (Debian package fonts-dejavu-core): " + bytes.error().message);
        out->assign(bytes->begin(), bytes->end());
    }
    const std::string icons = icon_font.empty() ? "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf" : icon_font;
    if (auto bytes = read_file(icons, 32 << 20)) f.icons_.assign(bytes->begin(), bytes->end());
    return f;
}

Result<Fonts> FontFiles::build(const Metrics& m) const {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    Fonts f;
    f.rasteriser = "FreeType";
    const float base = m.base_font_px();
    f.body = add_font(regular_, base, false);  // first font: ImGui's default
    f.bold = add_font(bold_, base, false);
    f.italic = add_font(regular_, base, true);
    f.h1 = add_font(bold_, std::round(base * 1.6f), false);
    f.h2 = add_font(bold_, std::round(base * 1.3f), false);
    f.small = add_font(regular_, std::round(base * 0.8f), false);
    if (!icons_.empty()) f.icons = add_font(icons_, std::round(base * 1.5f), false, kIconRanges);
    if (!atlas->Build()) return fail("font atlas: FreeType could not build it");
    for (ImFont* font : {f.body, f.bold, f.italic, f.h1, f.h2, f.small}) font->FallbackChar = static_cast<ImWchar>('?');
    return f;
}

}  // namespace guichet::ui
