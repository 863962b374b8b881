// Text made safe inside XML or HTML, in an element or a quoted attribute:
// & < > " ' become entities (' as &#39;, which HTML 4 and XML both know).
// One function for the SOAP bodies to PayFiP, the SVG charts and QR codes,
// and the exported website. (pain.008's writer keeps its own: its bytes are
// held equal to the browser's port, docs/back-office.md §8.3.)
#pragma once

#include <string>
#include <string_view>

namespace guichet {

std::string escape_markup(std::string_view text);

}  // namespace guichet
