// WorkerQueue (kiosk/core/common/worker_queue.hpp): order, stop with pending
// jobs, waiting for idle, many posting threads. No sleeps: jobs that must hold
// the worker wait on a Gate the test opens.
#include "common/worker_queue.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using guichet::WorkerQueue;

namespace {

// A one-shot latch: wait() blocks until open().
class Gate {
public:
    void open() {
        {
            std::lock_guard lock(mu_);
            open_ = true;
        }
        cv_.notify_all();
    }
    void wait() {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return open_; });
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool open_ = false;
};

struct Job {
    int n = 0;
    Gate* entered = nullptr;  // opened when the job starts
    Gate* hold = nullptr;     // the job waits on it
};

std::optional<int> run_job(Job& j) {
    if (j.entered) j.entered->open();
    if (j.hold) j.hold->wait();
    return j.n;
}

}  // namespace

TEST_CASE("worker queue: results come back in post order, each with one wake") {
    std::atomic<int> wakes{0};
    WorkerQueue<Job, int> q(run_job, [&] { ++wakes; });
    CHECK(q.idle());
    CHECK(q.poll().empty());
    for (int i = 0; i < 200; ++i) q.post({i});
    q.wait_idle();
    const std::vector<int> got = q.poll();
    REQUIRE(got.size() == 200);
    for (int i = 0; i < 200; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
    CHECK(wakes == 200);
    CHECK(q.poll().empty());  // drained
}

TEST_CASE("worker queue: a job that delivers nothing queues no result and wakes no one") {
    std::atomic<int> wakes{0};
    WorkerQueue<int, int> q([](int& n) -> std::optional<int> { return n % 2 ? std::optional<int>(n) : std::nullopt; },
                            [&] { ++wakes; });
    for (int i = 0; i < 10; ++i) q.post(i);
    q.wait_idle();
    CHECK(q.poll() == std::vector<int>{1, 3, 5, 7, 9});
    CHECK(wakes == 5);
}

TEST_CASE("worker queue: stop lets the running job finish, keeps its result, drops the pending ones") {
    std::atomic<int> ran{0};
    WorkerQueue<Job, int> q([&](Job& j) {
        ++ran;
        return run_job(j);
    });
    Gate entered, hold;
    q.post({1, &entered, &hold});
    q.post({2});
    q.post({3});
    entered.wait();  // job 1 runs, 2 and 3 wait
    CHECK_FALSE(q.idle());
    q.request_stop();
    q.post({4});  // ignored: stopping
    hold.open();
    q.stop();
    CHECK(ran == 1);
    CHECK(q.poll() == std::vector<int>{1});  // not lost
    CHECK(q.idle());
    q.stop();  // idempotent
}

TEST_CASE("worker queue: the destructor stops with jobs pending and a job running") {
    std::atomic<int> ran{0};
    Gate entered, hold;
    std::thread opener;
    {
        WorkerQueue<Job, int> q([&](Job& j) {
            ++ran;
            return run_job(j);
        });
        q.post({1, &entered, &hold});
        for (int i = 2; i < 50; ++i) q.post({i});
        entered.wait();
        q.request_stop();
        opener = std::thread([&] { hold.open(); });
    }  // joins after job 1
    opener.join();
    CHECK(ran == 1);
}

TEST_CASE("worker queue: wait_idle returns once every job posted so far has run") {
    WorkerQueue<Job, int> q(run_job);
    Gate entered, hold;
    q.post({1, &entered, &hold});
    q.post({2});
    entered.wait();
    CHECK_FALSE(q.idle());
    std::thread opener([&] { hold.open(); });
    q.wait_idle();
    opener.join();
    CHECK(q.idle());
    CHECK(q.poll() == std::vector<int>{1, 2});
}

TEST_CASE("worker queue: post_if_idle refuses while a job is pending or running") {
    WorkerQueue<Job, int> q(run_job);
    Gate entered, hold;
    CHECK(q.post_if_idle({1, &entered, &hold}));
    entered.wait();
    CHECK_FALSE(q.post_if_idle({2}));  // running
    hold.open();
    CHECK(q.wait_one() == 1);
    q.wait_idle();
    CHECK(q.post_if_idle({3}));
    CHECK(q.wait_one() == 3);
    CHECK_FALSE(q.poll_one().has_value());
}

TEST_CASE("worker queue: drop_pending hands back the jobs not started, clear drops results too") {
    WorkerQueue<Job, int> q(run_job);
    Gate entered, hold;
    q.post({1, &entered, &hold});
    q.post_all({{2}, {3}, {4}});
    entered.wait();
    const std::vector<Job> dropped = q.drop_pending();
    REQUIRE(dropped.size() == 3);
    CHECK(dropped[0].n == 2);
    CHECK(dropped[2].n == 4);
    hold.open();
    q.wait_idle();
    q.post({5});
    q.wait_idle();
    CHECK(q.poll_one() == 1);
    q.clear();
    CHECK_FALSE(q.poll_one().has_value());  // 5 was cleared
}

TEST_CASE("worker queue: many threads post at once, nothing is lost and each thread's order holds") {
    constexpr int kThreads = 4, kEach = 250;
    std::atomic<int> wakes{0};
    WorkerQueue<int, int> q([](int& v) -> std::optional<int> { return v; }, [&] { ++wakes; });
    std::vector<std::thread> posters;
    for (int t = 0; t < kThreads; ++t)
        posters.emplace_back([&q, t] {
            for (int i = 0; i < kEach; ++i) q.post(t * kEach + i);
        });
    std::vector<int> got;
    for (std::thread& p : posters) p.join();
    q.wait_idle();
    for (int v : q.poll()) got.push_back(v);
    REQUIRE(got.size() == static_cast<std::size_t>(kThreads * kEach));
    CHECK(wakes == kThreads * kEach);
    std::vector<int> last(kThreads, -1);
    for (int v : got) {
        const int t = v / kEach;
        CHECK(v > last[static_cast<std::size_t>(t)]);  // FIFO per poster
        last[static_cast<std::size_t>(t)] = v;
    }
}
