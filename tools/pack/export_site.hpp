// `guichet-pack export-site PACK OUT --pub KEY.pub [--hub URL] [--today DATE]`: the verified
// pack as a static website (site/site_export.hpp, docs/site-export.md).
#pragma once

#include "commands.hpp"

namespace guichet::packtool {

const Command& export_site_command();

}  // namespace guichet::packtool
