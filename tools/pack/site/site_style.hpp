// The site's one style sheet (phone first, print, visible focus), written as OUT/style.css.
#pragma once

#include <string>

namespace guichet::site {

const std::string& site_css();

}  // namespace guichet::site
