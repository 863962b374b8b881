// The agent's invoice step (docs/invoices.md §4, protocol §9): with
// STATE/invoices.json present, GET /v1/kiosk/invoices/<service> (If-None-Match)
// and keep the bundle only when the régie's signature verifies and its
// version does not go down; then GET …/paid and write the paid refs. Both
// files are written atomically (fsync, rename).
#pragma once

#include "agent/agent.hpp"
#include "invoices/kiosk_invoices.hpp"

namespace guichet::invoices {

struct InvoiceFetch {
    enum class Outcome { unchanged, none_published, installed, refused, failed } outcome = Outcome::unchanged;
    std::uint64_t version = 0;
    std::size_t paid = 0;
    std::string message;
};

InvoiceFetch fetch_invoices(sync::HubClient& hub, const std::filesystem::path& state_dir, const KioskConfig& config);

// Registered when the kiosk has an invoices.json (read at each cycle).
sync::agent::CycleStep make_invoice_step();

}  // namespace guichet::invoices
