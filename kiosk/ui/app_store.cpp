// The dispatcher's démarche side: the store worker's results, drained once
// per frame on the UI thread, and the text field the keyboard types into.
#include "ui/app.hpp"

namespace guichet::ui {

void KioskApp::drain_store(Nav& nav) {
    if (store_ == nullptr) return;
    for (StoreEvent& e : store_->poll()) {
        switch (e.kind) {
            case StoreEvent::Tracking: tracking_.on_result(e); break;
            case StoreEvent::Submitted:
            case StoreEvent::SubmitRefused:
            case StoreEvent::SubmitFailed: {
                if (!content_) break;  // the draft handed back (if any) is wiped with the event
                std::optional<ReceiptInfo> receipt;
                wizard_.on_submit(e, *content_, receipt);
                if (receipt) {
                    if (auto code = booked_visio_code(*receipt); !code.empty()) booked_visio_ = code;
                    receipt_.show(std::move(*receipt));
                    nav = {Nav::Receipt, {}};
                }
                break;
            }
            case StoreEvent::Refreshed: break;  // read through store_->snapshot()
        }
    }
}

TextEntry* KioskApp::active_entry() {
    switch (stack_.back().kind) {
        case Nav::Wizard: return &wizard_.entry;
        case Nav::Tracking: return &tracking_.entry;
        case Nav::Invoices: return &invoices_.entry;
        case Nav::Visio: return &visio_.entry;
        default: return nullptr;
    }
}

}  // namespace guichet::ui
