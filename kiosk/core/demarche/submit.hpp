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
#include <string>
#include <vector>

namespace guichet::demarche {

inline constexpr int kPayloadFormat = 1;

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
};

struct SubmitOutcome {
    std::optional<store::Receipt> receipt;  // set when stored
    forms::CheckOutcome check;              // the problems when not
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

}  // namespace guichet::demarche
