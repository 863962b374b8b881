// ISO 20022 direct-debit initiation (pain.008.001.02 and pain.008.001.08) for
// SEPA Core direct debits (docs/sepa.md §4): one group header, one payment
// information block per sequence type (FRST, RCUR, OOFF, FNAL), control sums
// in euros with two decimals. Texts are reduced to the SEPA character set.
// Pure: the caller decides ids and dates; nothing is read or written here.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sepa {

enum class Sequence { frst, rcur, ooff, fnal };
std::string_view sequence_code(Sequence s);  // "FRST", …

enum class PainVersion { v02, v08 };

struct Creditor {
    std::string name;  // as the debtors' banks show it (≤ 70 after transliteration)
    std::string ics;   // checked with check_ics
    std::string iban;  // the régie's account, credited
    std::string bic;
};

struct Debit {
    std::string end_to_end_id;  // ≤ 35, SEPA set (the invoice number)
    std::int64_t amount_cents = 0;
    std::string rum;
    std::string signed_on;  // YYYY-MM-DD, the mandate's signature date
    std::string debtor_name;
    std::string debtor_iban;
    std::string debtor_bic;
    Sequence sequence = Sequence::rcur;
    std::string remittance;  // unstructured, ≤ 140
    // Amendment (EPC SDD Core rulebook AT-24): the mandate's account changed
    // since the last collection. Same bank: ORIGINAL_IBAN is sent; another
    // bank: "SMNDA" as the original debtor agent (and the debit is FRST).
    bool amended = false;
    std::string original_iban;
    bool new_debtor_bank = false;
};

struct Batch {
    std::string message_id;       // ≤ 35, unique per file
    std::string created_at;       // ISO date-time, "2026-12-07T20:00:00"
    std::string collection_date;  // YYYY-MM-DD
    Creditor creditor;
    std::vector<Debit> debits;
};

// The XML document, or the first problem found (English key, staff::msg).
Result<std::string> write_pain008(const Batch& batch, PainVersion version);

// UTF-8 text reduced to the SEPA character set (é → e, œ → oe, ’ → ', others
// → '.'), spaces collapsed, cut to MAX characters.
std::string to_sepa_text(std::string_view utf8, std::size_t max);

// "12.50" for 1250.
std::string format_amount(std::int64_t cents);

}  // namespace guichet::sepa
