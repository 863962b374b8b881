// The régie's mandate register (issue #17, docs/sepa.md §3): one SQLite file
// in the partner's folder (regie.sqlite), schema version 1. It holds the SEPA
// mandates received from the kiosks, their amendments and revocation, the
// creditor's own account, and every debit put in a pain.008 file, so that the
// sequence type of the next debit follows the EPC SDD Core rulebook:
//   one-off mandate            → OOFF, then the mandate is used up
//   recurrent, never collected → FRST
//   recurrent, collected       → RCUR; FNAL when the régie ended it (revoke --final)
//   moved to another bank      → FRST again, with the amendment "SMNDA"
//   new account, same bank     → RCUR with the amendment and the original IBAN
// Messages are English keys for staff::msg (French: regie_text_fr.cpp).
#pragma once

#include "common/result.hpp"
#include "sepa/pain008.hpp"
#include "sqlite/sqlite.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guichet::sync::regie {

inline constexpr const char* kRegisterFile = "regie.sqlite";
inline constexpr int kRegisterSchema = 1;

struct Mandate {
    std::string rum;
    std::string payment_type = "recurrent";  // "recurrent" or "ponctuel"
    std::string debtor_name;
    std::string iban;  // compact, upper case
    std::string bic;
    std::string signed_on;  // YYYY-MM-DD
    std::string ics;
    std::string creditor;
    std::string family;         // the family's name and number, as the resident gave them
    std::string tracking_code;  // of the démarche it came from ("" when typed by staff)
    std::string demarche_uuid;
    // "actif"; "dernier" (the next debit is the last: FNAL); "termine" (used up: OOFF or FNAL done);
    // "revoque" (no debit any more).
    std::string state = "actif";
    std::string first_collection, last_collection;  // YYYY-MM-DD, "" when never collected
    // Pending amendment, sent with the next debit then cleared.
    bool amended = false;
    bool new_bank = false;
    std::string original_iban;  // the account the debtor's bank last saw
    std::string original_bic;
    std::string revoked_on;
};

struct CreditorAccount {
    std::string name, ics, iban, bic;
};

// One invoice to collect: from the invoices CSV (see read_invoices).
struct Invoice {
    int line = 0;  // in the CSV, for messages
    std::string rum;
    std::int64_t amount_cents = 0;
    std::string reference;  // the invoice number: the debit's end-to-end id
    std::string label;      // remittance information
};

struct AmendOutcome {
    bool new_bank = false;    // the next debit is FRST with SMNDA
    bool recorded = false;    // false: never collected, the account was simply replaced
};

class Register {
public:
    // Opens DIR/regie.sqlite, creating it (mode 0600) when missing.
    static Result<Register> open(const std::filesystem::path& dir);

    // Adds a mandate; fails when its RUM is already there for another démarche. Returns false
    // when this démarche was already imported (nothing changed).
    Result<bool> add(const Mandate& m, std::int64_t now);
    Result<std::optional<Mandate>> find(const std::string& rum);
    Result<std::vector<Mandate>> list();

    // A new account for the mandate RUM (EPC AT-24): same RUM; the next debit carries the amendment.
    Result<AmendOutcome> amend(const std::string& rum, const std::string& iban, const std::string& bic,
                               std::int64_t now);
    // FINAL: the next debit is the last (FNAL) and ends the mandate; otherwise at once, no more debit.
    Result<void> revoke(const std::string& rum, bool final, const std::string& today, std::int64_t now);

    Result<void> set_creditor(const CreditorAccount& c);
    Result<CreditorAccount> creditor();

    // The debits for INVOICES on COLLECTION_DATE (sequence types, amendments), or the first problem.
    Result<std::vector<sepa::Debit>> plan(const std::vector<Invoice>& invoices, const std::string& collection_date);
    // Records the debits of a file written: sequence state, amendments cleared, used-up mandates.
    Result<void> record(const std::vector<sepa::Debit>& debits, const std::string& message_id,
                        const std::string& collection_date, std::int64_t now);
    // Both in one transaction: plan, WRITE (the file), record; nothing recorded when WRITE fails.
    template <class Write>
    Result<std::vector<sepa::Debit>> collect(const std::vector<Invoice>& invoices, const std::string& collection_date,
                                             const std::string& message_id, std::int64_t now, Write write);

    store::Database& database() { return db_; }

private:
    explicit Register(store::Database db) : db_(std::move(db)) {}
    Result<void> log(const std::string& rum, const std::string& what, std::int64_t now);
    store::Database db_;
};

// Reads the invoices CSV: a header line naming the columns rum, montant, facture and libelle (any
// order; ';' or ',' between fields; "…" quotes allowed), then one invoice a line; amounts in euros
// ("42,50" or "42.50"). Errors name FILE:LINE.
Result<std::vector<Invoice>> read_invoices(const std::string& text, const std::string& file_name);

// The mandate of an opened démarche folder (DIR/demarche.json, info.json), or nothing when it is not
// a SEPA mandate (no sepa_mandate member); an error when it is one but unreadable.
Result<std::optional<Mandate>> mandate_from_demarche(const std::filesystem::path& dir);

// "2026-12-07" from Unix seconds (UTC).
std::string iso_date(std::int64_t unix_seconds);
bool is_iso_date(const std::string& d);

template <class Write>
Result<std::vector<sepa::Debit>> Register::collect(const std::vector<Invoice>& invoices, const std::string& collection_date,
                                                   const std::string& message_id, std::int64_t now, Write write) {
    auto tx = store::Transaction::begin(db_);
    if (!tx) return tx.error();
    auto debits = plan(invoices, collection_date);
    if (!debits) return debits.error();
    if (auto r = write(*debits); !r) return r.error();
    if (auto r = record(*debits, message_id, collection_date, now); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return debits;
}

}  // namespace guichet::sync::regie
