// Replay scripts (docs/replay-format.md) run on the kiosk's frame: taps,
// drags, keys, speech's keys and gestures, expectations on what is shown and
// said, screenshots, the layout check after each command (--check-layout).
#pragma once

#include "app/kiosk_frame.hpp"
#include "ui/replay.hpp"

#include <filesystem>
#include <vector>

namespace guichet::app {

// Runs CMDS; screenshots (and a failure's) go to SHOTS. Returns the exit status.
int run_replay(Kiosk& k, const std::vector<ui::ReplayCommand>& cmds, const std::filesystem::path& shots, bool check_each);

}  // namespace guichet::app
