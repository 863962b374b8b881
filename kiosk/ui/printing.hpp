// « Imprimer » buttons and their status line (docs/print.md): the UI side of
// print::PrintWorker. One print at a time per session; its status shows under
// the button that asked for it (« Impression en cours… », « C’est imprimé. » or
// the French error). Hidden when no printer is configured (--printer) or the
// pack has no such sheet. UI thread only; the worker renders and sends.
#pragma once

#include "print/print_worker.hpp"
#include "ui/content.hpp"
#include "ui/widgets.hpp"

#include <functional>
#include <string>

namespace guichet::ui {

class Printing {
public:
    explicit Printing(print::PrintWorker& worker) : worker_(worker) {}

    // The button LABEL printing SHEET_ID with what DATA() returns (called on a
    // tap only), then the status line when OWNER (the screen and its target)
    // asked last. Nothing when the pack has no such sheet.
    // PICTURES_OF, when given, is the page whose pictures print (decoded by the loader).
    void button(Ui& ui, const Content& c, const std::string& label, const std::string& sheet_id,
                const std::string& owner, const std::function<print::SheetData()>& data,
                const Doc* pictures_of = nullptr);
    void drain();  // the worker's results, once per frame
    void reset();  // session end: the resident's jobs cancelled and purged, status forgotten
    print::PrinterState printer_state() const { return worker_.state(); }
    bool busy() const { return state_ == Busy; }
    void wait_idle() { worker_.wait_idle(); }

private:
    print::PrintWorker& worker_;
    enum State { Idle, Busy, Done, Failed } state_ = Idle;
    std::uint64_t ticket_ = 0;
    std::string owner_;
    std::string message_;
};

// « Imprimer » under page P (its kind's sheet, its catalog fields); nothing without a printer.
void print_page_button(Ui& ui, const Content& c, const PageInfo& p);

// The values every sheet gets (commune, borne, imprime_le), for C at NOW (Unix seconds).
print::SheetData common_sheet_values(const Content& c, std::int64_t now);
// The decoded pictures of DOC's image blocks in C, as the renderer takes them
// (copied into the source: the print thread never touches the content's maps).
print::PictureSource pictures_for(const Content& c, const Doc& doc);
// The sheet id for a page of KIND ("job_offer" → "offre-emploi"…).
std::string sheet_for_page_kind(const std::string& kind);

}  // namespace guichet::ui
