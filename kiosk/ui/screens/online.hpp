// « Services en ligne » (issue #22, docs/web-view.md): one of a rubrique's
// sites in the locked-down web view, drawn as a texture in the content area
// between the kiosk's header and its « ‹ Retour » / « Terminer et effacer ».
// The view (and its ephemeral profile) lives until the session's reset.
#pragma once

#include "platform/texture.hpp"
#include "ui/content.hpp"
#include "ui/widgets.hpp"
#include "web/web_view.hpp"

#include <memory>
#include <string>

namespace guichet::ui {

class OnlineScreen {
public:
    // Ends the resident's web session: view, profile and texture destroyed.
    void reset();
    // TARGET: "<menu id>#<site index>".
    void draw(Ui& ui, const Content& c, const std::string& target, Nav& nav);
    // The frame loop polls while a page is open (WebKit paints on its own thread).
    bool open() const { return view_ != nullptr; }
    // Replays: waits (at most 10 s of real time) until the page is loaded and painted.
    void wait_settled() const;

private:
    void open_site(const MenuItem& menu, std::size_t index, int width, int height);
    void handle_input(float origin_x, float origin_y, float scale);  // where the page is drawn, screen pixels per page pixel
    std::unique_ptr<web::WebView> view_;
    std::string target_;
    platform::Texture texture_;
    web::Frame frame_;
    std::string message_;  // French, from the view's last refusal or error
    bool pressed_ = false;
    float press_x_ = 0, press_y_ = 0, last_y_ = 0;
    bool dragging_ = false;
};

// The origins a rubrique's sites open (their allow-list).
std::vector<std::string> site_origins(const MenuItem& menu);

}  // namespace guichet::ui
