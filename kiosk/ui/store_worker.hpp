// The kiosk's store thread: the only place the kiosk touches SQLite. It owns
// one store::Store (STATE_DIR/guichet.db, opened on the first job), runs jobs
// in order, and hands each result back through a queue that the UI thread
// drains once per frame (poll()); ON_READY (Platform::wake) wakes the frame
// loop when a result is queued.
//
//   StoreWorker store(state_dir, [] { platform::Platform::wake(); });
//   auto ticket = store.lookup("ANR-7K3Q-9P");      // UI thread, returns at once
//   for (StoreEvent& e : store.poll()) …             // UI thread, once per frame
//   store.snapshot().last_sync                       // status bar, staff mode
#pragma once

#include "common/worker_queue.hpp"
#include "demarche/submit.hpp"
#include "forms/check.hpp"
#include "store/store.hpp"
#include "usage/usage.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace guichet::ui {

// One finished job. Only the members of its kind are set.
struct StoreEvent {
    enum Kind {
        Submitted,      // receipt set: the démarche is durable, the draft was wiped
        SubmitRefused,  // problems set, draft handed back untouched
        SubmitFailed,   // error set (store unusable), draft handed back
        Tracking,       // tracking set when the code is known here; error when the lookup failed
        Refreshed,      // last_sync and summary updated in snapshot()
    } kind = Refreshed;
    std::uint64_t ticket = 0;
    std::string error;  // staff-facing English
    std::optional<store::Receipt> receipt;
    std::string mandate_reference;  // Submitted: a SEPA mandate's RUM, else empty
    std::vector<forms::FieldProblem> problems;
    std::unique_ptr<demarche::Draft> draft;  // handed back when not stored
    std::string tracking_code;               // Tracking: the code looked up
    std::optional<store::TrackingInfo> tracking;
};

// The latest figures read by refresh(); for the status bar and staff mode.
struct StoreSnapshot {
    bool read = false;  // false until a refresh finished
    std::optional<store::Timestamp> last_sync;
    std::optional<store::QueueSummary> summary;
    std::string error;  // last error opening or reading the store, "" when fine
};

// What a submit needs besides the draft; everything is immutable and shared
// with the UI thread's content.
struct SubmitRequest {
    std::shared_ptr<const forms::CompiledForm> form;
    std::vector<demarche::Recipient> recipients;
    std::shared_ptr<const forms::CommuneDirectory> communes;  // may be null
    std::string tracking_prefix = "ANR";
    std::string kiosk_id = "kiosk";  // for a SEPA mandate's RUM
    std::unique_ptr<demarche::Draft> draft;
};

class StoreWorker {
public:
    // DB_DIR: the kiosk's state directory. STORE_OPTIONS lets tests inject a
    // clock; its tracking_prefix is replaced by each submit's.
    StoreWorker(std::filesystem::path state_dir, std::function<void()> on_ready,
                store::StoreOptions store_options = {});
    ~StoreWorker();
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    // Each returns a ticket that the matching StoreEvent carries.
    std::uint64_t submit(SubmitRequest request);
    std::uint64_t lookup(std::string tracking_code);
    std::uint64_t refresh();  // last_sync + queue_summary into snapshot()
    // Adds a session's usage counts to the store's daily counters
    // (docs/usage-stats.md); no event comes back, a failure is only logged.
    void record_usage(usage::Tally tally);

    std::vector<StoreEvent> poll();  // UI thread, once per frame
    StoreSnapshot snapshot() const;
    // The ids of the slots booked at this kiosk (store::Store::booked_slots),
    // read by refresh() and again after each démarche stored; empty until then.
    std::shared_ptr<const std::set<std::string>> booked_slots() const;
    // Blocks until every job queued so far has finished (replays: deterministic).
    void wait_idle();

private:
    struct Job;
    StoreEvent execute(Job& job);
    std::optional<StoreEvent> record(Job& job);  // Usage: no event
    Result<store::Store*> store_for(const std::string& prefix);
    std::string read_booked_slots(store::Store& store);  // into booked_; "" or the error
    std::uint64_t enqueue(std::unique_ptr<Job> job);

    std::filesystem::path state_dir_;
    store::StoreOptions options_;
    std::optional<store::Store> store_;  // worker thread only

    mutable std::mutex mu_;  // snapshot_ and booked_
    StoreSnapshot snapshot_;
    std::shared_ptr<const std::set<std::string>> booked_ = std::make_shared<const std::set<std::string>>();
    std::atomic<std::uint64_t> next_ticket_{1};
    // Last: destroyed first, so the thread has stopped before the store closes.
    WorkerQueue<std::unique_ptr<Job>, StoreEvent> queue_;
};

// Today's date (local time) for the form checker.
forms::expr::Date today_local();

}  // namespace guichet::ui
