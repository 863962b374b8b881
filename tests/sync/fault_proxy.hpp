// A TCP proxy for the fault-injection test: between the agent and the hub it
// passes, drops, resets, delays, truncates (either direction) connections and
// answers 503, each connection's fate drawn from a seeded generator.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace guichet::test::sync {

struct FaultCounts {
    int pass = 0, drop = 0, reset = 0, answer_503 = 0, cut_request = 0, cut_answer = 0, delay = 0;
    std::string describe() const;
};

// A pack-repository request the proxy forwarded: HEAD /v1/repo/NAME (the
// start of a download attempt), or GET /v1/repo/NAME with Range: bytes=START-….
struct RangeRequest {
    std::string name;
    std::uint64_t start = 0;
    bool head = false;
};

// The pack downloads in a proxy's record (docs/sync-faults.md §2). A download
// is one repository file under packs/ or deltas/: its name derives from the
// pack id and version(s), so its bytes never change, and a different name (a
// newer version published meanwhile, a delta instead of the whole pack) is a
// different download, never a restart. index.gpi is left out: a new signed
// document each cycle, always fetched whole. An attempt is a HEAD of the file
// followed by a ranged GET (a HEAD alone: the part file was already complete).
// The agent asks for range k+1 only once range k is in its part file, so
// every byte below the furthest range asked so far was on the kiosk's disk:
// an attempt whose first range starts there is resumed (when > 0), one that
// starts below it restarted (bytes fetched again, from 0 or not).
struct DownloadTally {
    int files = 0;      // distinct files with at least one ranged GET
    int attempts = 0;
    int resumed = 0;    // first range > 0, at or past the furthest range asked before
    int restarted = 0;  // first range below the furthest range asked before
    std::string restarts;  // "name: from F back to S; " for each restart
};
DownloadTally tally_downloads(const std::vector<RangeRequest>& record);

class FaultProxy {
public:
    // FAULT_PERCENT: share of connections that get a fault (0–100).
    FaultProxy(std::uint64_t seed, int fault_percent);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    void set_upstream(int port) { upstream_ = port; }
    void set_fault_percent(int percent) { fault_percent_ = percent; }
    // Bytes forwarded from clients to the upstream so far (kill moments are drawn on it).
    std::uint64_t bytes_up() const { return bytes_up_; }
    FaultCounts counts();
    // Every HEAD and ranged GET /v1/repo/… forwarded to the hub, in order.
    std::vector<RangeRequest> range_requests();
    // Submissions forwarded: batches (protocol 1.7, §4.5) and single PUTs (§4.1).
    int batch_requests() const { return batch_requests_; }
    int single_submissions() const { return single_submissions_; }

private:
    enum class Fate { pass, drop, reset, answer_503, cut_request, cut_answer, delay };
    struct Plan {
        Fate fate = Fate::pass;
        std::uint64_t cut_after = 0;
        int delay_ms = 0;
    };
    Plan draw();
    void accept_loop();
    void serve(int client, Plan plan);
    // Reads request heads in the client → hub bytes actually forwarded.
    struct HeadScanner {
        std::string line, name;
        void feed(const char* data, std::size_t len, FaultProxy& proxy);
    };

    int listen_fd_ = -1;
    int port_ = 0;
    int stop_pipe_[2] = {-1, -1};
    std::atomic<int> upstream_{0};
    std::atomic<int> fault_percent_{0};
    std::atomic<std::uint64_t> bytes_up_{0};
    std::atomic<int> batch_requests_{0}, single_submissions_{0};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::mt19937_64 rng_;
    FaultCounts counts_;
    std::vector<RangeRequest> ranges_;
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::list<Worker> workers_;  // finished ones are joined by the accept loop
    std::thread acceptor_;
};

}  // namespace guichet::test::sync
