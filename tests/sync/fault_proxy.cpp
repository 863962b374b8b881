#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>

namespace guichet::test::sync {

namespace {

void no_delay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void close_with_reset(int fd) {
    linger l{1, 0};  // RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}

int connect_loopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

std::string FaultCounts::describe() const {
    return "pass " + std::to_string(pass) + ", drop " + std::to_string(drop) + ", reset " + std::to_string(reset) +
           ", 503 " + std::to_string(answer_503) + ", cut request " + std::to_string(cut_request) + ", cut answer " +
           std::to_string(cut_answer) + ", delay " + std::to_string(delay);
}

FaultProxy::FaultProxy(std::uint64_t seed, int fault_percent) : fault_percent_(fault_percent), rng_(seed) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0)
        throw std::runtime_error("fault proxy: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("fault proxy: pipe");
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    (void)!::write(stop_pipe_[1], "x", 1);
    acceptor_.join();
    for (auto& w : workers_) w.thread.join();  // each worker polls the stop pipe too
    ::close(listen_fd_);
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
}

FaultCounts FaultProxy::counts() {
    std::lock_guard lock(mutex_);
    return counts_;
}

FaultProxy::Plan FaultProxy::draw() {
    std::lock_guard lock(mutex_);
    Plan p;
    std::uniform_int_distribution<int> percent(0, 99);
    if (percent(rng_) >= fault_percent_) {
        ++counts_.pass;
        return p;
    }
    switch (std::uniform_int_distribution<int>(0, 5)(rng_)) {
        case 0:
            p.fate = Fate::drop;
            ++counts_.drop;
            break;
        case 1:
            p.fate = Fate::reset;
            ++counts_.reset;
            break;
        case 2:
            p.fate = Fate::answer_503;
            ++counts_.answer_503;
            break;
        case 3:
            p.fate = Fate::cut_request;
            ++counts_.cut_request;
            break;
        case 4:
            p.fate = Fate::cut_answer;
            ++counts_.cut_answer;
            break;
        default:
            p.fate = Fate::delay;
            ++counts_.delay;
            break;
    }
    // Cuts land anywhere in the first requests of the connection, headers or body.
    p.cut_after = std::uniform_int_distribution<std::uint64_t>(0, 40'000)(rng_);
    p.delay_ms = std::uniform_int_distribution<int>(1, 40)(rng_);
    return p;
}

void FaultProxy::accept_loop() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno == EINTR) continue;
        if (fds[1].revents || stopping_) return;
        int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        Plan plan = draw();
        for (auto it = workers_.begin(); it != workers_.end();) {
            if (*it->done) {
                it->thread.join();
                it = workers_.erase(it);
            } else {
                ++it;
            }
        }
        auto done = std::make_shared<std::atomic<bool>>(false);
        workers_.push_back({std::thread([this, client, plan, done] {
                                serve(client, plan);
                                *done = true;
                            }),
                            done});
    }
}

std::vector<RangeRequest> FaultProxy::range_requests() {
    std::lock_guard lock(mutex_);
    return ranges_;
}

DownloadTally tally_downloads(const std::vector<RangeRequest>& record) {
    DownloadTally t;
    struct File {
        bool asked = false;  // a ranged GET seen
        bool fresh = false;  // a HEAD seen, its first GET not yet
        std::uint64_t furthest = 0;
    };
    std::map<std::string, File> files;
    for (const auto& rr : record) {
        if (!rr.name.starts_with("packs/") && !rr.name.starts_with("deltas/")) continue;
        File& f = files[rr.name];
        if (rr.head) {
            f.fresh = true;
            continue;
        }
        if (f.fresh) {
            ++t.attempts;
            if (f.asked && rr.start < f.furthest) {
                ++t.restarted;
                t.restarts += rr.name + ": from " + std::to_string(f.furthest) + " back to " + std::to_string(rr.start) + "; ";
            } else if (rr.start > 0) {
                ++t.resumed;
            }
            f.fresh = false;
        }
        if (!f.asked) ++t.files;
        f.asked = true;
        f.furthest = std::max(f.furthest, rr.start);
    }
    return t;
}

void FaultProxy::HeadScanner::feed(const char* data, std::size_t len, FaultProxy& proxy) {
    for (std::size_t i = 0; i < len; ++i) {
        const char c = data[i];
        if (c != '\n') {
            if (line.size() < 1024) line += c;  // body bytes make long "lines": never looked at
            continue;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        static const std::string get = "GET /v1/repo/", head = "HEAD /v1/repo/", range = "Range: bytes=";
        static const std::string batch = "POST /v1/kiosk/demarches:batch ", put = "PUT /v1/demarches/";
        if (line.empty()) {
            name.clear();  // end of a request head
        } else if (line.rfind(batch, 0) == 0) {
            ++proxy.batch_requests_;
        } else if (line.rfind(put, 0) == 0) {
            ++proxy.single_submissions_;
        } else if (line.rfind(head, 0) == 0) {
            std::lock_guard lock(proxy.mutex_);
            proxy.ranges_.push_back({line.substr(head.size(), line.find(' ', head.size()) - head.size()), 0, true});
        } else if (line.rfind(get, 0) == 0) {
            name = line.substr(get.size(), line.find(' ', get.size()) - get.size());
        } else if (!name.empty() && line.rfind(range, 0) == 0) {
            std::lock_guard lock(proxy.mutex_);
            proxy.ranges_.push_back({name, std::strtoull(line.c_str() + range.size(), nullptr, 10), false});
        }
        line.clear();
    }
}

void FaultProxy::serve(int client, Plan plan) {
    auto wait_stop = [&](int ms) {
        pollfd p{stop_pipe_[0], POLLIN, 0};
        return ::poll(&p, 1, ms) > 0;
    };
    if (plan.fate == Fate::drop) return (void)::close(client);
    if (plan.fate == Fate::reset) return close_with_reset(client);
    if (plan.fate == Fate::answer_503) {
        static const char answer[] =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)!::send(client, answer, sizeof answer - 1, MSG_NOSIGNAL);
        return (void)::close(client);
    }
    if (plan.fate == Fate::delay && wait_stop(plan.delay_ms)) return (void)::close(client);
    int upstream = connect_loopback(upstream_);
    if (upstream < 0) return close_with_reset(client);  // the hub is down: as a refused connection
    no_delay(client);
    no_delay(upstream);
    std::uint64_t up = 0, down = 0;
    HeadScanner heads;
    char buf[16384];
    bool open = true;
    while (open && !stopping_) {
        pollfd fds[3] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[2].revents) break;
        for (int side = 0; side < 2 && open; ++side) {
            if (!fds[side].revents) continue;
            const int from = side == 0 ? client : upstream;
            const int to = side == 0 ? upstream : client;
            ssize_t n = ::recv(from, buf, sizeof buf, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            auto len = static_cast<std::uint64_t>(n);
            auto& sent = side == 0 ? up : down;
            const bool cutting =
                (side == 0 && plan.fate == Fate::cut_request) || (side == 1 && plan.fate == Fate::cut_answer);
            if (cutting && sent + len >= plan.cut_after) {
                len = plan.cut_after - sent;
                open = false;
            }
            if (len > 0 && ::send(to, buf, len, MSG_NOSIGNAL) != static_cast<ssize_t>(len)) open = false;
            sent += len;
            if (side == 0) {
                bytes_up_ += len;
                heads.feed(buf, static_cast<std::size_t>(len), *this);
            }
        }
    }
    close_with_reset(upstream);
    close_with_reset(client);
}

}  // namespace guichet::test::sync
