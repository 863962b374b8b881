// A token bucket for the agent's bandwidth cap (guichet-sync --max-rate):
// RATE bytes per second on average, bursts of at most BURST bytes. The clock
// and the sleep are injected so tests run in simulated time, without sleeping.
#pragma once

#include "transport/stop_token.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace guichet::sync {

class TokenBucket {
public:
    using Clock = std::function<std::int64_t()>;             // monotonic microseconds
    using Sleep = std::function<void(std::int64_t micros)>;  // waits that long (the real one, or a test's)

    // Starts full (BURST tokens). RATE and BURST ≥ 1.
    TokenBucket(std::uint64_t bytes_per_second, std::uint64_t burst_bytes, Clock clock, Sleep sleep);
    // steady_clock, and a sleep that STOP (when given) cuts short: a stopping
    // agent does not wait for its bandwidth cap.
    static std::shared_ptr<TokenBucket> real(std::uint64_t bytes_per_second, std::uint64_t burst_bytes,
                                             const StopToken* stop = nullptr);

    // Takes N tokens; when fewer are there, sleeps until the deficit has
    // refilled (N may exceed BURST: the bucket goes into debt and the wait
    // covers it). Returns the microseconds slept. Thread-safe.
    std::int64_t consume(std::uint64_t n);

    std::uint64_t rate() const { return rate_; }
    std::uint64_t burst() const { return burst_; }
    std::uint64_t consumed() const;     // bytes passed so far
    std::int64_t slept_micros() const;  // total waited so far

private:
    void refill(std::int64_t now);
    std::uint64_t rate_, burst_;
    Clock clock_;
    Sleep sleep_;
    mutable std::mutex mutex_;
    double tokens_;
    std::int64_t last_;
    std::uint64_t consumed_ = 0;
    std::int64_t slept_ = 0;
};

}  // namespace guichet::sync
