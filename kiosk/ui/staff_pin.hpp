// Staff mode's PIN: a libsodium password hash (crypto_pwhash_str, Argon2id)
// from STATE/staff-pin or --staff-pin-hash, checked on a worker thread (it
// takes ~0.1 s and 64 MiB on purpose), and a lockout that grows after three
// failures. The lockout counts frame-clock seconds, so replays simulate it.
#pragma once

#include "common/result.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace guichet::ui {

// A hash line for STATE/staff-pin (guichet-kiosk --hash-pin). PIN: 4 to 12 digits.
Result<std::string> hash_staff_pin(const std::string& pin);
bool valid_staff_pin(const std::string& pin);

class PinLockout {
public:
    static constexpr int kFreeAttempts = 3;
    static constexpr double kFirstDelay = 30;   // seconds, doubled at each further failure
    static constexpr double kMaxDelay = 3600;

    bool locked(double now) const { return now < locked_until_; }
    double seconds_left(double now) const { return locked(now) ? locked_until_ - now : 0; }
    void failure(double now);
    void success() { failures_ = 0; }
    int failures() const { return failures_; }

private:
    int failures_ = 0;
    double locked_until_ = 0;
};

// One PIN check at a time, off the UI thread. The PIN is copied into
// sodium-guarded memory and wiped after the check.
class PinCheck {
public:
    enum class State { Idle, Running, Accepted, Refused };
    ~PinCheck();
    void start(const std::string& hash, std::string pin);
    State poll();  // UI thread, once per frame; Accepted/Refused are returned once, then Idle
    void cancel();
    void wait();  // blocks until a running check has answered (replays: deterministic)

private:
    std::thread worker_;
    std::shared_ptr<std::atomic<int>> result_;  // -1 running, 0 refused, 1 accepted
    bool running_ = false;
};

}  // namespace guichet::ui
