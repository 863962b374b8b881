#include "ui/invoices_opener.hpp"

#include "invoices/code_guard.hpp"
#include "invoices/kiosk_invoices.hpp"

#include <sodium.h>

namespace guichet::ui {

namespace {

void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

InvoicesAnswer answer(InvoicesAnswer::Outcome outcome, std::int64_t wait_seconds = 0) {
    InvoicesAnswer a;
    a.outcome = outcome;
    a.wait_seconds = wait_seconds;
    return a;
}

InvoicesAnswer open_checked(const InvoicesRequest& request) {
    using Outcome = InvoicesAnswer::Outcome;
    auto config = request.state_dir.empty() ? Result<std::optional<invoices::KioskConfig>>(std::nullopt)
                                            : invoices::KioskConfig::load(request.state_dir);
    if (!config || !*config) return answer(Outcome::unavailable);
    if (invoices::normalize_family(request.family).empty() || invoices::normalize_code(request.code).size() < 6)
        return answer(Outcome::incomplete);
    const auto guard_path = request.state_dir / invoices::kGuardFile;
    auto guard = invoices::CodeGuard::load(guard_path);
    if (const auto wait_s = guard.wait_seconds(request.now); wait_s > 0) return answer(Outcome::slowed, wait_s);
    auto bundle = invoices::load_kiosk_bundle(request.state_dir, **config);
    if (!bundle) return answer(bundle.error().message == "no-bundle" ? Outcome::none_yet : Outcome::damaged);
    auto opened = invoices::open_family(*bundle, request.family, request.code);
    if (!opened) return answer(Outcome::damaged);
    if (opened->outcome != invoices::OpenOutcome::opened) {
        (void)guard.record_failure(request.now);
        return answer(Outcome::wrong, guard.wait_seconds(request.now));
    }
    (void)guard.record_success();
    InvoicesAnswer a = answer(Outcome::opened);
    a.family = std::move(opened->family);
    a.pay_url = (*config)->pay_url;
    a.paid_refs = invoices::read_paid_refs(request.state_dir, (*config)->service);
    return a;
}

}  // namespace

void wipe_family(invoices::FamilyInvoices& f) {
    wipe(f.family);
    wipe(f.name);
    for (auto& inv : f.invoices) {
        wipe(inv.pay_token);
        wipe(inv.number);
        for (auto& l : inv.lines) wipe(l.label);
    }
    f.invoices.clear();
}

InvoicesAnswer open_invoices(InvoicesRequest& request) {
    InvoicesAnswer a = open_checked(request);
    wipe(request.family);
    wipe(request.code);
    return a;
}

InvoicesOpener::InvoicesOpener(std::function<void()> on_ready)
    : queue_([](InvoicesRequest& r) -> std::optional<InvoicesAnswer> { return open_invoices(r); }, std::move(on_ready)) {}

bool InvoicesOpener::start(InvoicesRequest request) {
    // Only the UI thread posts, so idle now means the post below starts it.
    if (busy()) {
        wipe(request.family);
        wipe(request.code);
        return false;
    }
    queue_.post(std::move(request));
    return true;
}

void InvoicesOpener::discard() {
    queue_.wait_idle();
    for (auto& a : queue_.poll())
        if (a.family) wipe_family(*a.family);
}

}  // namespace guichet::ui
