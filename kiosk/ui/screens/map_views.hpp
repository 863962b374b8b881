// The chooser of map views (issue #6, docs/map-format.md § 2): the places a
// pack's maps show — « Anor (démonstration) », « Épinay-sur-Orge — cadastre
// réel », « Pezou — PLU réel » — each with its own bounds and layers.
//
// A button over the top of the map names the place shown (it does not change
// the map's layout); tapped, the list of places takes the screen, one big
// button each with what it shows. The map screen then works on the chosen
// view's MapData (MapData::views, built on the loader's worker), so every
// layer list, index, bound and attribution it reads is that view's.
//
//   if (views.draw_list(ui, *c.maps)) return;            // first, each frame
//   auto shown = views.shown(c.maps);                    // the view's maps
//   views.place(ui, *c.maps, top, bottom);               // before input: views.rect blocks taps and labels
//   views.draw_button(ui);                               // after the map is drawn
#pragma once

#include "ui/map/labels.hpp"
#include "ui/map/map_data.hpp"
#include "ui/map/view.hpp"
#include "ui/widgets.hpp"

#include <cstddef>
#include <memory>
#include <utility>

namespace guichet::ui {

struct MapViewChooser {
    std::size_t current = 0;  // index into MapData::views
    bool open = false;        // the list of places takes the screen
    bool shown_button = false;
    std::pair<map::Vec2, map::Vec2> rect;  // the button, this frame (screen pixels)

    void reset() { current = 0, open = false, shown_button = false; }
    // The maps of the view shown: ALL's view CURRENT, or ALL itself when it has no views.
    std::shared_ptr<const map::MapData> shown(const std::shared_ptr<const map::MapData>& all) const;
    // While the list is open: draws it and returns true (the map is not drawn this frame).
    bool draw_list(Ui& ui, const map::MapData& all);
    // Lays the button out right-aligned in FIRST (the top of the map, right of
    // the legend) — or, when its text does not fit there, in SECOND (the
    // bottom right) — only with two views or more; returns whether there is
    // one (then RECT is set).
    bool place(Ui& ui, const map::MapData& all, const map::Room& first, const map::Room& second);
    // Draws the button laid out by place(); a tap opens the list.
    void draw_button(Ui& ui, const map::MapData& all);
};

}  // namespace guichet::ui
