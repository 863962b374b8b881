// A printed sheet's layout (docs/print.md): which blocks, in which order, with
// which wording. Written by staff as sheets/<id>.yaml, compiled by guichet-pack
// into the pack entry sheets/<id>.json (format 1), read by the kiosk and by
// `guichet-pack render-sheet`. No drawing here (render.hpp does it).
#pragma once

#include "common/result.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::content {
struct Doc;
}

namespace guichet::print {

inline constexpr int kSheetFormat = 1;

// The sheets the kiosk prints, and the values each one is given (docs/print.md §3).
// A placeholder {name} in a text must be one of its sheet's values; a list block
// names one of its lists.
struct SheetKind {
    std::string_view id;
    std::vector<std::string_view> values;
    std::vector<std::string_view> lists;
    bool has_body = false;  // a Markdown body (the page's, the démarche's page)
};
const std::vector<SheetKind>& sheet_kinds();
const SheetKind* find_sheet_kind(std::string_view id);

enum class Paper { Auto, A4, Roll80 };
std::string_view paper_name(Paper p);  // "auto", "a4", "roll80"

enum class BlockType { Heading, Text, Qr, List, Checklist, Body, Rule, Space };

struct SheetBlock {
    BlockType type = BlockType::Text;
    std::string text;      // Heading, Text: with {placeholders}; Qr: what the code holds
    std::string list;      // List, Checklist: the list's name
    std::string empty;     // List, Checklist: shown when the list is empty ("" shows nothing)
    std::string when;      // shown only when this value is not empty ("" always)
    bool bold = false;     // Text
    bool large = false;    // Text: the size of a heading, for a tracking code
    bool center = false;   // Heading, Text
    double size_mm = 30;   // Qr: side, quiet zone included
};

struct Sheet {
    std::string id;
    std::string title;     // for staff
    Paper paper = Paper::Auto;
    std::vector<SheetBlock> blocks;
};

// Parses a pack entry sheets/<id>.json (format 1). Errors name the entry.
Result<Sheet> parse_sheet_json(std::string_view id, std::string_view json);

// The values and lists a sheet is drawn with, plus an optional Markdown body.
struct SheetData {
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> lists;
    std::string body_markdown;
    // Or a page already parsed (the kiosk's content), kept alive by KEEP while printing.
    const content::Doc* body_doc = nullptr;
    std::shared_ptr<const void> keep;
};

// TEXT with each {name} replaced by DATA's value ("" when absent).
std::string fill(std::string_view text, const SheetData& data);

// French typography for printing: ’ for an apostrophe between letters, a
// narrow no-break space before ; ! ? and inside « », a no-break space before
// : and € (replacing an ordinary space, or inserted where none was typed).
std::string french_typography(std::string_view text);

}  // namespace guichet::print
