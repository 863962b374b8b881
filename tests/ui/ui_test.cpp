#include "ui/content.hpp"
#include "ui/markdown.hpp"
#include "ui/replay.hpp"
#include "ui/theme.hpp"

#include <doctest/doctest.h>

using namespace guichet::ui;

TEST_CASE("every text/background pair of the default theme has contrast of at least 4.5:1") {
    for (const TextPair& p : text_pairs(default_theme())) {
        INFO(p.what);
        CHECK(contrast_ratio(p.fg, p.bg) >= 4.5);
    }
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
}

TEST_CASE("every text/background pair of the high-contrast theme has contrast of at least 7:1") {
    for (const TextPair& p : text_pairs(high_contrast_theme())) {
        INFO(p.what << ": " << contrast_ratio(p.fg, p.bg));
        CHECK(contrast_ratio(p.fg, p.bg) >= 7.0);
    }
}

TEST_CASE("touch targets are at least 9 mm with gaps of 2.5 mm at any density") {
    for (float d : {3.6f, 6.0f, 15.0f}) {
        Metrics m;
        m.px_per_mm = d;
        CHECK(m.target_px() >= 9.0f * d);
        CHECK(m.gap_px() >= 2.5f * d);
    }
}

TEST_CASE("replay scripts parse, and errors name the line") {
    auto ok = parse_replay("replay 1\n# comment\ntap 540 960\ntap \"Démarches\"\ndrag 1 2 3 4\n"
                           "type bonjour à tous\nkey Escape\nwait 500\nshot home\nexpect \"Pièces à joindre\"\nquit\n");
    REQUIRE(ok);
    REQUIRE(ok->size() == 9);
    CHECK((*ok)[0].kind == ReplayCommand::Tap);
    CHECK((*ok)[1].kind == ReplayCommand::TapLabel);
    CHECK((*ok)[1].arg == "Démarches");
    CHECK((*ok)[3].arg == "bonjour à tous");
    CHECK((*ok)[5].ms == 500);
    CHECK((*ok)[7].arg == "Pièces à joindre");
    auto bad = parse_replay("tap 1\n");
    REQUIRE(!bad);
    CHECK(bad.error().message.find("line 1") != std::string::npos);
    CHECK(!parse_replay("replay 2\n"));
    CHECK(!parse_replay("shot ../escape\n"));
    CHECK(!parse_replay("frobnicate\n"));
}

TEST_CASE("replay matching reads no-break and narrow no-break spaces as plain spaces") {
    CHECK(replay_plain_spaces("Suivant\xC2\xA0: v\xC3\xA9rifier") == "Suivant : v\xC3\xA9rifier");
    CHECK(replay_plain_spaces("\xC2\xAB\xE2\x80\xAFOui\xE2\x80\xAF\xC2\xBB") == "\xC2\xAB Oui \xC2\xBB");
    CHECK(replay_plain_spaces("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");  // other characters untouched
    CHECK(replay_plain_spaces("") == "");
}

TEST_CASE("markdown: headings, emphasis, lists and links") {
    Doc d = parse_markdown("# Titre\n\nUn **gras** et *italique*.\n\n- un [lien](autre.md)\n- [formulaire](form:bac)\n");
    REQUIRE(d.blocks.size() == 4);
    CHECK(d.blocks[0].kind == BlockKind::Heading);
    CHECK(d.blocks[1].plain_text() == "Un gras et italique.");
    CHECK(d.blocks[1].spans[1].bold);
    CHECK(d.blocks[1].spans[3].italic);
    CHECK(d.blocks[2].kind == BlockKind::ListItem);
    REQUIRE(d.blocks[2].links().size() == 1);
    CHECK(d.blocks[2].links()[0].second == "autre.md");
    CHECK(d.blocks[3].links()[0].second == "form:bac");
}

TEST_CASE("markdown: addresses written as text stay text, as the pack checker reads them") {
    Doc d = parse_markdown("Voir service-public.fr ou https://www.service-public.fr et contact-mairie@anor.fr.\n");
    REQUIRE(d.blocks.size() == 1);
    CHECK(d.blocks[0].links().empty());
    CHECK(d.blocks[0].plain_text() == "Voir service-public.fr ou https://www.service-public.fr et contact-mairie@anor.fr.");
}

TEST_CASE("links resolve against the page they are in") {
    CHECK(resolve_link("pages/accueil.md", "demarches/index.md") == "pages/demarches/index.md");
    CHECK(resolve_link("pages/a/b.md", "../c.md") == "pages/c.md");
    CHECK(resolve_link("pages/a/b.md", "https://service-public.fr").empty());
    CHECK(resolve_link("pages/a/b.md", "../../../etc/passwd").empty());
}
