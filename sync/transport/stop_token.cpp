#include "transport/stop_token.hpp"

#include "common/staff_language.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>

namespace guichet::sync {

StopToken::StopToken() {
    if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) pipe_[0] = pipe_[1] = -1;
}

StopToken::~StopToken() {
    if (pipe_[0] >= 0) ::close(pipe_[0]);
    if (pipe_[1] >= 0) ::close(pipe_[1]);
}

void StopToken::request() noexcept {
    flag_.store(true, std::memory_order_release);
    if (pipe_[1] >= 0) (void)!::write(pipe_[1], "x", 1);  // one byte is enough: the pipe is never drained
}

bool StopToken::wait_for(long long millis) const {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(0LL, millis));
    while (!requested()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{pipe_[0], POLLIN, 0};
        // Without a pipe, poll on no descriptor: a plain bounded sleep.
        int n = ::poll(&p, pipe_[0] >= 0 ? 1 : 0, static_cast<int>(std::min<long long>(left, 1 << 30)));
        if (n < 0 && errno != EINTR) return requested();
    }
    return true;
}

namespace {

sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);  // the destructor's wake-up
    return signals;
}

}  // namespace

StopOnSignals::StopOnSignals(StopToken& token, std::string program, std::string what) {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    waiter_ = std::thread([&token, program = std::move(program), what = std::move(what), signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != SIGUSR1) {
            std::cerr << staff::msg("{1}: {2}, stopping{3}\n", {program, staff::msg(strsignal(sig)), what.empty() ? "" : " " + staff::msg(what)});
            token.request();
        }
    });
}

StopOnSignals::~StopOnSignals() {
    pthread_kill(waiter_.native_handle(), SIGUSR1);
    waiter_.join();
}

}  // namespace guichet::sync
