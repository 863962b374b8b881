// The keys of non-visual navigation (issue #18, docs/speech.md « Keys »): a
// numeric keypad — the accessibility keypad a kiosk can have, its 5 marked
// with a raised dot — and a keyboard's arrows, Enter and Escape. No SDL here.
#pragma once

namespace guichet::platform {

enum class NavKey { None, Next, Previous, NextRow, PreviousRow, Activate, Back, Repeat, Help, Toggle };

struct NavKeyPress {
    NavKey key = NavKey::None;
    // A key of the keypad or an arrow: it turns non-visual mode on when the
    // mode is off. Enter, Escape, Tab and F1 keep their usual use then.
    bool keypad = false;
};

// What the SDL scancode SCANCODE does in non-visual mode (NavKey::None: nothing).
NavKeyPress nav_key(int scancode);

}  // namespace guichet::platform
