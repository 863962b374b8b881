#include "html_render.hpp"

#include "common/markup_escape.hpp"
#include "site_export.hpp"

#include <algorithm>

namespace guichet::site {

using content::Block;
using content::BlockKind;
using content::Span;

namespace {

bool external(const std::string& href) {
    return href.starts_with("https://") || href.starts_with("http://") || href.starts_with("mailto:") ||
           href.starts_with("tel:");
}

std::string span_text(const Span& s) {
    std::string t = escape_markup(s.text);
    if (s.italic) t = "<em>" + t + "</em>";
    if (s.bold) t = "<strong>" + t + "</strong>";
    return t;
}

}  // namespace

std::string render_spans(const std::vector<Span>& spans, const RenderContext& ctx) {
    std::string out;
    for (std::size_t i = 0; i < spans.size();) {
        const std::string& link = spans[i].link;
        std::size_t j = i;
        std::string inner;
        // Consecutive spans of one link (bold words inside it) make one <a>.
        while (j < spans.size() && spans[j].link == link) inner += span_text(spans[j++]);
        if (link.empty()) {
            out += inner;
        } else if (external(link)) {
            out += "<a href=\"" + escape_markup(link) + "\">" + inner + "</a>";
        } else if (std::string target = ctx.link_target ? ctx.link_target(link) : std::string(); !target.empty()) {
            out += "<a href=\"" + escape_markup(target) + "\">" + inner + "</a>";
        } else {
            out += inner;
        }
        i = j;
    }
    return out;
}

std::string leading_title(const content::Doc& doc) {
    if (doc.blocks.empty() || doc.blocks[0].kind != BlockKind::Heading || doc.blocks[0].level != 1) return {};
    return doc.blocks[0].plain_text();
}

std::string render_doc(const content::Doc& doc, const RenderContext& ctx, bool skip_first_h1) {
    std::string out;
    std::vector<std::string> open_lists;  // "ul" / "ol", one per nesting level
    auto close_lists = [&](std::size_t depth) {
        while (open_lists.size() > depth) {
            out += "</li></" + open_lists.back() + ">\n";
            open_lists.pop_back();
        }
    };
    std::size_t first = skip_first_h1 && !leading_title(doc).empty() ? 1 : 0;
    // The page's shallowest heading becomes TOP_LEVEL, the others keep their distance to it;
    // a heading never goes more than one level below the one before (WCAG 1.3.1, RGAA 9.1).
    int shallowest = 6;
    for (std::size_t bi = first; bi < doc.blocks.size(); ++bi)
        if (doc.blocks[bi].kind == BlockKind::Heading) shallowest = std::min(shallowest, std::max(doc.blocks[bi].level, 1));
    int previous = ctx.top_level - 1;
    for (std::size_t bi = first; bi < doc.blocks.size(); ++bi) {
        const Block& b = doc.blocks[bi];
        if (b.kind == BlockKind::ListItem) {
            const std::size_t depth = static_cast<std::size_t>(std::clamp(b.level, 1, 8));
            const std::string tag = b.ordinal > 0 ? "ol" : "ul";
            if (open_lists.size() >= depth) {
                close_lists(depth);
                out += "</li>\n";
            }
            while (open_lists.size() < depth) {
                out += open_lists.size() + 1 == depth && b.ordinal > 1 ? "<ol start=\"" + std::to_string(b.ordinal) + "\">"
                                                                        : "<" + tag + ">";
                open_lists.push_back(tag);
                if (open_lists.size() < depth) out += "<li>";
            }
            out += "<li>" + render_spans(b.spans, ctx);
            continue;
        }
        close_lists(0);
        switch (b.kind) {
        case BlockKind::Heading: {
            const int wanted = std::clamp(ctx.top_level + b.level - shallowest, ctx.top_level, 6);
            const int level = std::min(wanted, previous + 1);
            previous = level;
            const std::string h = "h" + std::to_string(level);
            out += "<" + h + ">" + render_spans(b.spans, ctx) + "</" + h + ">\n";
            break;
        }
        case BlockKind::Paragraph: out += "<p>" + render_spans(b.spans, ctx) + "</p>\n"; break;
        case BlockKind::Quote: out += "<blockquote><p>" + render_spans(b.spans, ctx) + "</p></blockquote>\n"; break;
        case BlockKind::Code: out += "<pre>" + escape_markup(b.plain_text()) + "</pre>\n"; break;
        case BlockKind::Rule: out += "<hr>\n"; break;
        case BlockKind::Image: {
            const std::string alt = b.plain_text();
            std::string html = ctx.picture ? ctx.picture(b.src, alt) : std::string();
            out += html.empty() ? (alt.empty() ? std::string() : "<p>" + escape_markup(alt) + "</p>\n") : html;
            break;
        }
        case BlockKind::Table: {
            out += "<div class=\"table\"><table>\n";
            for (std::size_t r = 0; r < b.rows.size(); ++r) {
                const bool head = static_cast<int>(r) < b.header_rows;
                out += "<tr>";
                for (std::size_t c = 0; c < b.rows[r].size(); ++c) {
                    const char* cell = head ? "th" : "td";
                    std::string align;
                    if (c < b.align.size() && b.align[c] == content::CellAlign::Right) align = " class=\"right\"";
                    if (c < b.align.size() && b.align[c] == content::CellAlign::Center) align = " class=\"center\"";
                    out += std::string("<") + cell + (head ? " scope=\"col\"" : "") + align + ">" +
                           render_spans(b.rows[r][c].spans, ctx) + "</" + cell + ">";
                }
                out += "</tr>\n";
            }
            out += "</table></div>\n";
            break;
        }
        case BlockKind::ListItem: break;
        }
    }
    close_lists(0);
    return out;
}

}  // namespace guichet::site
