// Replay scripts for headless tests (format: docs/replay-format.md, version 1).
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace guichet::ui {

inline constexpr int kReplayFormatVersion = 1;

struct ReplayCommand {
    enum Kind { Tap, TapLabel, Press, Keys, Drag, Type, Key, Wait, Shot, Expect, ExpectNot, Quit, Pinch, DoubleTap, Check, ExpectVisible,
                ExpectSpoken, ExpectNotSpoken, Hold, NextUntil, KeypadType, Await, AwaitFrames } kind = Quit;
    std::vector<float> xy;  // tap, doubletap, hold: x y; drag: x1 y1 x2 y2; pinch: cx cy d1 d2
    std::string arg;        // label, element name, text, key name, shot name
    int ms = 0;             // wait, hold
    int line = 0;
};

// Parses a whole script; errors name the line.
Result<std::vector<ReplayCommand>> parse_replay(std::string_view script);

// `keys TEXT`: the on-screen keyboard's element names that type TEXT, one per
// UTF-8 character ("key:a", "key:é", "key:space"). Upper-case letters are
// named as such ("key:A"): the runner presses "key:shift" first when the key
// is not on screen.
std::vector<std::string> key_names_for(std::string_view text);

// TEXT with its no-break spaces (U+00A0) and narrow no-break spaces (U+202F)
// read as plain spaces: a script writes « Suivant : vérifier » with ordinary
// spaces and still matches the typographic text on screen.
std::string replay_plain_spaces(std::string_view text);

}  // namespace guichet::ui
