// The menu's pictograms (ui/icons.hpp): every icon name the pack format
// accepts (guichet-pack's list) has a glyph, and the icon font Debian ships
// (fonts-font-awesome, installed by scripts/setup.sh) really contains it.
#include "content_source.hpp"
#include "ui/fonts.hpp"
#include "ui/icons.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

using namespace guichet;

namespace {

// The code point of a one-character UTF-8 string of 3 bytes (U+0800–U+FFFF).
unsigned decode3(const char* s) {
    const auto* u = reinterpret_cast<const unsigned char*>(s);
    REQUIRE(std::string(s).size() == 3);
    return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
}

}  // namespace

TEST_CASE("Every rubrique icon of the pack format has a pictogram in the icon font") {
    ImGui::CreateContext();
    auto files = ui::FontFiles::read();
    REQUIRE_MESSAGE(files, files.error().message);
    REQUIRE_FALSE_MESSAGE(files->icons_missing(), "fonts-font-awesome is not installed (scripts/setup.sh installs it)");
    ui::Metrics metrics;
    auto fonts = files->build(metrics);
    REQUIRE_MESSAGE(fonts, fonts.error().message);
    REQUIRE(fonts->icons != nullptr);
    CHECK(packsrc::menu_icons().size() == 14);  // 13: « factures » (issue #17); 14: « appel » (issue #16)
    for (const char* name : packsrc::menu_icons()) {
        CAPTURE(name);
        const char* glyph = ui::icon_glyph(name);
        REQUIRE(glyph != nullptr);
        const unsigned cp = decode3(glyph);
        CHECK(cp >= 0xF000);
        CHECK(cp < 0xF2E0);
        CHECK(fonts->icons->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
    }
    ImGui::DestroyContext();
}

TEST_CASE("A name the pack format does not define has no pictogram, and a missing icon font is not an error") {
    CHECK(ui::icon_glyph("") == nullptr);
    CHECK(ui::icon_glyph("Maison") == nullptr);
    CHECK(ui::icon_glyph("piscine") == nullptr);
    auto files = ui::FontFiles::read("", "/nonexistent/fontawesome-webfont.ttf");
    REQUIRE_MESSAGE(files, files.error().message);
    CHECK(files->icons_missing());
}
