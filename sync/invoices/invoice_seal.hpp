// The régie's side of the invoice bundle (docs/invoices.md): a payment token
// per unpaid invoice, each family's box sealed under its Argon2id key, the
// bundle signed with the régie's minisign key. Linked by guichet-partner and
// tests only: the kiosk opens, it never seals.
#pragma once

#include "crypto/signing/signing.hpp"
#include "invoice_bundle.hpp"

#include <functional>

namespace guichet::invoices {

struct FamilyToSeal {
    FamilyInvoices invoices;  // family normalised by seal_bundle
    std::string code;         // the code printed on the paper invoice
    std::string email;        // for PayFiP's `mel` (hub side only, never sealed)
};

// What the hub needs to create a PayFiP payment for one unpaid invoice,
// without seeing the family's box (docs/protocol.md §9).
struct PaymentOffer {
    std::string ref;     // payment_ref(pay token)
    std::string refdet;  // the invoice number
    std::int64_t montant = 0;  // cents
    std::string objet;   // « Facture 2027-0001 Janvier 2027 », PayFiP's alphabet
    std::string exer;    // the year of the due date
    std::string mel;
    std::string due;     // YYYY-MM-DD
};

struct SealedBundle {
    std::string file;  // signed document: signature block, then the body
    std::vector<PaymentOffer> offers;
    InvoiceBundle bundle;
};

// Fills missing pay tokens of unpaid invoices (random, base64url), then seals.
// THREADS derivations run at once (Argon2id is the cost: one per family).
Result<SealedBundle> seal_bundle(std::vector<FamilyToSeal> families, const std::string& service, std::uint64_t version,
                                 std::int64_t created, const crypto::SecretKey& key, const KdfParams& kdf = {},
                                 unsigned threads = 2);

// PayFiP's objet: ASCII letters, digits and spaces, at most 100.
std::string payfip_objet(std::string_view text);
std::string random_pay_token();

}  // namespace guichet::invoices
