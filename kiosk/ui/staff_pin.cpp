#include "ui/staff_pin.hpp"

#include <sodium.h>

#include <algorithm>

namespace guichet::ui {

bool valid_staff_pin(const std::string& pin) {
    return pin.size() >= 4 && pin.size() <= 12 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::string> hash_staff_pin(const std::string& pin) {
    if (!valid_staff_pin(pin)) return fail("a staff PIN is 4 to 12 digits");
    if (sodium_init() < 0) return fail("libsodium could not be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return fail("out of memory hashing the PIN");
    }
    return std::string(out);
}

void PinLockout::failure(double now) {
    ++failures_;
    if (failures_ < kFreeAttempts) return;
    double delay = kFirstDelay;
    for (int i = kFreeAttempts; i < failures_ && delay < kMaxDelay; ++i) delay *= 2;
    locked_until_ = now + std::min(delay, kMaxDelay);
}

PinCheck::~PinCheck() { cancel(); }

void PinCheck::cancel() {
    if (worker_.joinable()) worker_.join();
    running_ = false;
}

void PinCheck::start(const std::string& hash, std::string pin) {
    cancel();
    result_ = std::make_shared<std::atomic<int>>(-1);
    running_ = true;
    worker_ = std::thread([hash, pin = std::move(pin), result = result_]() mutable {
        bool ok = false;
        if (sodium_init() >= 0 && !hash.empty()) {
            ok = crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
        }
        sodium_memzero(pin.data(), pin.size());
        result->store(ok ? 1 : 0);
    });
}

void PinCheck::wait() {
    if (worker_.joinable()) worker_.join();
}

PinCheck::State PinCheck::poll() {
    if (!running_) return State::Idle;
    const int r = result_->load();
    if (r < 0) return State::Running;
    cancel();
    return r == 1 ? State::Accepted : State::Refused;
}

}  // namespace guichet::ui
