// A small block/span model of a Markdown page (docs/content-format.md §4),
// parsed with md4c. No UI: the kiosk lays it out (ui/widgets.hpp), the website
// export and the back office read the same model.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet::content {

struct Span {
    std::string text;
    bool bold = false;
    bool italic = false;
    std::string link;  // href, empty when not a link
};

// Image: a picture on its own line in the flow; its spans hold the alt text.
// Table: its cells are in `rows`, not in `spans`.
enum class BlockKind { Paragraph, Heading, ListItem, Quote, Code, Rule, Image, Table };

enum class CellAlign { Left, Center, Right };

struct TableCell {
    std::vector<Span> spans;
    std::string plain_text() const;
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;      // heading level (1..6) or list nesting depth (1..)
    int ordinal = 0;    // ordered list number; 0 for bullets
    std::vector<Span> spans;
    std::string src = {};  // Image: the href as written; in a PackContent, its pack path ("" outside media/)
    // Table: rows of cells (a row may have fewer cells than the header), the first
    // `header_rows` of them the header; one alignment per column, from the header line.
    std::vector<std::vector<TableCell>> rows = {};
    int header_rows = 0;
    std::vector<CellAlign> align = {};

    std::string plain_text() const;  // a table's: cells separated by " | ", rows by "\n"
    // Every distinct link in the block, with its text.
    std::vector<std::pair<std::string, std::string>> links() const;  // (text, href)
};

struct Doc {
    std::vector<Block> blocks;
};

Doc parse_markdown(std::string_view text);

}  // namespace guichet::content
