// Markdown tables (docs/content-format.md §4.2): parsed into rows and cells
// with the header and alignments, and sized to fit the page.
#include "ui/markdown.hpp"
#include "ui/markdown_table.hpp"

#include <doctest/doctest.h>

using namespace guichet::ui;

TEST_CASE("a Markdown table becomes one table block: header row, cells with their spans, alignments") {
    const Doc d = parse_markdown(
        "Avant.\n\n| Quotient familial | Repas |\n|---|--:|\n| jusqu’à 400 | **1,20\u00a0€** |\n| plus de 800 | 3,60\u00a0€ |\n\nAprès.\n");
    REQUIRE(d.blocks.size() == 3);
    CHECK(d.blocks[0].plain_text() == "Avant.");
    CHECK(d.blocks[2].plain_text() == "Après.");
    const Block& t = d.blocks[1];
    REQUIRE(t.kind == BlockKind::Table);
    CHECK(t.spans.empty());
    CHECK(t.header_rows == 1);
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0][0].plain_text() == "Quotient familial");
    CHECK(t.rows[1][1].plain_text() == "1,20\u00a0€");
    CHECK(t.rows[1][1].spans.at(0).bold);
    CHECK(t.align == std::vector<CellAlign>{CellAlign::Left, CellAlign::Right});
    CHECK(t.plain_text() == "Quotient familial | Repas\njusqu’à 400 | 1,20\u00a0€\nplus de 800 | 3,60\u00a0€");
}

TEST_CASE("links in table cells are the block's links") {
    const Doc d = parse_markdown("| Page |\n|---|\n| [Paiements](paiements.md) |\n");
    REQUIRE(d.blocks.size() == 1);
    CHECK(d.blocks[0].links() == std::vector<std::pair<std::string, std::string>>{{"Paiements", "paiements.md"}});
}

TEST_CASE("columns: natural widths fill the page, narrow pages wrap the longest texts first") {
    // Fits: spread to the full width in proportion.
    auto w = table_column_widths({{100, 50}, {300, 80}}, 800);
    REQUIRE(w.size() == 2);
    CHECK(w[0] == doctest::Approx(200));
    CHECK(w[1] == doctest::Approx(600));
    // Too wide: each keeps its longest word, the rest shared by what each lacks.
    w = table_column_widths({{100, 50}, {900, 100}}, 400);
    CHECK(w[0] + w[1] == doctest::Approx(400));
    CHECK(w[0] >= 50);
    CHECK(w[1] >= 100);
    CHECK(w[0] == doctest::Approx(50 + 50 * 250.0 / 850));
    // Even the words do not fit: in proportion to them.
    w = table_column_widths({{300, 300}, {100, 100}}, 200);
    CHECK(w[0] == doctest::Approx(150));
    CHECK(w[1] == doctest::Approx(50));
    CHECK(table_column_widths({}, 500).empty());
}
