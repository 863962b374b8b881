// Kiosk widgets over Dear ImGui: big touch buttons, wrapped rich text, a
// drag-to-scroll region. Every button and text drawn is recorded in the
// frame's FrameRecord, so the replay runner can tap an element by its label
// and check that a text is visible.
#pragma once

#include "common/result.hpp"
#include "content/ui_strings.hpp"
#include "ui/markdown.hpp"
#include "ui/pictures.hpp"
#include "ui/theme.hpp"

#include <memory>
#include <string>
#include <vector>

struct ImFont;

namespace guichet::ui {

class VideoGuides;  // ui/player/video_block.hpp

using content::Strings;  // the pack's texts; look-up in ui/strings.hpp

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* italic = nullptr;
    ImFont* h1 = nullptr;
    ImFont* h2 = nullptr;
    ImFont* small = nullptr;
    ImFont* icons = nullptr;  // the menu's pictograms (ui/icons.hpp); null without the icon font
    std::string rasteriser;  // "FreeType" or "stb_truetype"
};

// Built by FontFiles::build (ui/fonts.hpp).
// Code points of French typography that every body font must contain.
const std::vector<unsigned>& required_glyphs();
// The required glyphs missing from FONT (empty when complete).
std::vector<unsigned> missing_glyphs(const ImFont* font);

// A rectangle in screen pixels.
struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
// The clip rectangle of the ImGui window being drawn (its visible part on
// screen); the viewport outside a frame. Elements take it when recorded.
Rect current_clip();

// How a control's shape stands out from what is around it (the layout
// check's « visible shape »): its fill, the colour around it, an outline.
struct Shape {
    bool known = false;  // false: not described by the site that drew it (not checked)
    Rgb fill, around, outline;
    bool outlined = false;
};

struct Element {
    std::string label;
    float x0, y0, x1, y1;
    std::string name = {};  // stable name for replays ("key:é"); "" for plain buttons
    Rect clip = current_clip();  // where it can be seen: its window's clip rectangle
    Shape shape = {};
    float label_w = 0;  // width of its drawn label, when one line (0: not checked); must fit inside
    // For speech (ui/reader.hpp): a text box's current answer; an option's state
    // (-1: not a choice, 0: not chosen, 1: chosen).
    std::string value = {};
    int checked = -1;
};

// A block of text drawn in the content (a paragraph, a heading, a message),
// with where it lies: speech reads it in its place among the controls.
struct TextBox {
    std::string text;
    Rect rect;
    Rect clip;
    bool error = false;  // drawn in the theme's error colour (a field's problem)
    bool heading = false;
};

// A text drawn on a background: every pair is checked for contrast.
struct Paint {
    Rgb fg, bg;
    std::string what;  // the text (for the report)
};

// The frame's bands (header, content, keyboard, footer, status bar, an
// overlay): they must not overlap, and every element's clip lies in one.
struct Region {
    std::string name;
    Rect rect;
};

struct FrameRecord {
    std::vector<std::string> texts;   // visible text items, in drawing order
    std::vector<Element> elements;    // visible buttons with their labels
    std::vector<Paint> paints;        // text/background pairs drawn
    std::vector<Region> regions;      // the frame's bands, set by the dispatcher
    bool has_focus = false;           // a text box has the keyboard's focus:
    Rect focused;                     // its whole rectangle (drawn or not)
    // For speech (ui/reader.hpp): the text blocks with their places, what
    // identifies the screen (a new value: a new screen to announce), where the
    // resident is (« Étape 3 sur 5 »), the content's scroll (pixels).
    std::vector<TextBox> text_boxes;
    std::string screen;
    std::string where;
    float scroll_y = 0, scroll_max = 0;
    int list_count = -1;  // a list screen: how many entries it shows
    void clear() {
        text_boxes.clear();
        screen.clear();
        where.clear();
        scroll_y = scroll_max = 0;
        list_count = -1;
        texts.clear();
        elements.clear();
        paints.clear();
        regions.clear();
        has_focus = false;
    }
};

// What a screen asks the dispatcher to do after a frame.
struct Nav {
    enum Kind { None, Home, Menu, Page, Form, Back, Reset, Settings, Staff, Wizard, Receipt, Tracking, Map, Invoices, Online, Visio } kind = None;
    std::string target;  // menu id, page path or form id (Wizard too); Tracking: a code to look up; Online: "<menu id>#<site index>"
};

// A finger on the touch screen this frame (SDL_FINGER* events; replays' `pinch`).
struct Finger {
    long long id = 0;
    float x = 0, y = 0;  // pixels
};

class Printing;  // ui/printing.hpp

struct Ui {
    Theme theme = default_theme();
    Metrics metrics;
    Fonts fonts;
    FrameRecord record;
    PictureTextures pictures;  // the current content's pictures (ui/pictures.hpp)
    std::shared_ptr<VideoGuides> videos;  // video guides in pages (ui/player/video_block.hpp); made on first use
    const Strings* strings = nullptr;  // the current content's texts (ui/strings.hpp); null: the fallback
    Rgb surface = theme.background;  // the colour under text() being drawn (contrast record)
    bool animating = false;  // a widget needs more frames (scroll inertia)
    std::vector<Finger> fingers;  // fingers down this frame (the map's pinch); the frame loop fills it
    Printing* printing = nullptr;  // « Imprimer » buttons (ui/printing.hpp); null: no printer configured

    // Scroll inertia state of the one active scroll region.
    float scroll_velocity = 0;
    float scroll_by = 0;  // a scroll asked for by speech's navigation (pixels, applied by touch_scroll)
    bool drag_scrolling = false;
};

unsigned to_u32(Rgb c, float alpha = 1.0f);

// Text wrapped to the available width, recorded when visible.
void text(Ui& ui, const std::string& s, ImFont* font, Rgb color);
// A full-width (or WIDTH) touch button; the label wraps. Returns true when tapped.
bool big_button(Ui& ui, const std::string& label, const std::string& sublabel = "", float width = 0,
                Rgb bg = {}, Rgb fg = {}, bool custom_colors = false);
// The same with a pictogram on its left (ICON: UTF-8 of a glyph of Fonts::icons,
// ui/icons.hpp); without one (null, or no icon font) a plain big_button.
bool big_button_icon(Ui& ui, const char* icon, const std::string& label, const std::string& sublabel = "");
// Renders a parsed Markdown document. Links become big buttons under their
// block; a tapped link sets NAV (Page with a resolved path, or Form).
// SKIP_TITLE: leave out a leading level-1 heading (the screen already shows it).
void draw_doc(Ui& ui, const Doc& doc, const std::string& from_path, Nav& nav, bool skip_title = false);
// Call inside a scrolling child window, after its contents: drag-to-scroll with
// inertia; a drag cancels the press on the button it started on.
void touch_scroll(Ui& ui);

}  // namespace guichet::ui
