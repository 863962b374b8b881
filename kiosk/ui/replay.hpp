// Replay scripts for headless tests (format: docs/replay-format.md, version 1).
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace guichet::ui {

inline constexpr int kReplayFormatVersion = 1;

struct ReplayCommand {
    enum Kind { Tap, TapLabel, Drag, Type, Key, Wait, Shot, Expect, ExpectNot, Quit } kind = Quit;
    std::vector<float> xy;  // tap: x y; drag: x1 y1 x2 y2
    std::string arg;        // label, text, key name, shot name
    int ms = 0;             // wait
    int line = 0;
};

// Parses a whole script; errors name the line.
Result<std::vector<ReplayCommand>> parse_replay(std::string_view script);

}  // namespace guichet::ui
