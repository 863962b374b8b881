// « Mes factures » (issue #17, docs/invoices.md §4–§5): the resident types the
// family number and the code printed on the paper invoice; the Argon2id
// derivation and the opening run on a worker thread, never the UI thread; the
// screen lists the family's invoices, paid or to pay, and « Payer avec mon
// téléphone » shows a QR code of the hub's payment URL. Wrong codes go
// through the kiosk's persisted guard (invoices/code_guard.hpp). reset()
// (idle reset, « Terminer et effacer ») wipes what was typed and opened.
#pragma once

#include "invoices/invoice_bundle.hpp"
#include "ui/keyboard.hpp"
#include "ui/qr.hpp"
#include "ui/widgets.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <thread>

namespace guichet::ui {

// "42,50 €" (no-break space before the sign), "1 234,00 €" (narrow no-break
// space between thousands); "15 janvier 2027" from "2027-01-15".
std::string french_euros(std::int64_t cents);
std::string french_long_date(const std::string& ymd);

struct InvoicesScreen {
    TextEntry entry;
    std::string family, code;
    std::string message;  // the last problem, in French
    std::optional<invoices::FamilyInvoices> opened;
    std::set<std::string> paid_refs;  // from the hub, as of the last sync
    std::string pay_url;
    int qr_for = -1;  // the invoice whose QR code shows
    std::optional<QrMatrix> qr;
    bool started = false;

    // The worker: one opening at a time. Its result is handed back through
    // SHARED and taken by the UI thread in draw().
    struct Shared {
        std::atomic<bool> done{false};
        Result<invoices::OpenResult> result{fail("")};
    };
    std::shared_ptr<Shared> shared;
    std::thread worker;

    ~InvoicesScreen() { reset(); }
    void reset();
    void wait();  // replays: the opening in progress has answered
    void draw(Ui& ui, const std::filesystem::path& state_dir, std::int64_t now, Nav& nav);
};

}  // namespace guichet::ui
