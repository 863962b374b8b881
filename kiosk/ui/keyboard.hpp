// The on-screen keyboard: AZERTY with a visible row of French accented
// letters and the digits shown directly, a numeric keypad, and layouts for
// dates, e-mail addresses and phone numbers. It edits the one text field
// that has focus (TextEntry); every key is a named element ("key:é",
// "key:space", "key:backspace", "key:shift", "key:valider") so replay scripts
// can press it (docs/replay-format.md, `press` and `keys`).
#pragma once

#include "ui/widgets.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace guichet::ui {

enum class KeyboardLayout { Text, Numeric, Date, Email, Phone };

struct Key {
    enum Kind { Char, Space, Backspace, Shift, Valider } kind = Char;
    std::string label;   // what the key shows
    std::string insert;  // Char: the UTF-8 text it types
    std::string name;    // element name: "key:" + insert, or "key:space"…
    float width = 1.0f;  // in key units
};

// Rows of keys, top to bottom. SHIFT: letters (accented ones too) in upper case.
std::vector<std::vector<Key>> keyboard_rows(KeyboardLayout layout, bool shift);

// The focused text field. The keyboard edits TEXT; the screen that owns the
// field copies it into its answers every frame. Holds a resident's answer:
// close() and reset() zero it.
struct TextEntry {
    std::string field;  // the owner's id for the field ("nom", "adresse.postal_code"…); "" when none
    std::string text;
    KeyboardLayout layout = KeyboardLayout::Text;
    std::size_t max_chars = 200;
    bool shift = false;      // next letter in upper case (one-shot)
    bool caps = false;       // upper case until pressed again
    bool validated = false;  // « Valider » pressed this frame; the owner moves on
    int reveal = 0;          // frames left in which the owner scrolls the field into view
    float laid_at = -1;      // the field's place in its scroll region last frame: when it moves, reveal again

    bool open() const { return !field.empty(); }
    bool has_focus(const std::string& id) const { return field == id; }
    void focus(const std::string& id, std::string value, KeyboardLayout kind, std::size_t max);
    void close();
    void reset() { close(); }
    ~TextEntry();
};

// Applies one key to ENTRY (pure; unit-tested): types, erases one UTF-8
// character, toggles shift/caps (shift twice = caps), or sets `validated`.
void apply_key(const Key& key, TextEntry& entry);
// Characters typed on a physical keyboard this frame, and its Backspace/Enter.
void apply_physical_keys(TextEntry& entry);

// Height the keyboard takes at the bottom of the screen for ENTRY's layout.
float keyboard_height(const Ui& ui, KeyboardLayout layout);
// Draws the keyboard at the cursor, full width, and applies the pressed key.
void draw_keyboard(Ui& ui, TextEntry& entry);

// Number of UTF-8 characters in S.
std::size_t utf8_length(const std::string& s);

}  // namespace guichet::ui
