// The one GLib main-loop thread that runs WPE WebKit in this process. WebKit
// takes the first thread that uses it as its main thread for the life of the
// process, so every view shares this thread (started on first use, stopped at
// exit) and the kiosk's UI thread never runs WebKit code.
#pragma once

#include <functional>
#include <string>

namespace guichet::web {

class EngineThread {
public:
    // The process's engine thread; WPE's backend loaded on it. Returns nullptr
    // and WHY when the backend cannot be loaded.
    static EngineThread* get(std::string& why);

    // Runs FN on the engine thread and waits for it (never call from that thread).
    void run(const std::function<void()>& fn);
    // Runs FN on the engine thread later.
    void post(std::function<void()> fn);

    ~EngineThread();
    struct Impl;

private:
    EngineThread() = default;
    Impl* impl_ = nullptr;
};

}  // namespace guichet::web
