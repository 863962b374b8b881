// `guichet-pack import-map`: imports one map source the way `build` does
// for pack.yaml 'maps', and shows (or writes) what the kiosk will get
// (docs/map-format.md).
#pragma once

#include "commands.hpp"

namespace guichet::packtool {

const Command& import_map_command();

}  // namespace guichet::packtool
