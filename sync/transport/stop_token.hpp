// A stop request that every wait of the agent can see at once: an atomic flag
// for loops, and a self-pipe whose read end turns readable (and stays so) for
// poll(2) — the cycle's sleep, the token bucket's pacing and the HTTP client's
// transfer loop all wait on it, so SIGTERM stops them within milliseconds.
// request() is async-signal-safe.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace guichet::sync {

class StopToken {
public:
    StopToken();
    ~StopToken();
    StopToken(const StopToken&) = delete;
    StopToken& operator=(const StopToken&) = delete;

    void request() noexcept;
    bool requested() const noexcept { return flag_.load(std::memory_order_acquire); }
    const std::atomic<bool>& flag() const noexcept { return flag_; }
    // Readable once request() was called; never drained. -1 if the pipe could not be made
    // (then only the flag works and waits run to their timeouts).
    int fd() const noexcept { return pipe_[0]; }
    // Waits up to MILLIS or until a stop is requested; true when stopped.
    bool wait_for(long long millis) const;

private:
    std::atomic<bool> flag_{false};
    int pipe_[2] = {-1, -1};
};

// While it lives, SIGTERM and SIGINT request a stop of TOKEN instead of ending
// the process: they are blocked in every thread started after it and taken by
// a waiting thread, which says "PROGRAM: Terminated, stopping WHAT" on stderr.
// Construct it in main() before starting any other thread.
class StopOnSignals {
public:
    StopOnSignals(StopToken& token, std::string program, std::string what);
    ~StopOnSignals();
    StopOnSignals(const StopOnSignals&) = delete;
    StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
    std::thread waiter_;
};

}  // namespace guichet::sync
