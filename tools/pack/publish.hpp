// `guichet-pack publish`: adds a pack version to a pack repository, makes
// deltas from the versions kiosks may still have, and signs a new index
// (docs/pack-repository.md §3).
#pragma once

#include "commands.hpp"

namespace guichet::packtool {

const Command& publish_command();

}  // namespace guichet::packtool
