// Pictures in pages: the Markdown model, path resolution, and the framed
// fallback when a picture is missing (no GL here, as for an undecodable one).
#include "ui/content.hpp"
#include "ui/pictures.hpp"
#include "ui/widgets.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>

using namespace guichet::ui;

TEST_CASE("markdown: a picture is its own block, its alt text in the spans") {
    Doc d = parse_markdown("Avant ![Plan du tri](../../media/tri.jpg) après.\n\n![](../../media/vide.jpg)\n");
    REQUIRE(d.blocks.size() == 4);
    CHECK(d.blocks[0].plain_text() == "Avant ");
    CHECK(d.blocks[1].kind == BlockKind::Image);
    CHECK(d.blocks[1].src == "../../media/tri.jpg");
    CHECK(d.blocks[1].plain_text() == "Plan du tri");
    CHECK(d.blocks[2].plain_text() == " après.");
    CHECK(d.blocks[3].kind == BlockKind::Image);  // kept even without alt text
    CHECK(d.blocks[3].plain_text().empty());
}

TEST_CASE("pictures resolve from the page's folder and must be under media/") {
    CHECK(resolve_picture("pages/vie-pratique/dechets.md", "../../media/tri.jpg") == "media/tri.jpg");
    CHECK(resolve_picture("pages/accueil.md", "../media/a/b.png") == "media/a/b.png");
    CHECK(resolve_picture("pages/accueil.md", "/media/c.webp") == "media/c.webp");
    CHECK(resolve_picture("pages/accueil.md", "../pack.json").empty());
    CHECK(resolve_picture("pages/accueil.md", "../../../etc/passwd").empty());
    CHECK(resolve_picture("pages/accueil.md", "https://exemple.fr/a.jpg").empty());
    CHECK(resolve_picture("pages/accueil.md", "").empty());
}

TEST_CASE("a missing picture shows its alt text in a frame, recorded for replays") {
    IMGUI_CHECKVERSION();
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a test writes no imgui.ini into the working directory
    io.DisplaySize = ImVec2(1080, 1920);
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

    Ui ui;
    ui.fonts.body = ui.fonts.bold = ui.fonts.italic = ui.fonts.h1 = ui.fonts.h2 = ui.fonts.small = io.Fonts->Fonts[0];
    auto content = std::make_shared<Content>();
    ui.pictures.adopt(content);  // nothing to upload, no GL context: no crash
    CHECK(ui.pictures.find("media/absent.jpg") == nullptr);

    Block b;
    b.kind = BlockKind::Image;
    b.src = "media/absent.jpg";
    Span alt;
    alt.text = "Plan de la déchetterie";
    b.spans.push_back(alt);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("page");
    const float y0 = ImGui::GetCursorPosY();
    draw_picture(ui, b);
    CHECK(ImGui::GetCursorPosY() > y0);  // the frame takes room in the flow
    ImGui::End();
    ImGui::Render();
    const auto& texts = ui.record.texts;
    CHECK(std::find(texts.begin(), texts.end(), "Image indisponible\xC2\xA0: Plan de la déchetterie") != texts.end());
    ui.pictures.adopt(nullptr);
    ImGui::DestroyContext(ctx);
}
