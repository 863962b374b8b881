// One struct per screen: its state, reset() (called by the idle reset and by
// "Terminer et effacer") and one draw function. The dispatcher (ui/app.cpp)
// owns them and is the only caller.
#pragma once

#include "ui/content.hpp"
#include "ui/widgets.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

struct HomeScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, Nav& nav);
};

struct RubriqueScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, const std::string& menu_id, Nav& nav);
};

struct PageScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, const std::string& path, Nav& nav);
};

// The démarche's introduction: title, explanatory note, pièces à joindre.
// (The wizard that fills it in is the next milestone.)
struct DemarcheScreen {
    void reset() {}
    void draw(Ui& ui, const Content& c, const std::string& form_id, Nav& nav);
};

// No usable pack: a clear message for residents, the reasons for staff.
struct NoContentScreen {
    void reset() {}
    void draw(Ui& ui, bool loading, const std::vector<std::string>& problems);
};

}  // namespace guichet::ui
