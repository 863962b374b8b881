// A pack page's parsed Markdown (content/markdown.hpp) as HTML for the website
// export. Every text is escaped; links go only to the site's own pages, to
// démarches, or to http(s), mailto and tel addresses (anything else is text).
#pragma once

#include "content/markdown.hpp"

#include <functional>
#include <string>

namespace guichet::site {

struct RenderContext {
    // The site's file for a pack link written HREF in the page being rendered
    // ("page-x.html", "demarche-y.html"); "" when it has none (the text is shown without a link).
    std::function<std::string(const std::string& href)> link_target;
    // The HTML for an Image block whose pack path is SRC ("" outside media/), ALT its text.
    std::function<std::string(const std::string& src, const std::string& alt)> picture;
    int top_level = 2;  // the HTML level of the page's first heading level; deeper ones follow without gaps
};

// DOC's blocks as HTML. When SKIP_FIRST_H1, a leading level-1 heading is left out
// (the caller made it the page's <h1>).
std::string render_doc(const content::Doc& doc, const RenderContext& context, bool skip_first_h1);

// The text of DOC's leading level-1 heading, "" when it starts otherwise.
std::string leading_title(const content::Doc& doc);

// SPANS as inline HTML (bold, italic, links).
std::string render_spans(const std::vector<content::Span>& spans, const RenderContext& context);

}  // namespace guichet::site
