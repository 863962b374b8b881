// One struct per screen: its state, reset() (called by the idle reset and by
// "Terminer et effacer") and one draw function. The dispatcher (ui/app.cpp)
// owns them and is the only caller.
#pragma once

#include "ui/content.hpp"
#include "ui/keyboard.hpp"
#include "ui/settings.hpp"
#include "ui/widgets.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

struct HomeScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, Nav& nav);
};

// An information list's state: search text and chosen chip, per rubrique.
struct ListState {
    std::string menu_id;
    std::string query;
    std::string facet;  // "" for « Tout »
    TextEntry entry;    // the search box while the keyboard is open
};
// Draws the rubrique MENU's list entries shown on TODAY with a search box and
// filter chips (screens/list.cpp; the model: ui/list_model.hpp).
void draw_list(Ui& ui, const Content& c, const MenuItem& menu, const std::string& today, ListState& state, Nav& nav);

// A rubrique: its sub-rubriques and démarches as buttons, then its page; a
// rubrique of associations, events, legal notices or job offers shows them as
// a searchable list instead of its page.
struct RubriqueScreen {
    ListState list;
    void reset() {
        list.entry.reset();
        list.query.clear();
        list.facet.clear();
        list.menu_id.clear();
    }
    void draw(Ui& ui, const Content& c, const std::string& menu_id, const std::string& today, Nav& nav);
};

// A page. A legal notice reached outside its display period (by a link or a
// menu) shows why instead of its content (ui/list_model.hpp withheld_on).
struct PageScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, const std::string& path, const std::string& today, Nav& nav);
};

// The démarche's introduction: title, explanatory note, pièces à joindre,
// and « Commencer la démarche » (the wizard: screens/wizard.hpp).
struct DemarcheScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, const std::string& form_id, Nav& nav);
};

// No usable pack: a clear message for residents, the reasons for staff.
struct NoContentScreen {
    void reset() {}
    void draw(Ui& ui, bool loading, const std::vector<std::string>& problems);
};

// After an idle reset: the town's name and « Touchez l’écran pour
// commencer », over the whole screen. DRAW returns true when touched.
struct AttractScreen {
    void reset() {}
    bool draw(Ui& ui, const std::string& town);
};

// The idle warning, over the current screen: a countdown, « Continuer »
// (while extensions are left) and « Terminer et effacer ».
struct IdleWarningScreen {
    enum Choice { None, Continue, Finish };
    void reset() {}
    Choice draw(Ui& ui, int seconds_left, int extensions_left, bool low_reach);
};

// Before leaving what cannot be found again (issue #18): the receipt's
// tracking code (« Avez-vous noté votre code ? ») or a half-filled démarche
// (« Terminer et effacer »). Over the current screen, like the idle warning.
struct ConfirmScreen {
    enum Kind { None, Receipt, Draft } kind = None;
    Nav on_leave;  // what to do when the resident confirms
    enum Choice { Undecided, Stay, Leave };
    float panel_h = 0;  // the panel's height last frame: in low reach it stands on the bottom edge
    void reset() { kind = None; on_leave = {}; panel_h = 0; }
    bool open() const { return kind != None; }
    void ask(Kind k, Nav leave) { kind = k; on_leave = std::move(leave); }
    Choice draw(Ui& ui, bool low_reach);
};

// « Affichage »: contrast, text size, low reach; and the way into staff mode.
struct SettingsScreen {
    void reset() {}
    void draw(Ui& ui, Settings& settings, Nav& nav);
};

}  // namespace guichet::ui
