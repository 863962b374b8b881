// The kiosk's window, GL context and Dear ImGui backends (SDL2 + OpenGL 3),
// behind a small interface so that screens never include SDL or GL.
//
// Call order, once per frame:
//   1. wait_events() (real input) — or nothing in replay mode;
//   2. new_frame() or new_frame_synthetic();
//   3. the UI's ImGui calls;
//   4. render(); optionally screenshot(); present().
// Everything here runs on the UI thread, except wake(), which any thread may call.
#pragma once

#include "common/result.hpp"
#include "platform/alert_sound.hpp"
#include "platform/nav_keys.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace guichet::platform {

struct Options {
    int width = 1080;         // portrait by default
    int height = 1920;
    bool fullscreen = false;  // kiosk mode; windowed otherwise
    bool headless = false;    // SDL "offscreen" video driver (Mesa, no display needed)
    std::string title = "Guichet";
};

// A finger on the touch screen (SDL_FINGERDOWN/MOTION/UP), in window pixels.
struct Finger {
    long long id = 0;
    float x = 0, y = 0;
};

// Input for one frame in replay mode (bypasses SDL's input entirely).
struct SyntheticInput {
    float mouse_x = -1, mouse_y = -1;  // -1: no pointer
    bool mouse_down = false;
    std::string text;                  // UTF-8 typed this frame
    std::vector<int> keys_down;        // SDL scancodes held this frame
    double dt_seconds = 1.0 / 60.0;    // simulated time step
    std::vector<Finger> fingers;       // touch points down this frame (replays' `pinch`)
};

// The pointer as speech's gestures see it (a mouse, or a touch SDL turned into one).
struct PointerEvent {
    enum Kind { Down, Move, Up } kind = Down;
    float x = 0, y = 0;
};

// A press the frame loop plays in place of the real pointer (speech's activation).
struct PointerOverride {
    float x = 0, y = 0;
    bool down = false;
};

class Platform {
public:
    static Result<std::unique_ptr<Platform>> create(const Options& options);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    // Blocks until an event arrives or TIMEOUT_MS passes (0: poll), and feeds
    // every pending event to ImGui. Returns the number of events handled;
    // QUIT becomes true on a window close or SIGINT/SIGTERM.
    int wait_events(int timeout_ms, bool& quit);
    // Thread-safe: wakes wait_events() so the UI redraws (a worker has results).
    static void wake();

    // Non-visual mode (docs/speech.md): the navigation keys and the pointer no
    // longer reach the screens; wait_events() keeps them for take_nav_keys()
    // and take_pointer_events(). Keypad keys are kept in any mode.
    void set_capture(bool capture) { capture_ = capture; }
    std::vector<NavKeyPress> take_nav_keys() { return std::exchange(nav_keys_, {}); }
    std::vector<PointerEvent> take_pointer_events() { return std::exchange(pointer_events_, {}); }

    // Real input and time; OVERRIDE (speech's tap) replaces the pointer.
    void new_frame(const PointerOverride* override_pointer = nullptr);
    void new_frame_synthetic(const SyntheticInput& in); // replay: scripted input and time
    // Draws ImGui's draw data to the back buffer. Where the back buffer keeps
    // the last frame (headless; a window whose EGL surface preserves it), only
    // the pixels that can differ from the last frame drawn are drawn again
    // (platform/damage.hpp); GUICHET_PARTIAL_REDRAW=0 redraws everything.
    // partial_redraw() says which applies.
    void render();
    // The share of the window's pixels the last render() drew again (0–1).
    double last_redraw_share() const;
    bool partial_redraw() const;
    // The colour render() clears to: the theme's background, so that the UI's
    // full-screen window need not paint it again (llvmpipe's fill is the frame's cost).
    void set_clear_color(float r, float g, float b) { clear_rgb_[0] = r, clear_rgb_[1] = g, clear_rgb_[2] = b; }
    // Ends ImGui's frame without drawing it: headless replays draw only the
    // frames they photograph (llvmpipe filling 1080×1920 is most of their time).
    void end_frame_undrawn();
    void present();                                     // swaps buffers
    void finish();  // waits until the GPU (llvmpipe: its threads) has drawn everything: frame timing
    // Writes the back buffer (after render(), before present()) as an RGB PNG,
    // top row first.
    Result<void> screenshot(const std::filesystem::path& png) const;

    // After the font atlas was rebuilt (new text size): uploads its texture again.
    // Call between frames, before new_frame().
    void reload_font_texture();
    // The idle warning's chime; silent (logged once) without an audio device.
    void play_alert();

    // The fingers down now, in the order they touched (the map's pinch; ImGui has no multi-touch).
    const std::vector<Finger>& fingers() const { return fingers_; }
    int width() const { return width_; }
    int height() const { return height_; }
    std::string renderer_name() const;
    // SDL scancode for a key name such as "Escape" or "Return"; -1 if unknown.
    static int scancode_from_name(const std::string& name);

private:
    float clear_rgb_[3] = {1, 1, 1};
    Platform() = default;
    struct Sdl;
    std::unique_ptr<Sdl> sdl_;
    std::unique_ptr<AlertSound> alert_ = std::make_unique<AlertSound>();  // closed before SDL_Quit
    int width_ = 0, height_ = 0;
    std::vector<Finger> fingers_;
    bool capture_ = false;
    bool swallow_text_ = false;  // the text a captured keypad key would type
    std::vector<NavKeyPress> nav_keys_;
    std::vector<PointerEvent> pointer_events_;
};

// Writes RGB8 pixels (top row first) as a PNG.
Result<void> write_png(const std::filesystem::path& path, int width, int height, const std::vector<unsigned char>& rgb);

}  // namespace guichet::platform
