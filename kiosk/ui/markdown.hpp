// The Markdown model the screens lay out: parsed by the core content library
// (content/markdown.hpp), named here so UI code reads it as its own. Layout
// and drawing are UI: ui/widgets.hpp (draw_doc), ui/markdown_table.hpp.
#pragma once

#include "content/markdown.hpp"

namespace guichet::ui {

using content::Block;
using content::BlockKind;
using content::CellAlign;
using content::Doc;
using content::parse_markdown;
using content::Span;
using content::TableCell;

}  // namespace guichet::ui
