// A front between the agent and an in-process hub, for the batch route's
// tests (docs/protocol.md §4.5): it forwards every request, and does to the
// batch route what the test asks: answer 404 as an older hub's router does,
// hold the first batch until a second one arrives (pipelining, §4.5.1), or
// forward one to the hub and lose its answer (the line dropped). It also
// counts batch requests on the wire at the same time. One request at a time
// per connection, bodies by Content-Length; every wait bounded.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace guichet::test::sync {

struct HubFrontOptions {
    enum class Batch {
        forward,              // to the hub
        not_found,            // 404, as a 1.5 hub's router
        hold_first,           // the first waits (at most 5 s) until a second batch request arrives
        lose_answer_of_nth,   // the Nth (1-based) reaches the hub, its answer is dropped with the connection
    };
    Batch batch = Batch::forward;
    int nth = 2;
    // false: the front answers the ping itself without "batch" (a 1.5 hub); true: the hub's own.
    bool advertise = true;
};

class HubFront {
public:
    HubFront(int hub_port, HubFrontOptions options);
    ~HubFront();
    HubFront(const HubFront&) = delete;
    HubFront& operator=(const HubFront&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int batch_requests() const { return batch_requests_; }
    int single_puts() const { return single_puts_; }
    // The most batch requests the front held at once (received, not yet answered).
    int most_batches_at_once() const { return most_at_once_; }
    // hold_first: whether the second arrived before the first was let go (not by the deadline).
    bool first_released_by_second() const { return released_by_second_; }

private:
    bool read_message(int fd, std::string& buffer, std::string& out);
    void serve(int fd);
    // Forwards REQUEST to the hub on HUB and reads its reply; false when the hub's side failed.
    bool forward(int hub, std::string& from_hub, const std::string& request, std::string& reply);

    HubFrontOptions options_;
    int listen_ = -1, port_ = 0, hub_port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> batch_requests_{0}, single_puts_{0}, most_at_once_{0};
    std::atomic<bool> released_by_second_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    int batches_in_flight_ = 0;  // under mutex_
    std::thread acceptor_;
    std::mutex workers_mutex_;
    std::vector<std::thread> workers_;
};

}  // namespace guichet::test::sync
