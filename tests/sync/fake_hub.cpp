#include "fake_hub.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace guichet::test::sync {

namespace {

constexpr std::size_t kMaxRequest = 8 << 20;  // a démarche chunk and its headers fit

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

FakeHub::FakeHub(FakeHubOptions options) : options_(options) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
        throw std::runtime_error("bind/listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FakeHub::~FakeHub() {
    {
        std::lock_guard lock(mutex_);  // no waiter can miss it between its check and its wait
        stop_ = true;
    }
    changed_.notify_all();
    acceptor_.join();
    for (auto& t : workers_) t.join();
    ::close(listen_fd_);
}

bool FakeHub::wait_attacks(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return attacks_started_ >= n; });
}

bool FakeHub::wait_attack_in_progress(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return attacks_in_progress_ > 0; });
}

std::vector<long long> FakeHub::attack_durations_ms() {
    std::lock_guard lock(mutex_);
    return durations_;
}

bool FakeHub::pause(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !changed_.wait_for(lock, d, [&] { return stop_.load(); });
}

void FakeHub::accept_loop() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        ++accepted_;
        if (open_ >= kMaxConnections || workers_.size() >= 256) {  // bounded: the test never needs more
            ::close(fd);
            continue;
        }
        ++open_;
        workers_.emplace_back([this, fd] {
            serve(fd);
            ::close(fd);
            --open_;
        });
    }
}

bool FakeHub::send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        if (stop_) return false;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, 50) <= 0) continue;  // a client that stops reading: wait, watching stop_
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::vector<std::string> FakeHub::requests() {
    std::lock_guard lock(mutex_);
    return requests_;
}

void FakeHub::serve(int fd) {
    std::string buffer;
    char chunk[16384];
    while (!stop_) {
        // One request: headers, then a Content-Length body.
        std::size_t end = std::string::npos;
        std::size_t body_length = 0;
        bool closed = false;
        while (!stop_) {
            if (end == std::string::npos && (end = buffer.find("\r\n\r\n")) != std::string::npos) {
                auto head = lower(buffer.substr(0, end));
                if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
                    body_length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
            }
            if (end != std::string::npos && buffer.size() >= end + 4 + body_length) break;
            if (buffer.size() > kMaxRequest) return;
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) {
                closed = true;
                break;
            }
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
        if (stop_ || closed) return;
        const std::string request_line = buffer.substr(0, buffer.find("\r\n"));
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request_line + "\n" + buffer.substr(end + 4, body_length));
        }
        buffer.erase(0, end + 4 + body_length);
        const bool ping = request_line.starts_with("GET /v1/ping ");
        if (options_.mode == FakeHubMode::no_content && !ping) {
            if (!send_all(fd, "HTTP/1.1 204 No Content\r\n\r\n")) return;
            continue;
        }
        if (options_.mode == FakeHubMode::ok || (ping && options_.ping_ok)) {
            if (!send_all(fd,
                          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                          "{\"ok\":true}"))
                return;
            continue;
        }
        {
            std::lock_guard lock(mutex_);
            ++attacks_started_;
            ++attacks_in_progress_;
        }
        changed_.notify_all();
        const auto start = std::chrono::steady_clock::now();
        const bool go_on = attack(fd);
        {
            std::lock_guard lock(mutex_);
            --attacks_in_progress_;
            durations_.push_back(
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                    .count());
        }
        changed_.notify_all();
        if (!go_on) return;
    }
}

bool FakeHub::attack(int fd) {
    switch (options_.mode) {
        case FakeHubMode::many_headers: {
            std::string answer = "HTTP/1.1 200 OK\r\n";
            for (int i = 0; i < options_.header_count; ++i) {
                std::string name = "X-H" + std::to_string(i) + ": ";
                answer +=
                    name +
                    std::string(options_.header_size > name.size() + 2 ? options_.header_size - name.size() - 2 : 1,
                                'a') +
                    "\r\n";
            }
            answer += "Content-Length: 0\r\n\r\n";
            return send_all(fd, answer);
        }
        case FakeHubMode::endless_headers: {
            if (!send_all(fd, "HTTP/1.1 200 OK\r\n")) return false;
            std::string block;
            for (int i = 0; i < 64; ++i) block += "X-Endless: " + std::string(52, 'e') + "\r\n";
            while (send_all(fd, block)) {
            }
            return false;
        }
        case FakeHubMode::slow_headers: {
            if (!send_all(fd, "HTTP/1.1 200 OK\r\n")) return false;
            // Watches the socket between lines, so that the client's giving up is seen (and timed) at once.
            auto next = std::chrono::steady_clock::now() + options_.interval;
            for (int i = 0; !stop_;) {
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 20) > 0) {
                    char sink[512];
                    if (::recv(fd, sink, sizeof sink, 0) <= 0) return false;
                }
                if (std::chrono::steady_clock::now() >= next) {
                    if (!send_all(fd, "X-Slow-" + std::to_string(i++) + ": 1\r\n")) return false;
                    next += options_.interval;
                }
            }
            return false;
        }
        case FakeHubMode::endless_body: {
            if (!send_all(fd,
                          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"))
                return false;
            const std::string chunk = "4000\r\n" + std::string(16384, ' ') + "\r\n";
            while (send_all(fd, chunk))
                if (options_.interval.count() > 0 && !pause(options_.interval)) return false;
            return false;
        }
        case FakeHubMode::silent: {
            // Reads whatever comes (so that the client's writes never block), answers nothing.
            char sink[4096];
            while (!stop_) {
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 50) <= 0) continue;
                if (::recv(fd, sink, sizeof sink, 0) <= 0) return false;
            }
            return false;
        }
        case FakeHubMode::status_503:
            return send_all(fd,
                            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                            "2\r\n\r\n{}");
        case FakeHubMode::ok:
        case FakeHubMode::no_content:
            break;
    }
    return false;
}

}  // namespace guichet::test::sync
