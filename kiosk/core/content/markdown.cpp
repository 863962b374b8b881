#include "content/markdown.hpp"
#include "pack/markdown_dialect.hpp"

#include <md4c.h>

#include <charconv>

namespace guichet::content {

namespace {

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string decode_entity(std::string_view e) {
    if (e == "&nbsp;") return "\xC2\xA0";
    if (e == "&amp;") return "&";
    if (e == "&lt;") return "<";
    if (e == "&gt;") return ">";
    if (e == "&quot;") return "\"";
    if (e == "&euro;") return "\xE2\x82\xAC";
    if (e.size() > 3 && e[1] == '#') {
        unsigned cp = 0;
        bool hex = e[2] == 'x' || e[2] == 'X';
        const char* b = e.data() + (hex ? 3 : 2);
        const char* end = e.data() + e.size() - 1;
        auto r = std::from_chars(b, end, cp, hex ? 16 : 10);
        if (r.ec == std::errc() && cp != 0) {
            std::string s;
            append_utf8(s, cp);
            return s;
        }
    }
    return std::string(e);
}

struct Parser {
    Doc doc;
    Block cur;
    bool in_block = false;
    int list_depth = 0;
    std::vector<int> ol_next;  // next number per open list level, 0 for bullets
    int bold = 0, italic = 0, image = 0;
    std::vector<std::string> links;
    bool in_head = false;  // inside a table's header rows
    TableCell* cell = nullptr;  // the table cell receiving text, when in one

