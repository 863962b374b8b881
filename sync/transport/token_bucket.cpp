#include "transport/token_bucket.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace guichet::sync {

TokenBucket::TokenBucket(std::uint64_t bytes_per_second, std::uint64_t burst_bytes, Clock clock, Sleep sleep)
    : rate_(std::max<std::uint64_t>(1, bytes_per_second)),
      burst_(std::max<std::uint64_t>(1, burst_bytes)),
      clock_(std::move(clock)),
      sleep_(std::move(sleep)),
      tokens_(static_cast<double>(burst_)),
      last_(clock_()) {}

std::shared_ptr<TokenBucket> TokenBucket::real(std::uint64_t bytes_per_second, std::uint64_t burst_bytes,
                                               const StopToken* stop) {
    return std::make_shared<TokenBucket>(
        bytes_per_second, burst_bytes,
        [] {
            return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                 std::chrono::steady_clock::now().time_since_epoch())
                                                 .count());
        },
        [stop](std::int64_t micros) {
            if (stop) stop->wait_for((micros + 999) / 1000);
            else std::this_thread::sleep_for(std::chrono::microseconds(micros));
        });
}

void TokenBucket::refill(std::int64_t now) {
    if (now > last_) {
        tokens_ = std::min(static_cast<double>(burst_),
                           tokens_ + static_cast<double>(now - last_) * static_cast<double>(rate_) / 1e6);
        last_ = now;
    }
}

std::int64_t TokenBucket::consume(std::uint64_t n) {
    std::lock_guard lock(mutex_);
    refill(clock_());
    tokens_ -= static_cast<double>(n);
    consumed_ += n;
    if (tokens_ >= 0) return 0;
    const auto wait = static_cast<std::int64_t>(std::ceil(-tokens_ * 1e6 / static_cast<double>(rate_)));
    sleep_(wait);
    slept_ += wait;
    refill(clock_());
    return wait;
}

std::uint64_t TokenBucket::consumed() const {
    std::lock_guard lock(mutex_);
    return consumed_;
}

std::int64_t TokenBucket::slept_micros() const {
    std::lock_guard lock(mutex_);
    return slept_;
}

}  // namespace guichet::sync
