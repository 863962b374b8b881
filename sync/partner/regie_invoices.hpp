// `guichet-partner regie publish-invoices` (docs/invoices.md §1): reads the
// régie's invoices (CSV or JSON), seals each family's box, signs the bundle
// with the régie's minisign key and posts it with its payment offers to the
// hub (POST /v1/partner/invoices, protocol §9).
#pragma once

#include "invoices/invoice_seal.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace guichet::sync::partner {

// CSV: `;`-separated, a header line naming famille;code;nom;email;facture;
// periode;libelle;montant;echeance;payee, one row per invoice line.
Result<std::vector<invoices::FamilyToSeal>> parse_invoices_csv(std::string_view text);
Result<std::vector<invoices::FamilyToSeal>> parse_invoices_json(std::string_view text);
Result<std::vector<invoices::FamilyToSeal>> read_invoices(const std::filesystem::path& file);

// The body of POST /v1/partner/invoices.
std::string publish_body(const invoices::SealedBundle& sealed);

// argv after "regie": publish-invoices …; the exit status.
int regie_invoices_main(int argc, char** argv);

}  // namespace guichet::sync::partner