    void flush() {
        cell = nullptr;
        if (in_block && (!cur.spans.empty() || cur.kind == BlockKind::Rule || cur.kind == BlockKind::Image ||
                         (cur.kind == BlockKind::Table && !cur.rows.empty())))
            doc.blocks.push_back(std::move(cur));
        cur = Block{};
        in_block = false;
    }
    void start(BlockKind k, int level = 0, int ordinal = 0) {
        flush();
        cur.kind = k;
        cur.level = level;
        cur.ordinal = ordinal;
        in_block = true;
    }
    void text(std::string_view t) {
        if (!in_block) start(BlockKind::Paragraph);
        if (cur.kind == BlockKind::Table && cell == nullptr) return;  // between cells: nothing to show
        std::vector<Span>& spans = cell != nullptr ? cell->spans : cur.spans;
        Span s;
        s.bold = bold > 0;
        s.italic = italic > 0 || image > 0;
        if (!links.empty()) s.link = links.back();
        if (!spans.empty()) {
            Span& last = spans.back();
            if (last.bold == s.bold && last.italic == s.italic && last.link == s.link) {
                last.text.append(t);
                return;
            }
        }
        s.text = std::string(t);
        spans.push_back(std::move(s));
    }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* ud) {
    auto& p = *static_cast<Parser*>(ud);
    switch (type) {
        case MD_BLOCK_UL:
            p.flush();
            ++p.list_depth;
            p.ol_next.push_back(0);
            break;
        case MD_BLOCK_OL:
            p.flush();
            ++p.list_depth;
            p.ol_next.push_back(static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start));
            break;
        case MD_BLOCK_LI: {
            int n = 0;
            if (!p.ol_next.empty() && p.ol_next.back() > 0) n = p.ol_next.back()++;
            p.start(BlockKind::ListItem, p.list_depth, n);
            break;
        }
        case MD_BLOCK_P:
            // A loose list item's first paragraph stays in the item.
            if (!(p.in_block && p.cur.kind == BlockKind::ListItem && p.cur.spans.empty())) {
                p.start(p.list_depth > 0 ? BlockKind::ListItem : BlockKind::Paragraph, p.list_depth);
                if (p.list_depth > 0) p.cur.ordinal = -1;  // continuation paragraph: no bullet
            }
            break;
        case MD_BLOCK_H: p.start(BlockKind::Heading, static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level)); break;
        case MD_BLOCK_QUOTE: p.flush(); break;
        case MD_BLOCK_CODE: p.start(BlockKind::Code); break;
        case MD_BLOCK_HR: p.start(BlockKind::Rule); p.flush(); break;
        case MD_BLOCK_TABLE: p.start(BlockKind::Table); break;
        case MD_BLOCK_THEAD: p.in_head = true; break;
        case MD_BLOCK_TR:
            p.cur.rows.emplace_back();
            if (p.in_head) p.cur.header_rows = static_cast<int>(p.cur.rows.size());
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: {
            if (p.cur.kind != BlockKind::Table || p.cur.rows.empty()) break;
            auto& row = p.cur.rows.back();
            p.cell = &row.emplace_back();
            if (p.in_head) {  // the header line gives each column its alignment
                const MD_ALIGN a = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
                p.cur.align.push_back(a == MD_ALIGN_RIGHT ? CellAlign::Right : a == MD_ALIGN_CENTER ? CellAlign::Center : CellAlign::Left);
            }
            break;
        }
        default: break;
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* ud) {
    auto& p = *static_cast<Parser*>(ud);
    switch (type) {
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            p.flush();
            --p.list_depth;
            p.ol_next.pop_back();
            break;
        case MD_BLOCK_LI:
        case MD_BLOCK_P:
        case MD_BLOCK_H:
        case MD_BLOCK_CODE: p.flush(); break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: p.cell = nullptr; break;
        case MD_BLOCK_THEAD: p.in_head = false; break;
        case MD_BLOCK_TABLE: p.flush(); break;
        default: break;
    }
    return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* ud) {
    auto& p = *static_cast<Parser*>(ud);
    switch (type) {
        case MD_SPAN_STRONG: ++p.bold; break;
        case MD_SPAN_EM: ++p.italic; break;
        case MD_SPAN_IMG: {
            // A picture breaks the line: it is laid out as its own block, its text is the alt.
            const MD_ATTRIBUTE& src = static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src;
            p.start(BlockKind::Image);
            p.cur.src.assign(src.text, src.size);
            ++p.image;
            break;
        }
        case MD_SPAN_A: {
            const MD_ATTRIBUTE& h = static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
            p.links.emplace_back(h.text, h.size);
            break;
        }
        default: break;
    }
    return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* ud) {
    auto& p = *static_cast<Parser*>(ud);
    switch (type) {
        case MD_SPAN_STRONG: --p.bold; break;
        case MD_SPAN_EM: --p.italic; break;
        case MD_SPAN_IMG:
            --p.image;
            p.flush();
            break;
        case MD_SPAN_A:
            if (!p.links.empty()) p.links.pop_back();
            break;
        default: break;
    }
    return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* ud) {
    auto& p = *static_cast<Parser*>(ud);
    std::string_view t(text, size);
    switch (type) {
        case MD_TEXT_SOFTBR: p.text(" "); break;
        case MD_TEXT_BR: p.text("\n"); break;
        case MD_TEXT_ENTITY: p.text(decode_entity(t)); break;
        case MD_TEXT_NULLCHAR: p.text("\xEF\xBF\xBD"); break;
        case MD_TEXT_HTML: break;  // raw HTML is never shown
        default: p.text(t); break;
    }
    return 0;
}

}  // namespace

std::string TableCell::plain_text() const {
    std::string s;
    for (const Span& sp : spans) s += sp.text;
    return s;
}

std::string Block::plain_text() const {
    std::string s;
    for (const Span& sp : spans) s += sp.text;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (r > 0) s += "\n";
        for (std::size_t c = 0; c < rows[r].size(); ++c) s += (c > 0 ? " | " : "") + rows[r][c].plain_text();
    }
    return s;
}

std::vector<std::pair<std::string, std::string>> Block::links() const {
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<const Span*> all;
    for (const Span& sp : spans) all.push_back(&sp);
    for (const auto& row : rows)
        for (const auto& cell : row)
            for (const Span& sp : cell.spans) all.push_back(&sp);
    for (const Span* p : all) {
        const Span& sp = *p;
        if (sp.link.empty()) continue;
        if (!out.empty() && out.back().second == sp.link) {
            out.back().first += sp.text;
        } else {
            out.emplace_back(sp.text, sp.link);
        }
    }
    return out;
}

Doc parse_markdown(std::string_view text) {
    Parser p;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = pack::kMarkdownFlags;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &p);
    p.flush();
    return std::move(p.doc);
}

}  // namespace guichet::content
