// The screen dispatcher: navigation stack, the frame's layout (header,
// scrolling content, "Retour" / "Terminer et effacer", status bar) and the
// session reset. UI thread only; no I/O.
#pragma once

#include "ui/content.hpp"
#include "ui/screens/screens.hpp"
#include "ui/widgets.hpp"

#include <memory>
#include <string>
#include <vector>

namespace guichet::ui {

struct Route {
    Nav::Kind kind = Nav::Home;  // Home, Menu, Page or Form
    std::string target;
    int serial = 0;              // new scroll region per visit
};

class KioskApp {
public:
    explicit KioskApp(Ui& ui) : ui_(ui) {}

    // From the loader's queue. A new pack replaces the current one only when no
    // session is in progress (at home); otherwise it waits for the next reset.
    void offer(LoadResult result);
    void frame();           // one ImGui frame of the whole UI
    void reset_session();   // back home, every screen's state wiped, pending pack switched in
    bool in_session() const { return stack_.size() > 1; }
    const Route& route() const { return stack_.back(); }
    const Content* content() const { return content_.get(); }

private:
    void go(const Nav& nav);
    Ui& ui_;
    std::shared_ptr<const Content> content_;
    std::vector<std::string> problems_;
    bool loaded_once_ = false;
    std::unique_ptr<LoadResult> pending_;
    std::vector<Route> stack_{Route{}};
    int serial_ = 0;

    HomeScreen home_;
    RubriqueScreen rubrique_;
    PageScreen page_;
    DemarcheScreen demarche_;
    NoContentScreen no_content_;
};

}  // namespace guichet::ui
