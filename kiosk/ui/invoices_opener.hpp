// « Mes factures »'s work off the UI thread (docs/invoices.md §4–§5): one
// job reads the kiosk's invoice configuration, checks the wrong-code guard,
// loads and verifies the régie's bundle, reads the paid list, runs the
// Argon2id derivation and opening, and records the try in the guard (written
// before the answer shows: turning the kiosk off does not undo it). The
// screen posts a job and shows the outcome; it never touches a file.
#pragma once

#include "common/worker_queue.hpp"
#include "invoices/invoice_bundle.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace guichet::ui {

struct InvoicesRequest {
    std::filesystem::path state_dir;
    std::string family, code;  // wiped by the worker once used
    std::int64_t now = 0;      // wall clock, for the guard
};

struct InvoicesAnswer {
    enum class Outcome {
        opened,       // family holds the invoices
        unavailable,  // this kiosk has no invoice configuration
        incomplete,   // family number or code too short
        slowed,       // the guard asks to wait wait_seconds before trying
        none_yet,     // no bundle received from the régie yet
        damaged,      // bundle unreadable or its signature wrong
        wrong,        // the code does not open this family (wait_seconds may follow)
    };
    Outcome outcome = Outcome::damaged;
    std::int64_t wait_seconds = 0;
    std::optional<invoices::FamilyInvoices> family;
    std::string pay_url;
    std::set<std::string> paid_refs;
};

// The whole sequence, synchronous (the worker's job; tests call it directly).
InvoicesAnswer open_invoices(InvoicesRequest& request);

// Wipes a family's invoices from memory.
void wipe_family(invoices::FamilyInvoices& family);

class InvoicesOpener {
public:
    // ON_READY runs on the worker when an answer is queued (Platform::wake).
    explicit InvoicesOpener(std::function<void()> on_ready = {});
    bool busy() const { return !queue_.idle(); }
    // Starts an opening unless one runs; returns whether it did.
    bool start(InvoicesRequest request);
    std::optional<InvoicesAnswer> poll() { return queue_.poll_one(); }  // UI thread, once per frame
    void wait() { queue_.wait_idle(); }  // replays: the opening in progress has answered
    // Waits for a running opening and wipes every answer not taken.
    void discard();

private:
    WorkerQueue<InvoicesRequest, InvoicesAnswer> queue_;
};

}  // namespace guichet::ui
