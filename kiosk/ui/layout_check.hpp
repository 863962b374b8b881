// Automatic checks of one frame's layout (issue #18), computed from what the
// frame recorded while ImGui laid it out (FrameRecord: elements with their
// clip rectangles, the frame's bands, text/background pairs, the focused
// field), not from pixels. Used by replays (`check`, `--check-layout`) and
// the settings matrix; pure, unit-tested.
#pragma once

#include "ui/theme.hpp"
#include "ui/widgets.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

struct LayoutRules {
    float width = 1080, height = 1920;  // the viewport
    Metrics metrics;                    // documented sizes (docs/kiosk.md « Touch targets »)
    double min_text_contrast = 4.5;     // 7 in high contrast
    bool focus = true;                  // false after the resident scrolled on purpose (a drag): not judged
};

// The documented least size and spacing of a target, by its kind (its name's
// prefix): buttons max(9 mm, 120 px × text size) high and max(2.5 mm, 24 px)
// from any other target; text boxes and option rows 0.85 of a button's
// height; keys 9 mm each way; rows of one question and keys 2.5 mm apart.
struct TargetRule {
    float min_w, min_h, min_gap;
};
TargetRule target_rule(const Element& e, const Metrics& m);

// Every problem found, one line each (for developers: English, naming the elements);
// empty when the frame passes.
std::vector<std::string> check_layout(const FrameRecord& frame, const LayoutRules& rules);

}  // namespace guichet::ui
