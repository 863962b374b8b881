// « Demander une synchronisation »: writes STATE/sync-request, the file the
// sync agent (guichet-sync, issue #5; docs/protocol.md) watches, on a worker
// thread so that the UI thread does no file I/O. The agent deletes the file
// when it starts the requested cycle.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace guichet::ui {

inline constexpr const char* kSyncRequestFile = "sync-request";

class SyncRequester {
public:
    enum class State { Idle, Running, Done, Failed };
    ~SyncRequester();
    void request(const std::filesystem::path& state_dir);
    State poll();  // UI thread; Done/Failed stay until the next request
    const std::string& error() const { return error_; }
    void wait();  // blocks until a running request is written (replays: deterministic)

private:
    struct Shared {
        std::atomic<int> state{0};  // 0 running, 1 done, 2 failed
        std::string error;          // written before state
    };
    std::thread worker_;
    std::shared_ptr<Shared> shared_;
    State state_ = State::Idle;
    std::string error_;
};

}  // namespace guichet::ui
