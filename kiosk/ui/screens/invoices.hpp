// « Mes factures » (issue #17, docs/invoices.md §4–§5): the resident types the
// family number and the code printed on the paper invoice; the file reads, the
// signature check, the Argon2id derivation, the opening and the guard's write
// run as one job on a worker (ui/invoices_opener.hpp), never the UI thread; the
// screen lists the family's invoices, paid or to pay, and « Payer avec mon
// téléphone » shows a QR code of the hub's payment URL. Wrong codes go
// through the kiosk's persisted guard (invoices/code_guard.hpp). reset()
// (idle reset, « Terminer et effacer ») wipes what was typed and opened.
#pragma once

#include "invoices/invoice_bundle.hpp"
#include "ui/invoices_opener.hpp"
#include "ui/keyboard.hpp"
#include "ui/qr.hpp"
#include "ui/widgets.hpp"

#include <filesystem>
#include <optional>
#include <set>

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
    bool opening = false;  // a job is on the opener; its answer is taken in draw()
    InvoicesOpener opener;

    InvoicesScreen();
    ~InvoicesScreen() { reset(); }
    void reset();
    void wait();  // replays: the opening in progress has answered
    void take_answer(Ui& ui);  // the opener's answer, once
    void draw(Ui& ui, const std::filesystem::path& state_dir, std::int64_t now, Nav& nav);
};

}  // namespace guichet::ui
