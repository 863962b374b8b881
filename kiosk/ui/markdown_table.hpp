// Markdown tables laid out as tables (docs/content-format.md §4.2): columns
// sized to their text, cells wrapped, the header row bold on the header
// colours, borders. The sizing is a pure function, tested without a display.
#pragma once

#include "ui/markdown.hpp"

#include <vector>

namespace guichet::ui {

struct Ui;

struct ColumnMeasure {
    float natural = 0;  // the widest cell on one line
    float min = 0;      // the longest word: narrower would cut words
};

// Text widths of the columns for AVAILABLE pixels of text (padding excluded):
// natural widths when they fit (spread to fill the width), else each column
// keeps its longest word and shares the rest by what it lacks; when even the
// words do not fit, in proportion to them (words are then broken).
std::vector<float> table_column_widths(const std::vector<ColumnMeasure>& columns, float available);

// Draws table block B at the cursor, full width, and moves the cursor below it.
void draw_table(Ui& ui, const Block& b);

}  // namespace guichet::ui
