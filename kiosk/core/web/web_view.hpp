// A locked-down web page inside the kiosk (issue #22, docs/web-view.md).
// WPE WebKit renders off screen (wpebackend-fdo, SHM export) on one GLib
// main-loop thread per process; the UI thread only takes the newest frame
// (RGBA) and events, and sends input. Each session has an ephemeral profile
// (nothing on disk) destroyed by reset(); navigation outside the allow-list
// is refused and reported; TLS errors are final; a crashed web process is
// restarted. No WebKit or GLib type in this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace guichet::web {

struct WebViewOptions {
    int width = 1080, height = 1500;            // the page's size in pixels
    std::vector<std::string> allowed_origins;   // "https://www.service-public.fr"
    int memory_limit_mb = 700;                  // the web process is killed above this (then restarted)
    int max_restarts = 3;                       // per session: a page that keeps crashing is left stopped
    // Called on the engine thread after each new frame or event (the kiosk
    // wakes its frame loop: Platform::wake). Must not call back into the view.
    std::function<void()> on_change;
};

struct Frame {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;  // width × height × 4, rows top to bottom
    std::uint64_t serial = 0;        // grows with each new frame
};

enum class EventKind {
    load_started,
    load_finished,
    refused,      // navigation outside the allow-list: uri is the refused address
    tls_error,    // certificate not trusted: never overridable
    load_failed,  // network error (line down, server gone)
    crashed,      // the web process ended (crash, memory cap); restarted unless the limit is reached
    download_refused,  // a response WebKit cannot show (PDF…): never written to disk
    upload_refused,    // an <input type=file> was tapped: no file chooser yet
};

struct Event {
    EventKind kind;
    std::string uri;
    std::string message;  // French, for the resident ("" for load_started/finished)
};

enum class PointerButton { left = 1 };

class WebView {
public:
    // nullptr and WHY when WPE cannot start (backend missing).
    static std::unique_ptr<WebView> create(const WebViewOptions& options, std::string& why);
    ~WebView();  // the view, its context and its ephemeral profile destroyed on the engine thread
    WebView(const WebView&) = delete;
    WebView& operator=(const WebView&) = delete;

    // Loads URI if the allow-list allows it, otherwise reports `refused`.
    void load(const std::string& uri);
    // Ends the resident's session: view, context and ephemeral website data
    // destroyed, fresh ones made (blank page); the frame slot is emptied.
    void reset();

    // Copies the newest frame into OUT when its serial is above OUT.serial.
    bool take_frame(Frame& out) const;
    // The events since the last call, oldest first.
    std::vector<Event> take_events();
    std::string title() const;
    std::string uri() const;
    int restarts() const;  // web process restarts in this session
    // A load in progress, or none painted yet (replays wait for it to settle).
    bool busy() const;

    // Input, in page pixels (the caller maps its texture rectangle).
    void pointer_move(int x, int y);
    void pointer_button(int x, int y, bool pressed);
    void touch(int id, int x, int y, int phase);  // phase: 0 down, 1 motion, 2 up
    void scroll(int x, int y, int dy_pixels);     // positive: down the page
    void key(std::uint32_t keysym, bool pressed); // X keysyms (wpe/keysyms.h)
    void text(const std::string& utf8);           // the on-screen keyboard's characters

    // Ends the web process (tests: the crash path).
    void terminate_web_process();

    // Blocks until the view changed (frame, event, title) after GENERATION
    // or TIMEOUT passed; returns the current generation.
    std::uint64_t wait_change(std::uint64_t generation, std::chrono::milliseconds timeout) const;
    std::uint64_t generation() const;

    struct Impl;

private:
    explicit WebView(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::web
