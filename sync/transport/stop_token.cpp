#include "transport/stop_token.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

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

}  // namespace guichet::sync
