#include "print/print_worker.hpp"

#include "common/file.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <ctime>

#include <thread>

namespace guichet::print {

PrintWorker::PrintWorker(CupsPrinter printer, std::function<void()> on_ready, std::chrono::milliseconds finish_grace)
    : printer_(std::move(printer)),
      finish_grace_(finish_grace),
      queue_([this](Job& j) -> std::optional<PrintEvent> { return execute(j); }, std::move(on_ready)) {}

PrintWorker::~PrintWorker() { queue_.stop(); }

std::uint64_t PrintWorker::print(PrintRequest request) {
    Job j;
    j.kind = Job::Print;
    j.ticket = next_ticket_++;
    j.request = std::move(request);
    j.posted = std::chrono::steady_clock::now();
    const std::uint64_t t = j.ticket;
    queue_.post(std::move(j));
    return t;
}

std::uint64_t PrintWorker::probe() {
    Job j;
    j.ticket = next_ticket_++;
    const std::uint64_t t = j.ticket;
    queue_.post(std::move(j));
    return t;
}

std::uint64_t PrintWorker::reset() {
    queue_.drop_pending();  // a resident's prints that had not started never will
    Job j;
    j.kind = Job::Reset;
    j.ticket = next_ticket_++;
    const std::uint64_t t = j.ticket;
    queue_.post(std::move(j));
    return t;
}

std::vector<PrintEvent> PrintWorker::poll() { return queue_.poll(); }

PrinterState PrintWorker::state() const {
    std::lock_guard lock(mu_);
    return state_;
}

void PrintWorker::set_state(PrinterState s) {
    if (!status_file_.empty()) {
        // Only changes are written: the file is the heartbeat's, not a log.
        const std::string key = std::string(problem_key(s.problem)) + "\n" + s.detail;
        if (key != written_) {
            nlohmann::json j = {{"format", 1},
                                {"state", problem_key(s.problem)},
                                {"message", problem_label_fr(s.problem)},
                                {"detail", s.detail},
                                {"at", static_cast<std::int64_t>(std::time(nullptr))}};
            const std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
            if (write_file_atomic(status_file_, as_bytes(text))) written_ = key;
        }
    }
    std::lock_guard lock(mu_);
    state_ = std::move(s);
}

void PrintWorker::wait_idle() { queue_.wait_idle(); }

namespace {
void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}
void wipe(SheetData& d) {
    for (auto& [k, v] : d.values) wipe(v);
    for (auto& [k, l] : d.lists)
        for (std::string& v : l) wipe(v);
    wipe(d.body_markdown);
}
}  // namespace

PrintEvent PrintWorker::execute(Job& job) {
    PrintEvent ev;
    ev.ticket = job.ticket;
    if (job.kind == Job::Probe) {
        set_state(printer_.state());
        ev.kind = PrintEvent::Probed;
        return ev;
    }
    if (job.kind == Job::Reset) {
        ev.kind = PrintEvent::Reset;
        // A sheet being printed may finish (bounded), unless the printer cannot print it now.
        const auto deadline = std::chrono::steady_clock::now() + finish_grace_;
        for (int id : session_jobs_) {
            while (std::chrono::steady_clock::now() < deadline && !printer_.job_finished(id) &&
                   printer_.state().problem == Problem::None)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));  // cupsd has no job-done wait for clients
        }
        for (int id : session_jobs_)
            if (auto r = printer_.cancel_and_purge(id); !r) ev.detail += r.error().message + "; ";
        session_jobs_.clear();
        return ev;
    }
    // Ask first: a resident told « plus de papier » before anything is sent loses nothing.
    PrinterState st = printer_.state();
    set_state(st);
    auto failed = [&](Problem p, std::string detail) {
        ev.kind = PrintEvent::Failed;
        ev.message_fr = problem_message_fr(p);
        ev.detail = std::move(detail);
        wipe(job.request.data);
        return ev;
    };
    if (st.problem != Problem::None) return failed(st.problem, st.detail);
    if (!job.request.sheet) return failed(Problem::Refused, "no sheet");
    const Paper paper = job.request.sheet->paper == Paper::Auto ? st.media : job.request.sheet->paper;
    auto pdf = render_pdf(*job.request.sheet, job.request.data, paper, job.request.pictures);
    if (!pdf) return failed(Problem::Refused, pdf.error().message);
    auto id = printer_.submit(pdf->pdf, "guichet-" + job.request.sheet->id, paper);
    wipe(pdf->pdf);
    if (!id) {
        // cupsd went away between the two calls, or refused the job: say which.
        PrinterState now = printer_.state();
        set_state(now);
        return failed(now.problem != Problem::None ? now.problem : Problem::Refused, id.error().message);
    }
    session_jobs_.push_back(*id);
    ev.kind = PrintEvent::Printed;
    ev.job_id = *id;
    ev.pages = pdf->pages;
    ev.elapsed = std::chrono::steady_clock::now() - job.posted;
    wipe(job.request.data);
    return ev;
}

}  // namespace guichet::print
