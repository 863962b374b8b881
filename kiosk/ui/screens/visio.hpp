// « Rendez-vous en visio » (issue #16, docs/visio.md §9): the resident types
// the tracking code of their booking; the call (ui/visio/visio_call.hpp)
// asks the hub on its worker and the screen says where things stand in
// plain French, then shows the waiting screen and the call: the agent large,
// the resident small, the camera's state, and « Couper le micro »,
// « Couper la caméra », « Raccrocher » always in view. The pictures come from
// the call's frame slots and are uploaded as textures here, on the UI
// thread, only when a new one arrived. reset() (idle reset, « Terminer et
// effacer ») hangs up and forgets the code and the pictures.
#pragma once

#include "platform/texture.hpp"
#include "ui/keyboard.hpp"
#include "ui/visio/visio_call.hpp"
#include "ui/widgets.hpp"

#include <filesystem>
#include <string>

namespace guichet::ui {

struct VisioScreen {
    TextEntry entry;
    std::string code;
    std::string booked;  // the tracking code of a slot booked in this session ("" when none): one tap
    bool started = false;
    VisioCall call;
    visio::Frame remote, local;  // the pictures last taken
    platform::Texture remote_texture, local_texture;
    long uploads = 0;  // remote pictures uploaded (tests and replays: the call is drawn)

    VisioScreen();
    void reset();
    void draw(Ui& ui, const CallOptions& options, Nav& nav);

private:
    void draw_entry(Ui& ui, const CallOptions& options);
    void draw_call(Ui& ui);
    void upload();
};

}  // namespace guichet::ui
