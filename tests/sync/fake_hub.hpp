// A hostile hub for the client-side tests (issue #21): raw sockets on
// 127.0.0.1, one thread per connection (at most kMaxConnections at once; more
// are closed at once), every wait bounded and cut by the destructor. Each
// request is read whole (headers, Content-Length body), then answered as the
// mode says; GET /v1/ping may be answered normally so that the agent goes on
// to the requests under attack.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace guichet::test::sync {

enum class FakeHubMode {
    ok,               // 200 {"ok":true} to everything, keep-alive
    many_headers,     // 200 with `header_count` headers of `header_size` bytes each, then an empty body
    endless_headers,  // a status line, then header lines forever, as fast as the client reads
    slow_headers,     // a status line, then one header line every `interval`
    endless_body,     // 200, chunked, chunks of 16 KiB every `interval` forever
    silent,           // reads the request, never answers
    status_503,       // 503 to everything (the agent then waits for its next cycle)
    no_content,       // 204 to everything: a hub of protocol 1.5 taking a heartbeat (issue #18's usage test)
};

struct FakeHubOptions {
    FakeHubMode mode = FakeHubMode::ok;
    bool ping_ok = true;  // GET /v1/ping answered 200 whatever the mode
    int header_count = 10;
    std::size_t header_size = 32;
    std::chrono::milliseconds interval{10000};
};

class FakeHub {
public:
    static constexpr int kMaxConnections = 16;
    explicit FakeHub(FakeHubOptions options);
    ~FakeHub();
    FakeHub(const FakeHub&) = delete;
    FakeHub& operator=(const FakeHub&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int connections_accepted() const { return accepted_; }
    int attacks_started() const { return attacks_started_; }  // requests answered as the mode says
    int attacks_in_progress() const { return attacks_in_progress_; }
    // The body of every request received, in order ("METHOD PATH\n" + body).
    std::vector<std::string> requests();
    // How long each finished attack lasted, until the client gave up (or the mode ended it).
    std::vector<long long> attack_durations_ms();
    // Waits until attacks_started() ≥ N (true) or TIMEOUT passes (false).
    bool wait_attacks(int n, std::chrono::milliseconds timeout);
    // Waits until an attack is being answered right now.
    bool wait_attack_in_progress(std::chrono::milliseconds timeout);

private:
    void accept_loop();
    void serve(int fd);
    bool attack(int fd);  // false: the connection is done
    bool send_all(int fd, std::string_view data);
    bool pause(std::chrono::milliseconds d);  // false when stopping

    FakeHubOptions options_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0}, attacks_started_{0}, attacks_in_progress_{0}, open_{0};
    std::mutex mutex_;
    std::vector<std::string> requests_;  // under mutex_
    std::condition_variable changed_;
    std::thread acceptor_;
    std::vector<std::thread> workers_;
    std::vector<long long> durations_;
};

}  // namespace guichet::test::sync
