// The kiosk's print thread: renders a sheet to PDF and hands it to CUPS, never
// on the UI thread. Results come back through poll() (the frame loop drains
// it, as for the store worker); the printer's last known state is kept for the
// staff screen and the heartbeat. reset() (session end) drops what has not
// started and cancels and purges every job of the session in CUPS.
#pragma once

#include "common/worker_queue.hpp"
#include "print/cups_printer.hpp"
#include "print/render.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::print {

struct PrintRequest {
    std::shared_ptr<const Sheet> sheet;
    SheetData data;
    PictureSource pictures;  // may be empty; called on the print thread
};

struct PrintEvent {
    enum Kind { Printed, Failed, Probed, Reset } kind = Probed;
    std::uint64_t ticket = 0;
    std::string message_fr;  // Failed: for the resident
    std::string detail;      // Failed: for staff (English, CUPS's words)
    int job_id = 0;          // Printed
    int pages = 0;           // Printed
    std::chrono::steady_clock::duration elapsed{};  // Printed: request to job held by cupsd
};

class PrintWorker {
public:
    // FINISH_GRACE: at a reset, how long a job the printer is still printing may
    // finish (a resident who prints and leaves at once gets the whole sheet)
    // before it is cancelled; every job is purged after.
    PrintWorker(CupsPrinter printer, std::function<void()> on_ready,
                std::chrono::milliseconds finish_grace = std::chrono::seconds(20));
    ~PrintWorker();
    PrintWorker(const PrintWorker&) = delete;
    PrintWorker& operator=(const PrintWorker&) = delete;

    std::uint64_t print(PrintRequest request);  // returns at once
    std::uint64_t probe();                      // refreshes state()
    // Session end: pending prints dropped, the session's jobs cancelled and purged.
    std::uint64_t reset();

    // Where each change of the printer's state is written, for the sync agent's
    // heartbeat (STATE/printer-status.json, docs/print.md §9). Call before the first job.
    void write_status_to(std::filesystem::path file) { status_file_ = std::move(file); }

    std::vector<PrintEvent> poll();
    PrinterState state() const;  // the last probe's or print's view of the printer
    void wait_idle();

private:
    struct Job {
        enum Kind { Print, Probe, Reset } kind = Probe;
        std::uint64_t ticket = 0;
        PrintRequest request;
        std::chrono::steady_clock::time_point posted;
    };
    PrintEvent execute(Job& job);
    void set_state(PrinterState s);

    CupsPrinter printer_;
    std::chrono::milliseconds finish_grace_;
    std::filesystem::path status_file_;    // "" : none
    std::string written_;                  // worker thread only: the state last written
    std::vector<int> session_jobs_;  // worker thread only
    mutable std::mutex mu_;
    PrinterState state_;
    std::atomic<std::uint64_t> next_ticket_{1};
    WorkerQueue<Job, PrintEvent> queue_;  // last: stopped first
};

}  // namespace guichet::print
