// `guichet-pack preview SRC`: builds a pack source with a throwaway
// development key into a temporary directory and opens the kiosk on it, so
// that staff check their content as residents will see it. Nothing is
// signed with a real key and nothing is left behind.
#pragma once

#include "commands.hpp"

namespace guichet::packtool {

const Command& preview_command();

}  // namespace guichet::packtool
