#include "hub_front.hpp"

#include "protocol/routes.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace guichet::test::sync {

namespace {

bool send_all(int fd, const std::string& s) {
    return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
}

std::string answer(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Not Found") +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

HubFront::HubFront(int hub_port, HubFrontOptions options) : options_(options), hub_port_(hub_port) {
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listen_, 8) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] {
        for (;;) {
            pollfd p{listen_, POLLIN, 0};
            if (stop_ || ::poll(&p, 1, 100) < 0) return;
            if (!(p.revents & POLLIN)) continue;
            int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) return;
            std::lock_guard lock(workers_mutex_);
            workers_.emplace_back([this, fd] { serve(fd); });
        }
    });
}

HubFront::~HubFront() {
    stop_ = true;
    changed_.notify_all();
    acceptor_.join();
    for (auto& w : workers_) w.join();
    ::close(listen_);
}

// One HTTP message (head and Content-Length body) from FD into OUT; false on close or timeout.
bool HubFront::read_message(int fd, std::string& buffer, std::string& out) {
    for (int rounds = 0; rounds < 2000 && !stop_; ++rounds) {
        const auto end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            std::size_t length = 0;
            std::string head = buffer.substr(0, end);
            for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (auto at = head.find("content-length:"); at != std::string::npos) length = std::stoul(head.substr(at + 15));
            if (buffer.size() >= end + 4 + length) {
                out = buffer.substr(0, end + 4 + length);
                buffer.erase(0, out.size());
                return true;
            }
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10) < 0) return false;
        if (!(p.revents & (POLLIN | POLLHUP))) continue;
        char buf[65536];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        buffer.append(buf, static_cast<std::size_t>(n));
    }
    return false;
}

bool HubFront::forward(int hub, std::string& from_hub, const std::string& request, std::string& reply) {
    return send_all(hub, request) && read_message(hub, from_hub, reply);
}

void HubFront::serve(int fd) {
    int hub = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(hub_port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string from_client, from_hub, request, reply;
    using Batch = HubFrontOptions::Batch;
    if (::connect(hub, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        while (!stop_ && read_message(fd, from_client, request)) {
            const auto line = request.substr(0, request.find("\r\n"));
            if (line.find(std::string(guichet::sync::paths::kKioskDemarchesBatch)) != std::string::npos) {
                const int nth = ++batch_requests_;
                if (options_.batch == Batch::not_found) {
                    if (!send_all(fd, answer(404, R"({"error":"not-found","message":"no such route"})"))) break;
                    continue;
                }
                {
                    std::unique_lock lock(mutex_);
                    ++batches_in_flight_;
                    most_at_once_ = std::max<int>(most_at_once_, batches_in_flight_);
                    changed_.notify_all();
                    if (options_.batch == Batch::hold_first && nth == 1)
                        released_by_second_ = changed_.wait_for(lock, std::chrono::seconds(5),
                                                                [&] { return stop_ || batch_requests_ >= 2; });
                }
                const bool ok = forward(hub, from_hub, request, reply);
                {
                    std::lock_guard lock(mutex_);
                    --batches_in_flight_;
                }
                if (!ok || (options_.batch == Batch::lose_answer_of_nth && nth == options_.nth)) break;
                if (!send_all(fd, reply)) break;
                continue;
            }
            if (!options_.advertise && line.starts_with("GET " + std::string(guichet::sync::paths::kPing))) {
                if (!send_all(fd, answer(200, R"({"protocol":1})"))) break;
                continue;
            }
            if (line.starts_with("PUT ")) ++single_puts_;
            if (!forward(hub, from_hub, request, reply) || !send_all(fd, reply)) break;
        }
    }
    ::close(hub);
    ::close(fd);
}

}  // namespace guichet::test::sync
