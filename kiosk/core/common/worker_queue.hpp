// One worker thread fed by a queue of jobs, its results drained by the
// caller's thread (the kiosk's UI thread polls once per frame). Every kiosk
// worker that runs one job at a time in post order is one of these (store,
// capture, content loader, map tiles); each keeps its own state and work.
//
//   WorkerQueue<Job, Result> q([&](Job& j) -> std::optional<Result> { … }, [] { Platform::wake(); });
//   q.post(job);                                   // any thread, returns at once
//   for (Result& r : q.poll()) …                   // UI thread, once per frame
//
// The thread starts with the first post. WORK runs on it, one job at a time,
// in post order; what it returns is queued for poll() (std::nullopt: nothing
// to deliver), then ON_READY runs on the worker (outside the lock), before the
// queue counts as idle again. stop()
// (and the destructor) lets the running job finish and keeps its result,
// drops the jobs not started, and joins the thread: nothing delivered is lost.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace guichet {

template <class Job, class Result>
class WorkerQueue {
public:
    using Work = std::function<std::optional<Result>(Job&)>;

    explicit WorkerQueue(Work work, std::function<void()> on_ready = {})
        : work_(std::move(work)), on_ready_(std::move(on_ready)) {}
    ~WorkerQueue() { stop(); }
    WorkerQueue(const WorkerQueue&) = delete;
    WorkerQueue& operator=(const WorkerQueue&) = delete;

    // Queues JOB after every job posted so far. Ignored once stopping.
    void post(Job job) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
            pending_.push_back(std::move(job));
            start_locked();
        }
        work_cv_.notify_one();
    }
    // Queues JOBS in order, under one lock.
    void post_all(std::vector<Job> jobs) {
        if (jobs.empty()) return;
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
            for (Job& j : jobs) pending_.push_back(std::move(j));
            start_locked();
        }
        work_cv_.notify_one();
    }
    // Queues JOB only when nothing is pending or running; returns whether it did.
    bool post_if_idle(Job job) {
        {
            std::lock_guard lock(mu_);
            if (stopping_ || running_ || !pending_.empty()) return false;
            pending_.push_back(std::move(job));
            start_locked();
        }
        work_cv_.notify_one();
        return true;
    }

    // The jobs not started yet, removed from the queue, in post order.
    std::vector<Job> drop_pending() {
        std::lock_guard lock(mu_);
        std::vector<Job> out;
        out.reserve(pending_.size());
        for (Job& j : pending_) out.push_back(std::move(j));
        pending_.clear();
        changed_.notify_all();  // wait_idle() may be satisfied now
        return out;
    }
    // Drops the jobs not started and the results not polled (the running
    // job's result, when it comes, is still delivered).
    void clear() {
        std::lock_guard lock(mu_);
        pending_.clear();
        results_.clear();
        changed_.notify_all();
    }

    // Every result queued so far, oldest first.
    std::vector<Result> poll() {
        std::lock_guard lock(mu_);
        std::vector<Result> out;
        out.reserve(results_.size());
        for (Result& r : results_) out.push_back(std::move(r));
        results_.clear();
        return out;
    }
    // The oldest result, if any.
    std::optional<Result> poll_one() {
        std::lock_guard lock(mu_);
        if (results_.empty()) return std::nullopt;
        std::optional<Result> r(std::move(results_.front()));
        results_.pop_front();
        return r;
    }
    // Blocks until a result is queued and takes it (start-up, tests). The
    // caller must have posted a job that delivers one.
    Result wait_one() {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [this] { return !results_.empty(); });
        Result r = std::move(results_.front());
        results_.pop_front();
        return r;
    }

    // Nothing pending and nothing running (results may wait for poll()).
    bool idle() const {
        std::lock_guard lock(mu_);
        return pending_.empty() && !running_;
    }
    // Blocks until idle(): every job posted so far has run (replays: deterministic).
    void wait_idle() {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [this] { return pending_.empty() && !running_; });
    }

    // Asks the worker to stop after the running job: later posts are ignored
    // and pending jobs will not start. Returns at once; stop() joins.
    void request_stop() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
            pending_.clear();
            changed_.notify_all();
        }
        work_cv_.notify_all();
    }
    // request_stop(), then waits for the thread. Idempotent; polling still works after.
    void stop() {
        request_stop();
        if (thread_.joinable()) thread_.join();
    }

private:
    void start_locked() {
        if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    }

    void run() {
        std::unique_lock lock(mu_);
        while (true) {
            work_cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
            if (stopping_) return;
            std::optional<Result> r;
            {
                Job job = std::move(pending_.front());
                pending_.pop_front();
                running_ = true;
                lock.unlock();
                r = work_(job);
            }  // the job goes before its result is seen (a démarche's draft is wiped first)
            const bool deliver = r.has_value();
            lock.lock();
            if (deliver) {
                results_.push_back(std::move(*r));
                changed_.notify_all();  // wait_one()
                if (on_ready_) {
                    lock.unlock();
                    on_ready_();
                    lock.lock();
                }
            }
            running_ = false;  // only now: idle means every wake has been sent too
            changed_.notify_all();
        }
    }

    Work work_;
    std::function<void()> on_ready_;
    mutable std::mutex mu_;
    std::condition_variable work_cv_;  // the worker: a job or stop
    std::condition_variable changed_;  // waiters: a result, or idle
    std::deque<Job> pending_;
    std::deque<Result> results_;
    bool running_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: started after everything above exists
};

}  // namespace guichet
