// Loads the installed pack on a worker thread and hands the result to the UI
// thread through a queue drained once per frame (common/worker_queue.hpp). The
// UI thread never reads a file.
#pragma once

#include "common/worker_queue.hpp"
#include "ui/content.hpp"

#include <filesystem>
#include <functional>
#include <optional>

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
    LoadResult load(bool only_if_changed);  // worker

    LoaderOptions options_;
    std::string last_signature_;  // of the packs directory at the last load; worker only
    // Last: destroyed first, so a running load finishes before the options go.
    WorkerQueue<bool, LoadResult> queue_;  // job: only_if_changed
};

}  // namespace guichet::ui
