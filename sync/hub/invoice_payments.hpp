// The hub's side of the régie's invoices (docs/protocol.md §9): the bundles
// it relays (DATA/invoices/<service>.gib) and its payments, in the hub's
// store (tables invoice_offer and invoice_attempt, hub schema 7; on its own
// connection, so several hubs on one PostgreSQL share them).
// Offers (what may be paid, by the hash of the invoice's payment token) and
// PayFiP attempts (one per idOp). The hub holds no token and no family's
// box; it marks an offer paid only on PayFiP's own answer to
// recupererDetailPaiementSecurise, never on a notification's word.
#pragma once

#include "common/result.hpp"
#include "hub/payfip_client.hpp"
#include "sql/sql.hpp"

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct InvoiceOffer {
    std::string ref, service, refdet, objet, exer, mel;
    std::int64_t montant = 0;
    std::optional<std::int64_t> paid_at;
};

// Where a payment attempt stands. pending: created at PayFiP, no final answer yet.
enum class AttemptState { pending, paid, refused, abandoned, expired };
std::string_view to_string(AttemptState s);

struct CheckOutcome {
    enum class Kind { unknown_idop, checked, payfip_error, mismatch } kind = Kind::unknown_idop;
    AttemptState state = AttemptState::pending;
    bool invoice_paid = false;  // the offer is paid (now or before)
    std::string message;        // for the log
};

class InvoicePayments {
public:
    static Result<std::unique_ptr<InvoicePayments>> open(const std::filesystem::path& data_dir,
                                                         std::optional<payfip::Config> config,
                                                         std::function<std::int64_t()> clock);

    const std::optional<payfip::Config>& config() const { return config_; }
    std::filesystem::path bundle_path(std::string_view service) const;

    // A new bundle's offers replace the service's unpaid ones; an invoice
    // (refdet) the hub saw paid stays paid under its new token.
    Result<void> replace_offers(const std::string& service, const std::vector<InvoiceOffer>& offers);
    Result<std::optional<InvoiceOffer>> find_offer(const std::string& ref);
    // [(ref, paid_at)] of SERVICE.
    Result<std::vector<std::pair<std::string, std::int64_t>>> paid_refs(const std::string& service);

    // At scan time: creates the payment at PayFiP; the idOp, or a French message.
    struct Started {
        std::string idop;
        std::string redirect;  // payment_url?idop=…
    };
    Result<Started> start_payment(const InvoiceOffer& offer);
    // On a notification or the phone's return: asks PayFiP about IDOP and
    // records its answer. A final state is not asked again (a replay changes nothing).
    CheckOutcome check(const std::string& idop);

private:
    InvoicePayments() = default;
    std::optional<payfip::Config> config_;
    std::filesystem::path dir_;
    std::function<std::int64_t()> clock_;
    std::mutex mutex_;  // the database, one statement sequence at a time; never held over PayFiP calls
    sql::Database db_;
};

}  // namespace guichet::sync::hub
