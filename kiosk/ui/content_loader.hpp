// Loads the installed pack on a worker thread and hands the result to the UI
// thread through a queue drained once per frame. The UI thread never reads
// a file.
#pragma once

#include "ui/content.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace guichet::ui {

struct LoaderOptions {
    std::filesystem::path packs_dir;  // holds *.gpk (and *.pub when keys_dir is empty)
    std::filesystem::path keys_dir;   // trusted minisign public keys (*.pub)
    std::filesystem::path state_dir;  // trust state (trust-state.json); read only
    std::string kiosk_id = "kiosk";
};

// Synchronous: verifies every *.gpk (signature, then TrustStore::admit) and
// builds the content of the admitted pack with the highest version.
LoadResult load_content(const LoaderOptions& options);

class ContentLoader {
public:
    // ON_READY is called on the worker when a result is queued (e.g. Platform::wake).
    ContentLoader(LoaderOptions options, std::function<void()> on_ready);
    ~ContentLoader();
    ContentLoader(const ContentLoader&) = delete;
    ContentLoader& operator=(const ContentLoader&) = delete;

    void request();                    // starts a load unless one is running
    // Starts a cheap check of the packs directory (names, sizes, modification
    // times of *.gpk and the trust state) unless a load is running; loads again
    // only if it changed since the last load, else queues a result with
    // `unchanged` set. Returns whether a result will be queued.
    bool rescan();
    std::optional<LoadResult> poll();  // UI thread, once per frame
    bool busy() const;
    LoadResult wait();                 // blocks until a result is queued (replay start-up only)

private:
    LoaderOptions options_;
    std::function<void()> on_ready_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<LoadResult> done_;
    bool running_ = false;
    std::string last_signature_;  // of the packs directory at the last load; worker only
    std::thread worker_;

    bool start(bool only_if_changed);
};

}  // namespace guichet::ui
