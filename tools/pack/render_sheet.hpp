// `guichet-pack render-sheet`: a printed sheet of a content folder drawn to PDF
// with the kiosk's own renderer, so staff check their wording before publishing.
#pragma once

#include "cli.hpp"

namespace guichet::packtool {

int cmd_render_sheet(const cli::Args& args);

}  // namespace guichet::packtool
