// Speech's view of the kiosk (issue #18, docs/speech.md): what a resident who
// cannot see the screen hears, and where the keypad's and the gestures'
// focus is. It reads the frame's record — the same list of controls, texts and
// bands that replays and the layout check read — so there is no second
// description of the screens to keep in step. Pure logic on the UI thread:
// the sentences go to a SpeechOutput (the speaker's worker on the kiosk, a
// log in tests); the actions it needs (a tap on the focused control, a scroll)
// go back to the frame loop.
#pragma once

#include "ui/widgets.hpp"

#include <optional>
#include <string>
#include <vector>

namespace guichet::ui {

// What the keypad's keys and the touch gestures ask (docs/speech.md « Keys »).
enum class ReaderCommand { Next, Previous, NextRow, PreviousRow, Activate, Back, Repeat, Help };

// Where sentences go. say() interrupts the sentence in progress.
class SpeechOutput {
public:
    virtual ~SpeechOutput() = default;
    virtual void say(const std::string& text) = 0;
    virtual void repeat() = 0;
    // RATE: words per minute; VOLUME: espeak-ng's 0–200.
    virtual void set_voice(int rate_wpm, int volume) = 0;
};

// One thing speech can stop on, in reading order.
struct ReadItem {
    enum Kind { Text, Control } kind = Text;
    std::string label;
    std::string name;     // a control's element name ("field:nom", "key:é"), "" for texts
    std::string value;    // a text box's answer
    std::string help;     // a field's help, drawn between its label and its box
    int checked = -1;     // an option: 0 not chosen, 1 chosen
    bool error = false;   // a text in the error colour
    bool heading = false;
    Rect rect, clip;
    std::string region;   // the frame's band it lies in ("contenu", "clavier", "pied"…)
    float doc_y = 0;      // in the content: its place in the whole scrolled page
};

// The frame's items in reading order: the overlay's only when one is open
// (nothing under a panel can be reached), else the content, the keyboard and
// the footer; a text just before a control of the same label is left out
// (the control says it). The header and status bar are said by the screen's
// announcement, not stopped on.
std::vector<ReadItem> reading_order(const FrameRecord& record);

// The sentence for ITEM (the pack's speech.* strings), with the error texts
// that follow it (ERRORS) said after it.
std::string describe(const Ui& ui, const ReadItem& item, const std::vector<std::string>& errors = {});

class ScreenReader {
public:
    void set_output(SpeechOutput* out) { out_ = out; }
    // Forgets the screen and the focus (a session's reset, the mode turned off).
    void reset();
    // After each frame: a new screen is announced (its title, « Étape 3 sur 5 »,
    // a list's count); the focus follows its control as the screen moves; a
    // focus moved by a command is brought into view (Ui::scroll_by).
    void observe(Ui& ui);
    // A key or gesture. Activation and « Retour » become a tap (take_tap()).
    void command(ReaderCommand c, Ui& ui);
    // A finger's single tap in non-visual mode: focuses and says what is under
    // it, without acting on it (a blind resident explores the screen safely).
    void explore(float x, float y, Ui& ui);
    // A sentence of its own (a help text).
    void say(const std::string& text);
    // Said before the next screen's announcement, in the same sentence (the mode turned on).
    void set_intro(std::string text) { intro_ = std::move(text); }

    struct Point {
        float x, y;
    };
    // The tap the frame loop plays on the next frames (position, press, release).
    std::optional<Point> take_tap();
    // True while the reader needs more frames (a scroll to finish, a tap to play).
    bool busy() const { return pending_ != Pending::None || tap_.has_value() || candidate_screen_ != screen_; }
    // Every sentence said, in order (replays' expect-spoken, tests).
    const std::vector<std::string>& spoken() const { return spoken_; }
    // The focused item (none before the first screen is heard).
    const std::optional<ReadItem>& focused() const { return focus_; }

private:
    enum class Pending { None, NextAfterScroll, PreviousAfterScroll };
    void speak(const std::string& text);
    void focus_on(const ReadItem& item, const Ui& ui, const std::vector<ReadItem>& items, bool speak_it = true);
    int find_focus(const std::vector<ReadItem>& items) const;
    void move(int step, Ui& ui);
    void move_row(int step, Ui& ui);
    void reveal(const ReadItem& item, Ui& ui) const;

    SpeechOutput* out_ = nullptr;
    std::vector<std::string> spoken_;
    std::string screen_;
    std::string candidate_screen_;  // a new screen seen for one frame
    bool keyboard_open_ = false;
    std::optional<ReadItem> focus_;
    bool reveal_focus_ = false;
    Pending pending_ = Pending::None;
    int pending_frames_ = 0;
    std::optional<Point> tap_;
    std::vector<ReadItem> items_;  // the last frame's, for commands between frames
    int redescribe_in_ = 0;        // frames until an option tapped is said again, with its new state
    std::string last_field_;       // the text box focused last: focus returns there when its keyboard closes
    std::string intro_;
};

}  // namespace guichet::ui
