#include "ui/store_worker.hpp"

#include <cstdio>
#include <ctime>

namespace guichet::ui {

struct StoreWorker::Job {
    enum Kind { Submit, Lookup, Refresh, Usage } kind = Refresh;
    std::uint64_t ticket = 0;
    SubmitRequest submit;
    std::string code;
    usage::Tally usage;
};

StoreWorker::StoreWorker(std::filesystem::path state_dir, std::function<void()> on_ready,
                         store::StoreOptions store_options)
    : state_dir_(std::move(state_dir)),
      options_(std::move(store_options)),
      queue_([this](std::unique_ptr<Job>& job) -> std::optional<StoreEvent> {
                 if (job->kind == Job::Usage) return record(*job);
                 return execute(*job);
             },
             std::move(on_ready)) {}

StoreWorker::~StoreWorker() = default;  // queue_ stops first: jobs not started are dropped

std::uint64_t StoreWorker::enqueue(std::unique_ptr<Job> job) {
    const std::uint64_t ticket = job->ticket = next_ticket_++;
    queue_.post(std::move(job));
    return ticket;
}

std::uint64_t StoreWorker::submit(SubmitRequest request) {
    auto job = std::make_unique<Job>();
    job->kind = Job::Submit;
    job->submit = std::move(request);
    return enqueue(std::move(job));
}

std::uint64_t StoreWorker::lookup(std::string tracking_code) {
    auto job = std::make_unique<Job>();
    job->kind = Job::Lookup;
    job->code = std::move(tracking_code);
    return enqueue(std::move(job));
}

std::uint64_t StoreWorker::refresh() {
    auto job = std::make_unique<Job>();
    job->kind = Job::Refresh;
    return enqueue(std::move(job));
}

void StoreWorker::record_usage(usage::Tally tally) {
    if (tally.empty()) return;
    auto job = std::make_unique<Job>();
    job->kind = Job::Usage;
    job->usage = std::move(tally);
    enqueue(std::move(job));
}

std::optional<StoreEvent> StoreWorker::record(Job& job) {
    auto st = store_for(store_ ? store_->options().tracking_prefix : std::string("ANR"));
    auto r = st ? (*st)->add_usage(job.usage) : Result<void>(st.error());
    // Counters are not worth a message on screen: staff see the store's errors in its summary.
    if (!r) std::fprintf(stderr, "guichet-kiosk: usage counters not recorded: %s\n", r.error().message.c_str());
    return std::nullopt;
}

std::vector<StoreEvent> StoreWorker::poll() { return queue_.poll(); }

StoreSnapshot StoreWorker::snapshot() const {
    std::lock_guard lock(mu_);
    return snapshot_;
}

std::shared_ptr<const std::set<std::string>> StoreWorker::booked_slots() const {
    std::lock_guard lock(mu_);
    return booked_;
}

std::string StoreWorker::read_booked_slots(store::Store& store) {
    auto ids = store.booked_slots();
    if (!ids) return ids.error().message;
    auto set = std::make_shared<const std::set<std::string>>(ids->begin(), ids->end());
    std::lock_guard lock(mu_);
    booked_ = std::move(set);
    return {};
}

void StoreWorker::wait_idle() { queue_.wait_idle(); }

Result<store::Store*> StoreWorker::store_for(const std::string& prefix) {
    // The prefix is fixed when the store is opened: reopen if a pack brings another.
    if (store_ && store_->options().tracking_prefix == prefix) return &*store_;
    store_.reset();
    std::error_code ec;
    std::filesystem::create_directories(state_dir_, ec);
    store::StoreOptions options = options_;
    options.tracking_prefix = prefix;
    auto opened = store::Store::open(state_dir_ / store::kDatabaseFile, std::move(options));
    if (!opened) return opened.error();
    store_.emplace(std::move(*opened));
    return &*store_;
}

StoreEvent StoreWorker::execute(Job& job) {
    StoreEvent out;
    out.ticket = job.ticket;
    // Lookups and refreshes use whichever prefix the store has (or the default).
    const std::string prefix = job.kind == Job::Submit ? job.submit.tracking_prefix
                               : store_                ? store_->options().tracking_prefix
                                                       : std::string("ANR");
    auto st = store_for(prefix);
    switch (job.kind) {
        case Job::Usage: return out;  // handled by record() before this
        case Job::Submit: {
            out.kind = StoreEvent::SubmitFailed;
            SubmitRequest& r = job.submit;
            if (!st) {
                out.error = st.error().message;
                out.draft = std::move(r.draft);
                return out;
            }
            demarche::SubmitContext context;
            context.communes = r.communes.get();
            context.today = today_local();
            context.now = (*st)->now();
            context.tracking_prefix = r.tracking_prefix;
            context.kiosk_id = r.kiosk_id;
            auto outcome = demarche::submit(**st, *r.form, r.recipients, *r.draft, context);
            if (!outcome) {
                out.error = outcome.error().message;
                out.draft = std::move(r.draft);
            } else if (outcome->receipt) {
                out.kind = StoreEvent::Submitted;
                out.receipt = outcome->receipt;
                out.mandate_reference = outcome->mandate_reference;
                // Before the event is handed back: the next form drawn no longer offers its slot.
                (void)read_booked_slots(**st);  // on error the bookings come with the next refresh
            } else {
                out.kind = StoreEvent::SubmitRefused;
                out.problems = outcome->check.problems;
                out.draft = std::move(r.draft);
            }
            return out;
        }
        case Job::Lookup: {
            out.kind = StoreEvent::Tracking;
            out.tracking_code = job.code;
            if (!st) {
                out.error = st.error().message;
                return out;
            }
            auto info = (*st)->status_for(job.code);
            if (!info) out.error = info.error().message;
            else out.tracking = *info;
            return out;
        }
        case Job::Refresh: {
            out.kind = StoreEvent::Refreshed;
            StoreSnapshot snap;
            snap.read = true;
            if (!st) {
                snap.error = st.error().message;
            } else {
                auto summary = (*st)->queue_summary((*st)->now());
                if (!summary) {
                    snap.error = summary.error().message;
                } else {
                    snap.last_sync = summary->last_sync;
                    snap.summary = std::move(*summary);
                    snap.error = read_booked_slots(**st);
                }
            }
            out.error = snap.error;
            std::lock_guard lock(mu_);
            snapshot_ = std::move(snap);
            return out;
        }
    }
    return out;
}

forms::expr::Date today_local() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    auto d = forms::expr::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    return d ? *d : forms::expr::Date::from_days(static_cast<std::int32_t>(now / 86400));
}

}  // namespace guichet::ui
