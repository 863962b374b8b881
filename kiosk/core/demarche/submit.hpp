// "Envoyer": checks a draft against its form, builds the self-describing
// payload (docs/forms.md, "Sealed payload"), and stores it sealed for the
// recipient service. The draft is wiped once the démarche is durable.
#pragma once

#include "common/result.hpp"
#include "crypto/box.hpp"
#include "demarche/draft.hpp"
#include "forms/check.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace guichet::demarche {

inline constexpr int kPayloadFormat = 1;
// Format 2 = format 1 plus the `sepa_mandate` member (docs/forms.md §4): written
// only for a SEPA mandate form, so every other démarche stays format 1.
inline constexpr int kPayloadFormatSepa = 2;

struct Recipient {
    std::string id;
    std::string name;
    crypto::BoxPublicKey key;
};

// The recipients of a pack, from its pack.json.
Result<std::vector<Recipient>> recipients_from_pack_json(const nlohmann::json& pack_json);

struct SubmitContext {
    const forms::CommuneDirectory* communes = nullptr;
    forms::expr::Date today;
    std::int64_t now = 0;  // Unix seconds, recorded in the payload
    // A SEPA mandate's RUM (docs/sepa.md §2): the commune's tracking prefix and this kiosk's id.
    std::string tracking_prefix = "ANR";
    std::string kiosk_id = "kiosk";
    // 5 random bytes for the RUM; default libsodium's randombytes_buf (tests inject).
    std::function<void(std::span<std::uint8_t>)> random = nullptr;
};

struct SubmitOutcome {
    std::optional<store::Receipt> receipt;  // set when stored
    forms::CheckOutcome check;              // the problems when not
    std::string mandate_reference;          // a SEPA mandate's RUM, when stored
};

// Refuses (with the check's problems, the draft untouched) when the answers
// are not acceptable; otherwise stores the démarche, with the slots its
// `slot` fields book (Store::booked_slots), and wipes the draft.
// Fails (an Error) only when the store cannot keep it — the draft is kept then.
Result<SubmitOutcome> submit(store::Store& store, const forms::CompiledForm& form, const std::vector<Recipient>& recipients,
                             Draft& draft, const SubmitContext& context);

// The payload's JSON for FORM and a checked OUTCOME (exposed for tests and tools).
nlohmann::json build_payload(const forms::Form& form, const forms::CheckOutcome& outcome, const Draft& draft,
                             std::int64_t now);

// The payload's `sepa_mandate` member for a mandate form: RUM, creditor, payment type, signature date
// (TODAY, ISO). Fails when the RUM cannot be made (bad prefix).
Result<nlohmann::json> sepa_mandate_member(const forms::Form& form, const forms::CheckOutcome& outcome,
                                           const SubmitContext& context);

}  // namespace guichet::demarche
