// The kiosk's files of the régie's invoices (docs/invoices.md §4), read by the
// agent (which writes them) and the kiosk's « Mes factures » (which reads):
//   STATE/invoices.json                 {"service", "regie_key", "pay_url"}
//   STATE/invoices/<service>.gib        the bundle, kept only once verified
//   STATE/invoices/<service>.paid.json  {"paid": [{"ref", "paid_at"}]} from the hub
//   STATE/invoice-guard.json            the wrong-code guard (code_guard.hpp)
#pragma once

#include "invoice_bundle.hpp"

#include <filesystem>
#include <optional>
#include <set>

namespace guichet::invoices {

inline constexpr std::string_view kKioskConfigFile = "invoices.json";
inline constexpr std::string_view kGuardFile = "invoice-guard.json";

struct KioskConfig {
    std::string service = "regie";
    crypto::KeyRing regie_keys;
    std::string pay_url;  // the hub's /paiement/ as phones reach it, ending in '/'

    // nullopt when the file is absent (the kiosk offers no invoices).
    static Result<std::optional<KioskConfig>> load(const std::filesystem::path& state_dir);
    static Result<KioskConfig> parse(std::string_view json);
};

std::filesystem::path bundle_file(const std::filesystem::path& state_dir, std::string_view service);
std::filesystem::path paid_file(const std::filesystem::path& state_dir, std::string_view service);
// The refs the hub says are paid; empty when the file is missing or damaged
// (the box's own "paid" still shows).
std::set<std::string> read_paid_refs(const std::filesystem::path& state_dir, std::string_view service);

// What the resident may open: the verified bundle on disk. Errors are for
// staff (a missing file is "no invoices published yet").
Result<InvoiceBundle> load_kiosk_bundle(const std::filesystem::path& state_dir, const KioskConfig& config);

}  // namespace guichet::invoices
